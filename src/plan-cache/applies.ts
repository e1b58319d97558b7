import type { CxInvocation } from '../cli/split-argv.ts';
import type { Env } from '../config/home-dirs.ts';

// Whether a run may use the plan cache, decided on the launch path without loading the cache's
// code (plan-cache.ts is a bundle of its own, loaded only for a run that opted in).

/** Whether this run may use the cache: opted in, a plain launch (no cx option), POSIX. */
export function planCacheApplies(invocation: CxInvocation, env: Env): boolean {
  return env['CX_PLAN_CACHE'] === '1' && invocation.options.size === 0 && process.platform !== 'win32' && typeof process.getuid === 'function';
}
