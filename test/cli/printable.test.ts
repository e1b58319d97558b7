import { describe, expect, it } from 'vitest';
import { printableLine, printableText } from '../../src/cli/printable.ts';

// Bidi embeddings, overrides and isolates, marks, zero-width characters, the BOM, a tag character
// (astral), and the line and paragraph separators.
const INVISIBLE: readonly [string, string][] = [
  ['\u202a', '\\u202a'],
  ['\u202b', '\\u202b'],
  ['\u202c', '\\u202c'],
  ['\u202d', '\\u202d'],
  ['\u202e', '\\u202e'],
  ['\u2066', '\\u2066'],
  ['\u2067', '\\u2067'],
  ['\u2068', '\\u2068'],
  ['\u2069', '\\u2069'],
  ['\u200e', '\\u200e'],
  ['\u200f', '\\u200f'],
  ['\u061c', '\\u061c'],
  ['\u200b', '\\u200b'],
  ['\u200d', '\\u200d'],
  ['\u2060', '\\u2060'],
  ['\ufeff', '\\ufeff'],
  ['\u00ad', '\\xad'],
  ['\u{e0041}', '\\u{e0041}'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
];

describe('printable: nothing a terminal would obey or hide is printed raw', () => {
  it.each(INVISIBLE)('%j is shown as %s, in a line and in text', (raw, shown) => {
    expect(printableLine(`a${raw}b`)).toBe(`a${shown}b`);
    expect(printableText(`a${raw}b\nc`)).toBe(`a${shown}b\nc`);
  });

  it('keeps visible non-ASCII text as it is', () => {
    expect(printableLine('café 東京 Ωmega — ok ✓')).toBe('café 東京 Ωmega — ok ✓');
  });

  it('still escapes C0, DEL and C1 controls', () => {
    expect(printableLine('\u001b[31m\u009b\u007f\n')).toBe('\\x1b[31m\\x9b\\x7f\\x0a');
  });
});
