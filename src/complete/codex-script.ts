// codex's own completion script, from the real codex that a launch would run: cx's scripts build on
// it (delegating every word cx does not own to codex's generated function), so a newer codex's
// commands and flags complete without a cx release.
import { loadCxConfig } from '../config/cx-config.ts';
import type { Env } from '../config/home-dirs.ts';
import { findCodex } from '../launch/find-codex.ts';

export interface CodexScriptInput {
  env: Env;
  cwd: string;
  selfPaths: ReadonlySet<string>;
}

/** How long codex may take to print its script (it answers in ~20 ms). */
const CODEX_TIMEOUT_MS = 5000;

/** The real codex's binary, found as a launch finds it (throws cx's CxError when there is none). */
export function realCodexBin(input: CodexScriptInput): string {
  return findCodex({ env: input.env, config: loadCxConfig(input.env), cwd: input.cwd, selfPaths: input.selfPaths }).bin;
}

export type CodexScript = { ok: true; script: string } | { ok: false; why: string };

/** `codex completion SHELL` from `bin`; its stderr (warnings about CODEX_HOME) is dropped. */
export function codexCompletionScript(bin: string, shell: string, env: Env): CodexScript {
  // Loaded here, not at the top: node:child_process costs milliseconds, and `cx __complete
  // profiles` (every +<TAB>) shares this bundle.
  const { spawnSync } = process.getBuiltinModule('node:child_process');
  const result = spawnSync(bin, ['completion', shell], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: CODEX_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.error) return { ok: false, why: `${bin} completion ${shell}: ${result.error.message}` };
  if (result.status !== 0) return { ok: false, why: `${bin} completion ${shell} exited with ${result.status ?? result.signal}` };
  if (result.stdout.trim() === '') return { ok: false, why: `${bin} completion ${shell} printed nothing` };
  return { ok: true, script: result.stdout.endsWith('\n') ? result.stdout : `${result.stdout}\n` };
}
