// codex's own completion script, from the real codex that a launch would run: cx's scripts build on
// it (delegating every word cx does not own to codex's generated function), so a newer codex's
// commands and flags complete without a cx release.
import { importEsm } from '../import-esm.ts';
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

/** `codex completion SHELL` from `bin` (through execa: bounded in time and output); its stderr (warnings about CODEX_HOME) is dropped. */
export async function codexCompletionScript(bin: string, shell: string, env: Env): Promise<CodexScript> {
  // Loaded here, not at the top: execa (ESM) costs milliseconds, and `cx __complete profiles`
  // (every +<TAB>) shares this bundle.
  const { execa } = await importEsm('execa');
  const result = await execa(bin, ['completion', shell], {
    env: { ...env },
    extendEnv: false,
    stdin: 'ignore',
    timeout: CODEX_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 16 * 1024 * 1024,
    stripFinalNewline: false,
    reject: false,
  });
  const what = `${bin} completion ${shell}`;
  if (result.timedOut) return { ok: false, why: `${what} did not finish within ${CODEX_TIMEOUT_MS} ms` };
  if (result.isMaxBuffer) return { ok: false, why: `${what} printed more than 16 MiB` };
  if (result.failed && result.exitCode === undefined && result.signal === undefined) return { ok: false, why: `${what}: ${result.code ?? 'could not be run'}` };
  if (result.exitCode !== 0) return { ok: false, why: `${what} exited with ${result.exitCode ?? result.signal ?? 'an unknown status'}` };
  const stdout = String(result.stdout);
  if (stdout.trim() === '') return { ok: false, why: `${what} printed nothing` };
  return { ok: true, script: stdout.endsWith('\n') ? stdout : `${stdout}\n` };
}
