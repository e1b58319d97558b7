// A partial override of a compatibility row ([compat.rows.ID] in cx's config) changes the fields it
// names and keeps every other field of the row it overrides (src/compat/table.ts, parseRow).
import { describe, expect, it } from 'vitest';
import { type Row, TableError, parseRow, withOverrides } from '../../src/compat/table.ts';

// A base row with no field at its default, so a field that fell back to a default would show.
const FULL = {
  label: 'Base',
  providers: ['p1'],
  base_urls: ['*base*'],
  auth: 'api-key',
  available: false,
  unavailable: 'gone',
  instead: 'use x',
  features: { web_search: 'no', image_generation: 'yes', codex_cloud: 'no', service_tier: 'yes', voice: 'no', data_residency: 'yes' },
  model_pattern: 'm.*',
  model_pattern_hint: 'hint',
  model_is_deployment: true,
  model_families: ['fam'],
  model_auth: { 'gpt-*': 'chatgpt' },
  models: ['m.one'],
  regions: ['r1'],
  regions_refused: { 'gov-*': 'no' },
  residency: 'eu',
};
const BASE: Row = parseRow('b', FULL, 'rows.b', null);

// One new value per key, and the field of Row it lands in.
const CHANGES: [string, unknown, keyof Row, unknown][] = [
  ['label', 'New', 'label', 'New'],
  ['providers', ['p2'], 'providers', ['p2']],
  ['base_urls', ['*new*'], 'baseUrls', ['*new*']],
  ['auth', 'chatgpt', 'auth', 'chatgpt'],
  ['available', true, 'available', true],
  ['unavailable', 'later', 'unavailable', 'later'],
  ['instead', 'use y', 'instead', 'use y'],
  ['model_pattern', 'n.*', 'modelPattern', 'n.*'],
  ['model_pattern_hint', 'other', 'modelPatternHint', 'other'],
  ['model_is_deployment', false, 'modelIsDeployment', false],
  ['model_families', ['f2'], 'modelFamilies', ['f2']],
  ['model_auth', { 'o*': 'api-key' }, 'modelAuth', { 'o*': 'api-key' }],
  ['models', ['m.two'], 'models', ['m.two']],
  ['regions', ['r2'], 'regions', ['r2']],
  ['regions_refused', { 'x-*': 'why' }, 'regionsRefused', { 'x-*': 'why' }],
  ['residency', 'us', 'residency', 'us'],
];

describe('a partial override of a row', () => {
  it('the base row has every field away from its default (else the cases below prove less)', () => {
    expect(BASE).toMatchObject({ id: 'b', label: 'Base', auth: 'api-key', available: false, modelIsDeployment: true, residency: 'eu' });
  });

  it.each(CHANGES)('`%s` alone changes that field and keeps every other', (key, value, field, parsed) => {
    expect(parseRow('b', { [key]: value }, 'rows.b', BASE)).toEqual({ ...BASE, [field]: parsed });
  });

  it('`features` merge cell by cell', () => {
    expect(parseRow('b', { features: { voice: 'yes' } }, 'rows.b', BASE)).toEqual({ ...BASE, features: { ...BASE.features, voice: 'yes' } });
  });

  it('an empty override keeps the row as it was; through withOverrides too, in its place', () => {
    expect(parseRow('b', {}, 'rows.b', BASE)).toEqual(BASE);
    const table = { date: 'd', checkedWith: 'c', sources: [], reasoningEfforts: ['low'], rows: [BASE] };
    expect(withOverrides(table, { rows: { b: { residency: 'us' } }, reasoningEfforts: null }).rows).toEqual([{ ...BASE, residency: 'us' }]);
  });
});

describe('a new row', () => {
  it('gets the defaults: available, labelled by its id, every feature unknown', () => {
    expect(parseRow('n', { providers: ['x'] }, 'rows.n', null)).toEqual({
      id: 'n', label: 'n', providers: ['x'], baseUrls: [], auth: null, available: true, unavailable: null, instead: null,
      features: { web_search: 'unknown', image_generation: 'unknown', codex_cloud: 'unknown', service_tier: 'unknown', voice: 'unknown', data_residency: 'unknown' },
      modelPattern: null, modelPatternHint: null, modelIsDeployment: false, modelFamilies: [], modelAuth: {}, models: null, regions: null, regionsRefused: {}, residency: null,
    });
  });

  it.each([
    [{ providers: ['x'], available: 'yes' }, 'rows.n.available', '`rows.n.available` must be true or false'],
    [{ providers: ['x'], model_is_deployment: 1 }, 'rows.n.model_is_deployment', '`rows.n.model_is_deployment` must be true or false'],
    [{ providers: ['x'], label: 3 }, 'rows.n.label', '`rows.n.label` must be a string'],
    [{ providers: ['x'], auth: 'token' }, 'rows.n.auth', undefined],
    [{ providers: [1] }, 'rows.n.providers', '`rows.n.providers` must be an array of strings'],
    [{ providers: ['x'], features: { voice: 'maybe' } }, 'rows.n.features.voice', '`rows.n.features.voice` must be "yes", "no" or "unknown"'],
    [{ providers: ['x'], features: { teleport: 'yes' } }, 'rows.n.features.teleport', undefined],
    [{ providers: ['x'], features: 'yes' }, 'rows.n.features', '`rows.n.features` must be a table'],
    [{ providers: ['x'], colour: 'red' }, 'rows.n.colour', undefined],
    ['row', 'rows.n', '`rows.n` must be a table'],
  ])('%j is refused at %s', (raw, key, message) => {
    let caught: unknown;
    try {
      parseRow('n', raw, 'rows.n', null);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TableError);
    expect((caught as TableError).key).toBe(key);
    if (message !== undefined) expect((caught as TableError).message).toBe(message);
  });
});
