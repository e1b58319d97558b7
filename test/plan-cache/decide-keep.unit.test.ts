// What of a plan the opt-in plan cache may keep (src/plan-cache/decide-keep.ts): every "no" is a
// plan that must be made on every run (docs/plan-cache.md, "What is never kept").
import { describe, expect, it } from 'vitest';
import type { CheckedPlan } from '../../src/compat/preflight.ts';
import type { Credential } from '../../src/credentials/resolve-credentials.ts';
import { GUARD_VAR } from '../../src/launch/recursion-guard.ts';
import { argsTemplate, decideKeep } from '../../src/plan-cache/decide-keep.ts';

const EXCLUDE = 'shell_environment_policy.exclude=["OPENAI_API_KEY"]';

interface Parts {
  refusal?: unknown;
  bin?: string | null;
  findings?: { level: string; code: string; message: string }[];
  failover?: unknown[];
  provider?: string;
  credentials?: Pick<Credential, 'source'>[];
  args?: string[];
  name?: string | null;
  envAdded?: string[];
  envRemoved?: string[];
  env?: Record<string, string>;
  npm?: { native: boolean; envSet: Record<string, string>; envUnset: string[] } | null;
}

// decideKeep reads only these fields of a checked plan.
function plan(parts: Parts = {}): CheckedPlan {
  return {
    refusal: parts.refusal ?? null,
    bin: parts.bin === undefined ? '/opt/codex' : parts.bin,
    mode: 'spawn',
    findings: parts.findings ?? [],
    failover: parts.failover ?? [],
    settings: { provider: parts.provider ?? 'openai' },
    credentials: parts.credentials ?? [],
    args: parts.args ?? ['-p', 'work', 'exec', 'hi'],
    selection: { name: parts.name === undefined ? 'work' : parts.name },
    envAdded: parts.envAdded ?? [GUARD_VAR],
    envRemoved: parts.envRemoved ?? [],
    env: parts.env ?? {},
    codex: parts.npm === undefined || parts.npm === null ? { npm: null } : { npm: parts.npm },
  } as unknown as CheckedPlan;
}

const REST = ['exec', 'hi'];
const why = (decision: ReturnType<typeof decideKeep>): string | null => (decision.keep ? null : decision.why);

describe('argsTemplate: codex arguments as indexes into the command line, plus what cx adds', () => {
  it('the command line\'s own words become indexes (a prompt is never stored); -p NAME and the exclude list stay', () => {
    expect(argsTemplate(['-p', 'work', 'exec', 'hi'], REST, 'work')).toEqual(['-p', 'work', 0, 1]);
    expect(argsTemplate(['-c', EXCLUDE, 'exec', 'hi'], REST, null)).toEqual(['-c', EXCLUDE, 0, 1]);
    expect(argsTemplate(['exec', '-p', 'work', 'hi'], REST, 'work')).toEqual([0, '-p', 'work', 1]);
  });
  it('-p is cx\'s only for the selected name, and only once', () => {
    expect(argsTemplate(['-p', 'other', 'exec', 'hi'], REST, 'work')).toBeNull();
    expect(argsTemplate(['-p', 'work', 'exec', 'hi'], REST, null)).toBeNull();
    expect(argsTemplate(['-p', 'work', '-p', 'work', 'exec', 'hi'], REST, 'work')).toBeNull();
  });
  it('any other -c cx adds (it may carry a profile\'s values) is not replayable', () => {
    expect(argsTemplate(['-c', 'model="x"', 'exec', 'hi'], REST, null)).toBeNull();
    expect(argsTemplate(['-c'], [], null)).toBeNull();
  });
  it('a word of the command line dropped or reordered is not replayable', () => {
    expect(argsTemplate(['exec'], REST, null)).toBeNull();
    expect(argsTemplate(['hi', 'exec'], REST, null)).toBeNull();
    expect(argsTemplate([], [], null)).toEqual([]);
  });
});

describe('decideKeep: what is never kept', () => {
  it('keeps a quiet plan whose credentials codex finds itself, as a template', () => {
    const decision = decideKeep(plan({ credentials: [{ source: 'env' }, { source: 'codex-home-env' }, { source: 'chatgpt-login' }, { source: 'none' }] }), REST, null, false);
    expect(decision).toEqual({ keep: true, launch: { bin: '/opt/codex', mode: 'spawn', args: ['-p', 'work', 0, 1], set: {}, unset: [] } });
  });
  it('a plan that refuses, or found no codex', () => {
    expect(why(decideKeep(plan({ refusal: { status: 78 } }), REST, null, false))).toBe('the plan refuses');
    expect(why(decideKeep(plan({ bin: null }), REST, null, false))).toBe('the plan refuses');
  });
  it('a plan with a warning or an error (info findings are kept)', () => {
    expect(why(decideKeep(plan({ findings: [{ level: 'warning', code: 'w', message: 'w' }] }), REST, null, false))).toBe('the plan has a warning or an error');
    expect(why(decideKeep(plan({ findings: [{ level: 'error', code: 'e', message: 'e' }] }), REST, null, false))).toBe('the plan has a warning or an error');
    expect(decideKeep(plan({ findings: [{ level: 'info', code: 'i', message: 'i' }] }), REST, null, false).keep).toBe(true);
  });
  it('a plan that used failover', () => {
    expect(why(decideKeep(plan({ failover: [{ name: 'b' }] }), REST, null, false))).toBe('the plan used failover');
  });
  it('what the trace could not follow, and inputs changed too recently', () => {
    expect(why(decideKeep(plan(), REST, 'a terminal was asked', false))).toBe('a terminal was asked');
    expect(why(decideKeep(plan(), REST, null, true))).toBe('an input changed too recently to tell a later change by its times');
  });
  it('Amazon Bedrock plans, both providers', () => {
    for (const provider of ['amazon-bedrock', 'amazon-bedrock-runtime']) expect(why(decideKeep(plan({ provider }), REST, null, false))).toBe('Amazon Bedrock plans come from the AWS chain');
  });
  it('a plan to which cx delivers a credential (keyring, AWS, token command…)', () => {
    for (const source of ['keyring', 'aws-chain', 'token-command'] as const) {
      expect(why(decideKeep(plan({ credentials: [{ source: 'env' }, { source }] }), REST, null, false)), source).toBe('cx delivers a credential');
    }
  });
  it('arguments cx changed beyond -p NAME and its exclude list', () => {
    expect(why(decideKeep(plan({ args: ['-c', 'model="x"', 'exec', 'hi'] }), REST, null, false))).toBe("cx changes codex's arguments beyond -p NAME and its exclude list");
  });
  it('a variable cx sets or removes that it would not set or remove on every run (CODEX_HOME for a login of its own)', () => {
    expect(why(decideKeep(plan({ envAdded: [GUARD_VAR, 'CODEX_HOME'] }), REST, null, false))).toBe('cx sets a variable it does not set for every run');
    expect(why(decideKeep(plan({ envRemoved: ['OPENAI_API_KEY'] }), REST, null, false))).toBe('cx removes a variable it does not remove for every run');
  });
  it('the npm launcher\'s variables are kept when the plan sets exactly them', () => {
    const npm = { native: true, envSet: { CODEX_MANAGED_BY_NPM: '1' }, envUnset: ['NODE_OPTIONS'] };
    const kept = decideKeep(plan({ npm, envAdded: [GUARD_VAR, 'CODEX_MANAGED_BY_NPM'], envRemoved: ['NODE_OPTIONS'], env: { CODEX_MANAGED_BY_NPM: '1' } }), REST, null, false);
    expect(kept).toEqual({ keep: true, launch: { bin: '/opt/codex', mode: 'spawn', args: ['-p', 'work', 0, 1], set: { CODEX_MANAGED_BY_NPM: '1' }, unset: ['NODE_OPTIONS'] } });
    expect(why(decideKeep(plan({ npm, envAdded: [GUARD_VAR, 'CODEX_MANAGED_BY_NPM'], env: { CODEX_MANAGED_BY_NPM: '2' } }), REST, null, false))).toBe('CODEX_MANAGED_BY_NPM differs from what cx sets');
    // Not the native binary: the launcher's variables are not cx's to set.
    expect(why(decideKeep(plan({ npm: { ...npm, native: false }, envAdded: [GUARD_VAR, 'CODEX_MANAGED_BY_NPM'], env: { CODEX_MANAGED_BY_NPM: '1' } }), REST, null, false))).toBe('cx sets a variable it does not set for every run');
  });
});
