// Which words from a .cxrc cx may show (known-words.ts): only what the user's own files or cx's
// table already name; anything else is counted, never printed.
import { describe, expect, it } from 'vitest';
import { isKnown, knownWords, shownProfile, shownWords, wordList } from '../../src/check/known-words.ts';
import { builtinTable } from '../../src/compat/table.ts';

const table = builtinTable();
// Built inside each test (not at import), so that the mutation run sees which test reaches it.
const make = () =>
  knownWords({
    profiles: ['work'],
    tables: [{ model_provider: 'mine', model_providers: { gw: {}, '*': {} }, features: { my_flag: true } }, { model_provider: 42, model_providers: 'not a table', features: 'nor this' }],
    region: 'xx-test-9',
    table,
  });

describe('knownWords', () => {
  it('providers: codex\'s own, those the user\'s files define or select, and the table\'s (not its `*`)', () => {
    const known = make();
    for (const p of ['openai', 'amazon-bedrock-runtime', 'gcp', 'oss', 'mine', 'gw']) expect(known.providers.has(p), p).toBe(true);
    for (const row of table.rows) for (const p of row.providers.filter((x) => x !== '*')) expect(known.providers.has(p), p).toBe(true);
    expect(known.providers.has('42')).toBe(false);
    expect(knownWords({ profiles: [], tables: [], region: null, table }).providers.has('*')).toBe(false);
  });

  it('regions: the table\'s and the run\'s own; features: the table\'s and the user\'s flags', () => {
    const known = make();
    expect(known.regions).toContain('xx-test-9');
    expect(known.regions).toContain('us-east-1');
    expect(knownWords({ profiles: [], tables: [], region: null, table }).regions).not.toContain(null);
    expect(known.features.has('my_flag')).toBe(true);
    expect(known.features.has('web_search')).toBe(true);
    expect(known.features.has('nor this')).toBe(false);
  });
});

describe('what is shown', () => {
  it('a region glob is shown when it matches a known region', () => {
    const known = make();
    expect(isKnown(known, 'regions', 'us-*')).toBe(true);
    expect(isKnown(known, 'regions', 'xx-test-*')).toBe(true);
    expect(isKnown(known, 'regions', 'zz-*')).toBe(false);
    expect(isKnown(known, 'providers', 'gw')).toBe(true);
    expect(isKnown(known, 'providers', 'sk-secret')).toBe(false);
  });

  it('words in order, withheld ones counted: one entry, several entries, or all', () => {
    const known = make();
    expect(wordList(known, 'providers', ['gw', 'openai'])).toBe('gw, openai');
    expect(wordList(known, 'providers', ['gw', 'sk-1'])).toBe('gw and 1 entry naming nothing cx knows (not shown)');
    expect(wordList(known, 'providers', ['sk-1', 'sk-2'])).toBe('2 entries naming nothing cx knows (not shown)');
    expect(shownWords(known, 'features', ['my_flag', 'tok'])).toEqual(['my_flag', null]);
    expect(shownProfile(known, 'work')).toBe('work');
    expect(shownProfile(known, 'sk-1')).toBeNull();
  });
});
