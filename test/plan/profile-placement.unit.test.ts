// placeProfile's findings and refusals beyond test/plan/profile-placement.test.ts: a legacy table
// codex's -c cannot express, what the not-applicable finding names, and -p with nothing shadowed.
import { describe, expect, it } from 'vitest';
import type { ProfileDefinition } from '../../src/config/codex-config.ts';
import { EMPTY_CX_CONFIG } from '../../src/config/cx-config.ts';
import { EXIT } from '../../src/exit-status.ts';
import { readCodexArgs } from '../../src/plan/codex-args.ts';
import { placeProfile } from '../../src/plan/profile-placement.ts';
import type { ResolvedProfile } from '../../src/select/resolve-profile.ts';
import { type Selection, selectProfile } from '../../src/select/select-profile.ts';

const NO_FILES = { cxrcs: [], rules: { matched: null, looked: 0 } };
const file = (name: string): ResolvedProfile => ({ kind: 'file', definition: { name, kind: 'file', at: `/h/${name}.config.toml`, path: `/h/${name}.config.toml`, data: {} } });
const legacy = (data: ProfileDefinition['data']): ResolvedProfile => ({ kind: 'legacy', definition: { name: 'old', kind: 'legacy', at: '/h/config.toml:3', path: '/h/config.toml', data } });

function select(args: readonly string[], plus: string | null, env: Record<string, string> = {}): Selection {
  return selectProfile({ explicitProfile: readCodexArgs(args).explicitProfile, plusProfile: plus, env, config: EMPTY_CX_CONFIG, ...NO_FILES });
}

describe('placeProfile', () => {
  it('a legacy table with a key -c cannot address: refused with 78, naming the keys', () => {
    for (const [args, plus] of [[['exec', 'hi'], 'old'], [['-p', 'old', 'exec', 'hi'], null]] as const) {
      const placed = placeProfile(args, readCodexArgs(args), select(args, plus), legacy({ model: 'm', model_providers: { 'my.gw': { base_url: 'u' } } }));
      expect(placed.refusal?.status).toBe(EXIT.config);
      expect(placed.refusal?.message).toBe("legacy profile [profiles.old] at /h/config.toml:3 has keys codex's -c cannot set: model_providers.my.gw");
      expect(placed.refusal?.hint).toBe('run `cx migrate --write` to move it into a profile file');
      expect(placed.args).toEqual(['exec', 'hi']);
      expect(placed.findings).toEqual([{ level: 'error', code: 'legacy-profile-unaddressable', message: placed.refusal?.message, fix: placed.refusal?.hint }]);
    }
  });

  it('not passed to a command that refuses -p: the finding names the profile, where it came from and the command', () => {
    const plus = placeProfile(['login', 'status'], readCodexArgs(['login', 'status']), select(['login'], 'work'), file('work'));
    expect(plus.findings).toEqual([{ level: 'warning', code: 'profile-not-applicable', message: 'profile work (+work) is not passed: `codex login` does not accept -p' }]);
    const env = placeProfile(['logout'], readCodexArgs(['logout']), select(['logout'], null, { CX_PROFILE: 'work' }), file('work'));
    expect(env.findings[0]?.message).toBe('profile work (environment variable CX_PROFILE) is not passed: `codex logout` does not accept -p');
    expect(env.findings[0]?.level).toBe('info');
  });

  it('-p in the arguments with nothing it overrides: passed as given, no finding', () => {
    const args = ['-p', 'work', 'exec'];
    expect(placeProfile(args, readCodexArgs(args), select(args, null), file('work'))).toEqual({ args, findings: [], refusal: null });
  });

  it('a profile that does not exist is refused even when it came from the environment (78), listing those that do', () => {
    const placed = placeProfile(['exec'], readCodexArgs(['exec']), select(['exec'], null, { CODEX_PROFILE: 'typo' }), { kind: 'missing', name: 'typo', existing: ['a'] });
    expect(placed.refusal?.status).toBe(EXIT.config);
    expect(placed.refusal?.message).toBe("profile typo (from environment variable CODEX_PROFILE) does not exist: no typo.config.toml and no [profiles.typo] in codex's config; those that exist: a");
    expect(placed.findings.map((f) => f.code)).toEqual(['profile-missing']);
  });

  it('a missing profile: the did-you-mean is written as the place that selected it writes a name', () => {
    const missing: ResolvedProfile = { kind: 'missing', name: 'bedrok', existing: ['bedrock', 'personal'] };
    const forms: [Selection['source'], string][] = [
      ['env:CX_PROFILE', 'CX_PROFILE=bedrock'],
      ['env:CODEX_PROFILE', 'CODEX_PROFILE=bedrock'],
      ['default', 'default_profile = "bedrock"'],
      ['rule', 'profile = "bedrock" in the rule'],
      ['cxrc', 'cx +bedrock …'],
    ];
    for (const [source, form] of forms) {
      const placed = placeProfile(['exec'], readCodexArgs(['exec']), { name: 'bedrok', source, at: null, steps: [] }, missing);
      expect(placed.refusal?.hint).toBe(`did you mean bedrock? (${form}); or create bedrok`);
      expect(placed.refusal?.message).toBe(`profile bedrok (from ${source}) does not exist: no bedrok.config.toml and no [profiles.bedrok] in codex's config; those that exist: bedrock, personal`);
    }
  });

  it('a missing profile where none exists says so', () => {
    const placed = placeProfile(['exec'], readCodexArgs(['exec']), { name: 'work', source: 'default', at: '/h/cx.toml:1', steps: [] }, { kind: 'missing', name: 'work', existing: [] });
    expect(placed.refusal?.message).toBe("profile work (from /h/cx.toml:1) does not exist: no work.config.toml and no [profiles.work] in codex's config; there are none");
  });

  it('a legacy table selected by +NAME: an info finding saying its settings go as -c overrides', () => {
    const placed = placeProfile(['exec', 'hi'], readCodexArgs(['exec', 'hi']), select(['exec', 'hi'], 'old'), legacy({ model: 'm' }));
    expect(placed.findings).toContainEqual({ level: 'info', code: 'legacy-profile', message: 'profile old is a legacy [profiles.old] table (/h/config.toml:3); cx passes its settings as -c overrides (`cx migrate` moves it into old.config.toml)' });
  });

  it('a legacy table with several keys -c cannot set names them all', () => {
    const placed = placeProfile(['exec'], readCodexArgs(['exec']), select(['exec'], 'old'), legacy({ model_providers: { 'a.b': { base_url: 'u' }, 'c.d': { base_url: 'v' } } }));
    expect(placed.refusal?.message).toBe("legacy profile [profiles.old] at /h/config.toml:3 has keys codex's -c cannot set: model_providers.a.b, model_providers.c.d");
  });
});
