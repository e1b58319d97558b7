// The plan cache end to end, through the built cx: every launch runs cold (planned, kept) and warm
// (a hit), and codex must receive the same arguments (byte for byte) and the same environment
// both times, and the same as without the cache; asserted on what the child recorded (a recorder
// codex), and for the real codex through its npm launcher on what reached the loopback stand-in.
import { randomUUID } from 'node:crypto';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { grantTrust } from '../../src/config/trust-store.ts';
import { GUARD_VAR } from '../../src/launch/recursion-guard.ts';
import { STANDIN_KEY_VAR, writeCodexHome } from '../helpers/codex-home.ts';
import { launcherBinDir, newestCodex } from '../helpers/codex-range.ts';
import { type CxResult, RUNTIMES, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { type Recording, SYSTEM_PATH, recorderFake } from '../helpers/fake-codex.ts';
import { type ResponsesStandIn, bodyField, startResponsesStandIn } from '../helpers/responses-stand-in.ts';

/** Past the cache's racy window (100 ms; docs/plan-cache.md): files just written are not judged by their times. */
const SETTLE_MS = 150;
const settle = (): Promise<void> => new Promise((done) => setTimeout(done, SETTLE_MS));

/** What cx said the cache did (CX_DEBUG=1). */
function cacheLine(result: CxResult): string {
  return /^cx: plan cache: (.*)$/m.exec(result.stderr)?.[1] ?? `no plan cache line; exit ${String(result.exitCode)}; stderr:\n${result.stderr}`;
}

/** The environment as codex got it, its guard's pid (cx's own, different on every run) taken out. */
function comparable(recording: Recording): { argv: string; env: Record<string, string> } {
  const env = { ...recording.env };
  const guard = env[GUARD_VAR];
  if (guard !== undefined) env[GUARD_VAR] = guard.replace(/^\d+:/, 'PID:');
  return { argv: recording.argvBytes.toString('base64'), env };
}

interface Scenario {
  name: string;
  argv: string[];
  /** Sets the world up; returns extra environment and the working directory. */
  setUp(home: string, codexHome: string, repo: string): { env?: Record<string, string>; cwd: string };
}

const PROMPT = `a prompt with  spaces, "quotes" and ünïcode ${randomUUID()}`;

const SCENARIOS: Scenario[] = [
  { name: '+PROFILE', argv: ['+work', 'exec', PROMPT], setUp: (_h, _c, repo) => ({ cwd: repo }) },
  { name: 'CX_PROFILE', argv: ['exec', PROMPT], setUp: (_h, _c, repo) => ({ env: { CX_PROFILE: 'work' }, cwd: repo }) },
  {
    name: 'a trusted .cxrc above the working directory',
    argv: ['exec', PROMPT],
    setUp: (home, _c, repo) => {
      writeFileSync(join(repo, '.cxrc'), 'work\n');
      grantTrust({ HOME: home }, join(repo, '.cxrc'), 'work\n');
      mkdirSync(join(repo, 'sub'));
      return { cwd: join(repo, 'sub') };
    },
  },
  {
    name: 'default_profile in cx config',
    argv: ['exec', PROMPT],
    setUp: (home, _c, repo) => {
      mkdirSync(join(home, '.config', 'cx'), { recursive: true });
      writeFileSync(join(home, '.config', 'cx', 'config.toml'), 'default_profile = "work"\n');
      return { cwd: repo };
    },
  },
  { name: 'no profile', argv: ['exec', '--skip-git-repo-check', PROMPT], setUp: (_h, _c, repo) => ({ cwd: repo }) },
  {
    name: "a provider key in the environment (cx's exclude list added)",
    argv: ['+gw', 'exec', PROMPT],
    setUp: (_h, codexHome, repo) => {
      writeFileSync(join(codexHome, 'gw.config.toml'), 'model_provider = "gw"\nmodel = "m"\n[model_providers.gw]\nname = "gw"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "GW_KEY"\nwire_api = "responses"\n');
      return { env: { GW_KEY: `gw-sentinel-${randomUUID()}` }, cwd: repo };
    },
  },
  { name: 'codex --version', argv: ['--version'], setUp: (_h, _c, repo) => ({ cwd: repo }) },
];

/** A fresh world: a HOME with codex's home, a repository, a recorder codex first on PATH. */
function newWorld(): { home: string; codexHome: string; repo: string; fake: ReturnType<typeof recorderFake>; baseEnv: Record<string, string> } {
  const root = realpathSync(tempDir('cx-plan-cache-e2e-'));
  const home = join(root, 'home');
  const codexHome = join(home, '.codex');
  const repo = join(root, 'repo');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(repo);
  const fake = recorderFake(join(root, 'bin', 'codex'));
  const baseEnv = { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_STATE_HOME: join(home, '.local', 'state'), PATH: `${join(root, 'bin')}${delimiter}${SYSTEM_PATH}` };
  return { home, codexHome, repo, fake, baseEnv };
}

describe.each(RUNTIMES)('cold and warm launches give codex the same, $name', (runtime) => {
  it.each(SCENARIOS)('$name', async (scenario) => {
    const { home, codexHome, repo, fake, baseEnv } = newWorld();
    writeFileSync(join(codexHome, 'config.toml'), 'model = "base"\n');
    writeFileSync(join(codexHome, 'work.config.toml'), 'model = "w"\n');
    const world = scenario.setUp(home, codexHome, repo);
    const env = { ...cleanEnv(baseEnv), ...world.env };
    const run = async (extra: Record<string, string>): Promise<{ result: CxResult; got: ReturnType<typeof comparable> }> => {
      fake.reset();
      const result = await runCx(scenario.argv, { env: { ...env, ...extra }, cwd: world.cwd, node: runtime.node });
      expect(result.exitCode, result.stderr).toBe(0);
      return { result, got: comparable(fake.read()) };
    };
    await settle();
    const without = await run({});
    const cold = await run({ CX_PLAN_CACHE: '1', CX_DEBUG: '1' });
    const warm = await run({ CX_PLAN_CACHE: '1', CX_DEBUG: '1' });
    expect(cacheLine(cold.result)).toBe('miss, kept');
    expect(cacheLine(warm.result)).toBe('hit');
    expect(warm.got).toEqual(cold.got);
    // And both as without the cache (which sets neither variable).
    const { CX_PLAN_CACHE: _cache, CX_DEBUG: _debug, ...warmEnv } = warm.got.env;
    expect({ argv: warm.got.argv, env: warmEnv }).toEqual(without.got);
  });

  it('a change in the world between warm runs is a miss, and codex gets the new plan', async () => {
    const { home, codexHome, repo, fake, baseEnv } = newWorld();
    writeFileSync(join(codexHome, 'work.config.toml'), 'model = "w"\n');
    writeFileSync(join(codexHome, 'play.config.toml'), 'model = "p"\n');
    writeFileSync(join(repo, '.cxrc'), 'work\n');
    grantTrust({ HOME: home }, join(repo, '.cxrc'), 'work\n');
    const env = cleanEnv({ ...baseEnv, CX_PLAN_CACHE: '1', CX_DEBUG: '1' });
    const run = async (): Promise<{ line: string; argv: string[] }> => {
      fake.reset();
      const result = await runCx(['exec', 'hi'], { env, cwd: repo, node: runtime.node });
      return { line: cacheLine(result), argv: fake.read().argv };
    };
    await settle();
    expect(await run()).toEqual({ line: 'miss, kept', argv: ['-p', 'work', 'exec', 'hi'] });
    expect(await run()).toEqual({ line: 'hit', argv: ['-p', 'work', 'exec', 'hi'] });
    writeFileSync(join(repo, '.cxrc'), 'play\n');
    grantTrust({ HOME: home }, join(repo, '.cxrc'), 'play\n');
    // A miss; kept or not depending on whether cx started within the racy window of the edit.
    const changed = await run();
    expect(changed.argv).toEqual(['-p', 'play', 'exec', 'hi']);
    expect(changed.line).toMatch(/^miss, (kept|not kept: an input changed too recently)/);
    await settle();
    const next = await run();
    expect(next.argv).toEqual(['-p', 'play', 'exec', 'hi']);
    expect(next.line).toBe(changed.line === 'miss, kept' ? 'hit' : 'miss, kept');
    expect(await run()).toEqual({ line: 'hit', argv: ['-p', 'play', 'exec', 'hi'] });
  });
});

const standIns: ResponsesStandIn[] = [];
afterEach(async () => {
  await Promise.all(standIns.splice(0).map((standIn) => standIn.close()));
});

describe.each(RUNTIMES)('the real codex through its npm launcher, cold and warm, $name', (runtime) => {
  it('both turns reach the stand-in with the profile\'s model and the key; the warm one is a hit', { timeout: 40_000 }, async () => {
    const standIn = await startResponsesStandIn({});
    standIns.push(standIn);
    const key = `cx-test-key-${randomUUID()}`;
    const codexHome = writeCodexHome({ standInUrl: standIn.url, model: 'model-from-base', profiles: { work: 'model = "model-from-work"\n' } });
    const env = cleanEnv({ PATH: `${launcherBinDir(newestCodex())}${delimiter}${process.env['PATH'] ?? '/usr/bin:/bin'}`, CODEX_HOME: codexHome, [STANDIN_KEY_VAR]: key, CX_PLAN_CACHE: '1', CX_DEBUG: '1' });
    const cwd = tempDir('cx-work-');
    const args = ['+work', 'exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];
    await settle();
    const lines: string[] = [];
    for (let run = 0; run < 3; run += 1) {
      const result = await runCx(args, { env, cwd, node: runtime.node, timeoutMs: 10_000 });
      expect(result.exitCode, result.stderr).toBe(0);
      lines.push(cacheLine(result));
      await settle();
    }
    const turns = standIn.turns();
    expect(turns).toHaveLength(3);
    for (const turn of turns) {
      expect(bodyField(turn, 'model')).toBe('model-from-work');
      expect(turn.headers['authorization']).toBe(`Bearer ${key}`);
    }
    // codex makes and removes files in CODEX_HOME on every run; only its profile files count.
    expect(lines).toEqual(['miss, kept', 'hit', 'hit']);
  });
});
