import { dirname, join } from 'node:path';
import type { LaunchPlan } from '../cli/launch.ts';
import type { CxInvocation } from '../cli/split-argv.ts';
import type { CheckedPlan } from '../compat/preflight.ts';
import type { Env } from '../config/home-dirs.ts';
import type { RunInputs } from '../launch/pipeline.ts';
import { GUARD_VAR, formatGuard, judgeGuard, nextGuard } from '../launch/recursion-guard.ts';
import { childEnv } from '../plan/child-env.ts';
import { CX_VERSION } from '../version.ts';
import { planCacheApplies } from './applies.ts';
import { decideKeep } from './decide-keep.ts';
import { type CachedLaunch, type PlanCacheEntry, parseEntry, serializeEntry } from './entry.ts';
import { type Hasher, type KeyMaterial, hasher } from './entry-key.ts';
import { fingerprint, latestTimeNs, stillMatches } from './fingerprint.ts';
import { MAX_ENTRY_BYTES, cacheKey, ensureDir, planCacheDir, readPrivateFile, usableDir, writePrivateFile } from './store.ts';
import { traceInputs } from './trace.ts';

// The plan cache (CX_PLAN_CACHE=1): a hit launches what a plan kept earlier, after checking that
// nothing it was made from has changed; a miss plans as always, traced, and keeps the plan when it
// may. docs/plan-cache.md says what is checked and what is never kept.

declare const __CX_BUNDLED__: boolean | undefined;

/** A file changed this recently may change again within its timestamp tick unseen (git's "racy clean"). */
export const RACY_WINDOW_NS = 100_000_000n;

export interface PlanCacheRun {
  dir: string;
  material: KeyMaterial;
  env: Env;
  /** codex's arguments as given on the command line. */
  rest: readonly string[];
  pid: number;
  ppid: number;
  racyWindowNs: bigint;
  /** Wall-clock time in ns (taken before any input is looked at). */
  nowNs: () => bigint;
}

/** The launch a kept plan makes in this process: the command line's arguments, the environment as it is now. */
function launchOf(kept: CachedLaunch, run: PlanCacheRun): LaunchPlan | null {
  const set = { ...kept.set, [GUARD_VAR]: formatGuard(nextGuard(run.env, run.pid, kept.mode)) };
  const args = kept.args.map((arg) => (typeof arg === 'string' ? arg : run.rest[arg]));
  // The name matched, so the command line is the one planned; an index beyond it is a broken entry.
  if (!args.every((arg): arg is string => arg !== undefined)) return null;
  return { bin: kept.bin, mode: kept.mode, args, env: childEnv(run.env, set, kept.unset).env, findings: [], refusal: null };
}

function unchanged(entry: PlanCacheEntry, env: Env, hash: Hasher): boolean {
  const now = entry.env.map(([name]) => [name, env[name]] as const);
  if (!now.every(([, value], i) => (value !== undefined) === entry.env[i]?.[1]) || hash.env(now) !== entry.envDigest) return false;
  return entry.files.every(([path, print]) => stillMatches(path, print));
}

/** The kept plan for this run when everything it was made from is unchanged; null on any doubt. */
export function lookupPlan(run: PlanCacheRun): LaunchPlan | null {
  if (!usableDir(run.dir)) return null;
  const key = cacheKey(run.dir, false);
  if (key === null) return null;
  const hash = hasher(key);
  const name = hash.name(run.material);
  const bytes = readPrivateFile(join(run.dir, name), MAX_ENTRY_BYTES);
  const entry = bytes === null ? null : parseEntry(bytes.toString('utf8'), name, hash.mac);
  if (entry === null || !unchanged(entry, run.env, hash)) return null;
  // The guard holds pids: judged now, as the planner would; a loop is refused by the planner.
  if (judgeGuard(run.env, run.pid, run.ppid) !== 'ok') return null;
  return launchOf(entry.launch, run);
}

/** Plans (traced) and keeps the plan when it may; returns the plan and why it was not kept (null: kept). */
export async function planAndKeep(run: PlanCacheRun, plan: (env: Env) => Promise<CheckedPlan>): Promise<{ plan: CheckedPlan; notKept: string | null }> {
  const started = run.nowNs();
  const { value, trace } = await traceInputs(run.env, plan);
  // cx's own code is an input too: this bundle (dist/plan-cache/) and the launch bundle beside it.
  if (typeof __CX_BUNDLED__ === 'boolean' && __CX_BUNDLED__) {
    for (const file of [__filename, join(dirname(__dirname), 'cx.cjs')]) if (!trace.files.has(file)) trace.files.set(file, fingerprint(file));
  }
  const racy = [...trace.files.values()].some((print) => latestTimeNs(print) >= started - run.racyWindowNs);
  const decision = decideKeep(value, run.rest, trace.untraceable, racy);
  if (!decision.keep) return { plan: value, notKept: decision.why };
  if (!ensureDir(run.dir)) return { plan: value, notKept: 'the cache directory is not private' };
  const key = cacheKey(run.dir, true);
  if (key === null) return { plan: value, notKept: 'no key' };
  const hash = hasher(key);
  const name = hash.name(run.material);
  const entry: PlanCacheEntry = {
    key: name,
    env: [...trace.env].map(([variable, val]) => [variable, val !== undefined]),
    envDigest: hash.env([...trace.env]),
    files: [...trace.files],
    launch: decision.launch,
  };
  const text = serializeEntry(entry, hash.mac);
  if (Buffer.byteLength(text) > MAX_ENTRY_BYTES) return { plan: value, notKept: 'the entry would be too big' };
  return { plan: value, notKept: writePrivateFile(join(run.dir, name), text) ? null : 'the entry could not be written' };
}

/**
 * The launch pipeline's one call into the cache: the kept plan on a hit, else `plan`'s (traced
 * and kept when it may). Without CX_PLAN_CACHE=1 just `plan`.
 */
export async function withPlanCache(invocation: CxInvocation, inputs: RunInputs, plan: (inputs: RunInputs) => Promise<CheckedPlan>): Promise<LaunchPlan> {
  if (!planCacheApplies(invocation, inputs.env)) return plan(inputs);
  const run: PlanCacheRun = {
    dir: planCacheDir(inputs.env),
    material: { argv: inputs.argv, cwd: inputs.cwd, selfPaths: inputs.selfPaths, version: CX_VERSION },
    env: inputs.env,
    rest: invocation.rest,
    pid: process.pid,
    ppid: process.ppid,
    racyWindowNs: RACY_WINDOW_NS,
    nowNs: () => BigInt(Date.now()) * 1_000_000n,
  };
  const hit = lookupPlan(run);
  // CX_DEBUG=1 says what the cache did (names and reasons only; the tests prove hits with it).
  const debug = (line: string): void => {
    if (inputs.env['CX_DEBUG']) process.stderr.write(`cx: plan cache: ${line}\n`);
  };
  if (hit !== null) {
    debug('hit');
    return hit;
  }
  const { plan: made, notKept } = await planAndKeep(run, (env) => plan({ ...inputs, env }));
  debug(notKept === null ? 'miss, kept' : `miss, not kept: ${notKept}`);
  return made;
}
