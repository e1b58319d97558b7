// Fitting explain's and doctor's lines to a width (src/cli/wrap-text.ts).
import { describe, expect, it } from 'vitest';
import { wrapText } from '../../src/cli/wrap-text.ts';

describe('wrapText', () => {
  it('a line that fits: as is', () => {
    expect(wrapText('label     ', 'short text', 40, 10)).toEqual(['label     short text']);
  });

  it('words move to the next line, indented under the text; no line is wider than the width', () => {
    const lines = wrapText('findings  ', 'error: one two three four five six seven eight nine ten', 30, 10);
    expect(lines).toEqual(['findings  error: one two three', '          four five six seven', '          eight nine ten']);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
  });

  it('a word longer than a line (a path) is cut at the width', () => {
    const path = `/${'a'.repeat(45)}`;
    const lines = wrapText('command   ', `${path} -p x`, 30, 10);
    expect(lines).toEqual([`command   ${path.slice(0, 20)}`, `          ${path.slice(20, 40)}`, `          ${path.slice(40)} -p x`]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
  });

  it('no trailing spaces, and an empty text leaves the label', () => {
    expect(wrapText('label     ', '', 30, 10)).toEqual(['label']);
    expect(wrapText('', 'a b', 30, 2)).toEqual(['a b']);
  });
});
