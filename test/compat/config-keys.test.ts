// Keys codex reads, the did-you-mean for those it would ignore, and the safety values
// (src/compat/config-keys.ts). Whether the list matches the real codex is the probe
// `config-keys-known-to-codex` in test/codex-facts/.
import { describe, expect, it } from 'vitest';
import { isKnownKey, isSafetyKey, safetyValueFindings, suggestKey, unknownKeyFindings } from '../../src/compat/config-keys.ts';

const source = (table: Record<string, unknown>) => ({ table, at: (key: string) => `/h/p.config.toml:${Object.keys(table).indexOf(key) + 1}` });

describe('suggestKey', () => {
  it.each([
    ['sandbox', 'sandbox_mode'],
    ['sandbox-mode', 'sandbox_mode'],
    ['sandbox_modee', 'sandbox_mode'],
    ['ask_for_approval', 'approval_policy'],
    ['approval_polcy', 'approval_policy'],
    ['modle', 'model'],
    ['Model_Provider', 'model_provider'],
    ['web-search', 'web_search'],
  ])('%s → %s', (typed, meant) => {
    expect(suggestKey(typed)).toBe(meant);
  });

  it('offers nothing for a word close to no setting', () => {
    expect(suggestKey('colour_scheme_of_the_day')).toBeNull();
    expect(suggestKey('zz')).toBeNull();
  });
});

describe('unknownKeyFindings', () => {
  it('warns for each key codex ignores, naming file and line and the key it was meant to be', () => {
    const findings = unknownKeyFindings([source({ model: 'm', sandbox: 'strict', colour: 'x' })], false);
    expect(findings.map((f) => `${f.level} ${f.code}`)).toEqual(['warning config-key-unknown', 'warning config-key-unknown']);
    expect(findings[0]?.message).toBe('/h/p.config.toml:2: `sandbox` is not a codex setting; codex ignores it, so it does not restrict this run (did you mean `sandbox_mode`?)');
    expect(findings[0]?.fix).toBe('write `sandbox_mode` instead (one of read-only, workspace-write, danger-full-access)');
    expect(findings[1]?.message).not.toContain('did you mean');
  });

  it('under strict mode a safety key (sandbox…, approval…) is an error; another stays a warning', () => {
    const findings = unknownKeyFindings([source({ sandbox: 'strict', ask_for_approval: 'never', colour: 'x' })], true);
    expect(findings.map((f) => f.level)).toEqual(['error', 'error', 'warning']);
  });

  it('knows what codex knows, and what governs safety', () => {
    expect(isKnownKey('sandbox_mode') && isKnownKey('approval_policy') && isKnownKey('model_providers')).toBe(true);
    expect(isKnownKey('sandbox')).toBe(false);
    expect(isSafetyKey('sandbox') && isSafetyKey('ask_for_approval') && !isSafetyKey('model')).toBe(true);
  });
});

describe('safetyValueFindings', () => {
  it('refuses a value codex does not know (codex exits 1), naming the allowed ones', () => {
    const findings = safetyValueFindings([source({ sandbox_mode: 'strict', approval_policy: 'on-request' })]);
    expect(findings).toEqual([
      { level: 'error', code: 'config-value-invalid', message: '/h/p.config.toml:1: sandbox_mode = "strict" is not one of read-only, workspace-write, danger-full-access; codex refuses to start', fix: 'set sandbox_mode to one of read-only, workspace-write, danger-full-access' },
    ]);
    expect(safetyValueFindings([source({ sandbox_mode: 1 })])[0]?.message).toContain('a value of the wrong type');
  });
});
