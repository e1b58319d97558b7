// A small world for the plan cache's in-process tests: a home with codex's config and two
// profiles, a repository with a subdirectory, a fake codex on PATH, and the real planner
// (launch/pipeline.ts planLaunch) run with or through the cache.
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchPlan } from '../../src/cli/launch.ts';
import { splitArgv } from '../../src/cli/split-argv.ts';
import type { Env } from '../../src/config/home-dirs.ts';
import { type RunInputs, planLaunch } from '../../src/launch/pipeline.ts';
import { type PlanCacheRun, lookupPlan, planAndKeep } from '../../src/plan-cache/plan-cache.ts';
import { planCacheDir } from '../../src/plan-cache/store.ts';
import { tempDir } from '../helpers/cx-process.ts';
import { writeScript } from '../helpers/fake-codex.ts';

/** Small enough to keep the tests fast, well above a coarse timestamp tick (docs/plan-cache.md). */
export const TEST_RACY_WINDOW_MS = 20;

export interface World {
  root: string;
  home: string;
  codexHome: string;
  repo: string;
  sub: string;
  bins: string[];
  env: Record<string, string>;
}

export const PROFILE_TEXT = (model: string): string => `model = "${model}"\n`;

export function makeWorld(): World {
  const root = realpathSync(tempDir('cx-plan-cache-'));
  const home = join(root, 'home');
  const codexHome = join(home, '.codex');
  const repo = join(root, 'repo');
  const sub = join(repo, 'sub');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(codexHome, 'config.toml'), 'model = "base"\n');
  writeFileSync(join(codexHome, 'work.config.toml'), PROFILE_TEXT('w'));
  writeFileSync(join(codexHome, 'play.config.toml'), PROFILE_TEXT('p'));
  const bins = [join(root, 'bin1'), join(root, 'bin2')];
  for (const dir of bins) writeScript(join(dir, 'codex'), 'exit 0\n');
  return { root, home, codexHome, repo, sub, bins, env: { HOME: home, PATH: `${bins[0]}:/usr/bin:/bin`, LANG: 'C.UTF-8' } };
}

export function inputsFor(world: World, argv: readonly string[], cwd: string, env: Env = world.env): RunInputs {
  return { argv, env, cwd, selfPaths: new Set() };
}

export function cacheRun(inputs: RunInputs, racyWindowNs = BigInt(TEST_RACY_WINDOW_MS) * 1_000_000n): PlanCacheRun {
  return {
    dir: planCacheDir(inputs.env),
    material: { argv: inputs.argv, cwd: inputs.cwd, selfPaths: inputs.selfPaths, version: 'test' },
    env: inputs.env,
    rest: splitArgv(inputs.argv).rest,
    pid: process.pid,
    ppid: process.ppid,
    racyWindowNs,
    nowNs: () => BigInt(Date.now()) * 1_000_000n,
  };
}

/** What a launch is, for comparing: what codex gets, and whether cx would show or refuse anything. */
export interface Launched {
  bin: string | null;
  mode: string;
  args: string[];
  env: Record<string, string>;
  quiet: boolean;
}

export function launched(plan: LaunchPlan): Launched {
  return { bin: plan.bin, mode: plan.mode, args: plan.args, env: plan.env, quiet: plan.refusal === null && plan.findings.every((f) => f.level === 'info') };
}

/** The planner with no cache: what a run without CX_PLAN_CACHE launches; an error as its message. */
export async function freshLaunch(inputs: RunInputs): Promise<Launched | string> {
  try {
    return launched(await planLaunch(splitArgv(inputs.argv), inputs));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Plans through the cache's miss path (traced, kept when it may). */
export async function planThroughCache(inputs: RunInputs, run: PlanCacheRun = cacheRun(inputs)): Promise<{ launched: Launched; notKept: string | null }> {
  const { plan, notKept } = await planAndKeep(run, (env) => planLaunch(splitArgv(inputs.argv), { ...inputs, env }));
  return { launched: launched(plan), notKept };
}

export function hitFor(inputs: RunInputs, run: PlanCacheRun = cacheRun(inputs)): Launched | null {
  const hit = lookupPlan(run);
  return hit === null ? null : launched(hit);
}

/** Waits until every file written so far is older than the racy window. */
export async function settle(): Promise<void> {
  await new Promise((done) => setTimeout(done, TEST_RACY_WINDOW_MS + 2));
}
