// The did-you-mean for a key codex ignores (config-keys.ts suggestKey), at the edges of its
// distance: how close a word must be for its length (1 up to 4 letters, 2 up to 10, 3 beyond), a
// swap of two letters counting as one edit, the closest key winning, and a known key that starts
// with the whole word as the last resort (only when it is the only one).
import { describe, expect, it } from 'vitest';
import { type KeySource, SAFETY_VALUES, safetyValueFindings, suggestKey, unknownKeyFindings } from '../../src/compat/config-keys.ts';
import type { TomlTable } from '../../src/config/toml-file.ts';
import keys from '../../src/compat/codex-config-keys.json' with { type: 'json' };

describe('suggestKey', () => {
  it.each([
    ['tuis', 'tui'],
    ['tul', 'tui'],
    ['appz', 'apps'],
    ['hook', 'hooks'],
    ['otle', 'otel'],
    ['mdoel', 'model'],
    ['hoosk', 'hooks'],
    ['moodel', 'model'],
    ['notie', 'notice'],
    ['notif', 'notify'],
    ['auto_revew', 'auto_review'],
    ['auto_reviewxx', 'auto_review'],
    ['developer_instrutcions', 'developer_instructions'],
    ['TUI', 'tui'],
    ['model-provider', 'model_provider'],
  ])('%s → %s', (typed, meant) => {
    expect(suggestKey(typed)).toBe(meant);
  });

  it.each([
    ['check_for', 'check_for_update_on_startup'],
    ['background_terminal', 'background_terminal_max_timeout'],
    ['apps_mcp', 'apps_mcp_product_sku'],
    ['chatgpt_base', 'chatgpt_base_url'],
  ])('%s: the one known key that starts with it, %s', (typed, meant) => {
    expect(suggestKey(typed)).toBe(meant);
  });

  it.each(['tx', 'a', 'mod', 'noticexyz', 'developer_instrxxxxions', 'experimental'])('%s: too far from every key, or the start of several: nothing', (typed) => {
    expect(suggestKey(typed)).toBeNull();
  });
});

describe('suggestKey: dashes', () => {
  it('every dash is read as an underscore (a long key with many of them is still known)', () => {
    expect(suggestKey('check-for-update-on-startup')).toBe('check_for_update_on_startup');
  });
});

const at = (key: string): string => `/h/config.toml:${key}`;
const source = (table: TomlTable): KeySource => ({ table, at });

describe('unknownKeyFindings', () => {
  it('a key that is not a codex setting and has no near name: a warning with the fix to remove it, no did-you-mean', () => {
    expect(unknownKeyFindings([source({ zzqqxx: 1 })], true)).toEqual([
      { level: 'warning', code: 'config-key-unknown', message: '/h/config.toml:zzqqxx: `zzqqxx` is not a codex setting; codex ignores it', fix: "remove it, or correct its name (codex's settings are listed in its config reference)" },
    ]);
  });
  it('a misspelt ordinary key: a warning even under strict mode, with the did-you-mean', () => {
    expect(unknownKeyFindings([source({ modle: 'x' })], true)).toEqual([
      { level: 'warning', code: 'config-key-unknown', message: '/h/config.toml:modle: `modle` is not a codex setting; codex ignores it (did you mean `model`?)', fix: 'write `model` instead' },
    ]);
  });
  it('a misspelling of a safety setting that does not itself look like one: an error under strict mode, a warning otherwise', () => {
    const [strict] = unknownKeyFindings([source({ sandbx_mode: 'read-only' })], true);
    expect(strict).toMatchObject({ level: 'error', message: '/h/config.toml:sandbx_mode: `sandbx_mode` is not a codex setting; codex ignores it, so it does not restrict this run (did you mean `sandbox_mode`?)' });
    expect(strict?.fix).toBe(`write \`sandbox_mode\` instead (one of ${(SAFETY_VALUES['sandbox_mode'] ?? []).join(', ')})`);
    expect(unknownKeyFindings([source({ sandbx_mode: 'read-only' })], false)[0]?.level).toBe('warning');
  });
  it('a key that looks like a safety setting but resembles none: still an error under strict mode', () => {
    const [finding] = unknownKeyFindings([source({ sandbox_rules_for_everything_here: true })], true);
    expect(finding).toMatchObject({ level: 'error', message: expect.stringContaining('so it does not restrict this run') });
  });
  it('known keys say nothing', () => {
    expect(unknownKeyFindings([source({ model: 'm', sandbox_mode: 'read-only' })], true)).toEqual([]);
  });
});

describe('safetyValueFindings', () => {
  const policies = SAFETY_VALUES['approval_policy'] ?? [];
  const modes = SAFETY_VALUES['sandbox_mode'] ?? [];
  it('values codex accepts, and approval_policy\'s table form, say nothing', () => {
    expect(safetyValueFindings([source({ approval_policy: policies[0] ?? '', sandbox_mode: modes[0] ?? '' })])).toEqual([]);
    expect(safetyValueFindings([source({ approval_policy: { granular: { sandbox_approval: true } } })])).toEqual([]);
  });
  it('an unknown string: refused, naming the value and the ones accepted', () => {
    expect(safetyValueFindings([source({ approval_policy: 'sometimes' })])).toEqual([
      { level: 'error', code: 'config-value-invalid', message: `/h/config.toml:approval_policy: approval_policy = "sometimes" is not one of ${policies.join(', ')}; codex refuses to start`, fix: `set approval_policy to one of ${policies.join(', ')}` },
    ]);
  });
  it('a table for sandbox_mode, or a list for approval_policy: a value of the wrong type', () => {
    expect(safetyValueFindings([source({ sandbox_mode: { mode: 'read-only' } })])[0]?.message).toBe(`/h/config.toml:sandbox_mode: sandbox_mode = a value of the wrong type is not one of ${modes.join(', ')}; codex refuses to start`);
    expect(safetyValueFindings([source({ approval_policy: ['never'] })])[0]?.code).toBe('config-value-invalid');
  });
});

describe('suggestKey: a tie', () => {
  it('a word as close to two keys (hools: hooks, tools) gets the one listed first', () => {
    const first = keys.top_level.find((key) => key === 'hooks' || key === 'tools');
    expect(first).toBeDefined();
    expect(suggestKey('hools')).toBe(first);
  });
});
