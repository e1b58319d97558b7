import type { Env } from '../config/home-dirs.ts';

// cx marks the environment of the codex it launches. If that "codex" turns out to lead back to cx
// (a shim or wrapper cx could not see through), the next cx finds its parent's mark and refuses.
export const GUARD_VAR = 'CX_LAUNCH_GUARD';

/** Backstop for wrappers that hide the parent link: no real nesting of cx goes this deep. */
export const MAX_LAUNCH_DEPTH = 8;

export type LaunchMode = 'exec' | 'spawn';

export interface LaunchGuard {
  /** The pid of the cx that launched; with exec that is also codex's pid. */
  pid: number;
  mode: LaunchMode;
  depth: number;
}

export function formatGuard(guard: LaunchGuard): string {
  return `${guard.pid}:${guard.mode}:${guard.depth}`;
}

export function parseGuard(value: string | undefined): LaunchGuard | null {
  const match = /^(\d+):(exec|spawn):(\d+)$/.exec(value ?? '');
  if (!match) return null;
  return { pid: Number(match[1]), mode: match[2] as LaunchMode, depth: Number(match[3]) };
}

export type GuardVerdict = 'ok' | 'loop' | 'too-deep';

/**
 * Did a cx launch this cx directly in place of codex? With exec, codex keeps cx's pid, so a loop
 * shows as our own pid; with spawn, the launching cx is our parent. A cx started by codex's own
 * tools is a grandchild or further, which is legitimate nesting.
 */
export function judgeGuard(env: Env, pid: number, ppid: number): GuardVerdict {
  const guard = parseGuard(env[GUARD_VAR]);
  if (guard === null) return 'ok';
  if (guard.mode === 'exec' ? guard.pid === pid : guard.pid === ppid) return 'loop';
  return guard.depth >= MAX_LAUNCH_DEPTH ? 'too-deep' : 'ok';
}

export function nextGuard(env: Env, pid: number, mode: LaunchMode): LaunchGuard {
  const depth = (parseGuard(env[GUARD_VAR])?.depth ?? 0) + 1;
  return { pid, mode, depth };
}
