// The supported codex range: one place (package.json "cx"."codexRange"), agreeing with the pinned
// devDependency, and how cx orders versions against it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODEX_RANGE, compareVersions, placeInRange, rangeText } from '../src/codex-range.ts';
import { codexRange, supportedRange } from './helpers/codex-range.ts';
import { ROOT } from './helpers/cx-process.ts';

const RANGE = { oldest: '1.4.0', newest: '1.6.2' };

describe('the supported codex range', () => {
  it('is package.json\'s, its newest is the pinned devDependency, and both ends are installed for the tests', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(CODEX_RANGE).toEqual(supportedRange());
    expect(manifest.devDependencies['@openai/codex']).toBe(CODEX_RANGE.newest);
    expect(compareVersions(CODEX_RANGE.oldest, CODEX_RANGE.newest)).toBeLessThanOrEqual(0);
    expect(codexRange().map((c) => [c.end, c.version])).toEqual([['oldest', CODEX_RANGE.oldest], ['newest', CODEX_RANGE.newest]]);
  });

  it.each([
    ['1.3.9', 'older'],
    ['0.99.0', 'older'],
    ['1.4.0-alpha.1', 'older'],
    ['1.4.0', 'within'],
    ['1.5.10', 'within'],
    ['1.6.2', 'within'],
    ['1.6.3-alpha.1', 'newer'],
    ['1.6.10', 'newer'],
    ['2.0.0', 'newer'],
    ['1.5', 'unknown'],
    ['latest', 'unknown'],
  ] as const)('%s is %s', (version, place) => {
    expect(placeInRange(version, RANGE)).toBe(place);
  });

  it('reads as "oldest to newest"', () => {
    expect(rangeText(RANGE)).toBe('1.4.0 to 1.6.2');
    expect(rangeText({ oldest: '1.0.0', newest: '1.0.0' })).toBe('1.0.0');
  });
});

describe('the range as documented', () => {
  it.each(['README.md', 'man/cx.1'])('%s states the range package.json holds', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text).toContain(`codex ${CODEX_RANGE.oldest} to ${CODEX_RANGE.newest}`);
  });
});
