// Runs a provider's token command once, bounded (doctor/run-bounded.ts: its own process group, no
// terminal and no stdin, so it can never wait for a person; a time limit, after which the whole
// group is killed; an output limit). What it prints stays here: only the verdict leaves.
import { isAbsolute, join } from 'node:path';
import { runBounded } from '../doctor/run-bounded.ts';
import { MAX_TOKEN_OUTPUT_BYTES, MAX_TOKEN_TIMEOUT_MS, type TokenCommand, type TokenOutcome, jsonForm, judgeTokenRun } from './token-command.ts';

/**
 * `inspect` (explain, doctor): the command's JSON form when it has one, for the expiry; a launch
 * runs the command as codex will. `configDir`: where codex resolves a relative `cwd`.
 */
export async function runTokenCommand(provider: string, token: TokenCommand, env: Readonly<Record<string, string | undefined>>, configDir: string, inspect: boolean): Promise<TokenOutcome> {
  const json = inspect ? jsonForm(token) : null;
  const run = json ?? token;
  const cwd = run.cwd === null ? configDir : isAbsolute(run.cwd) ? run.cwd : join(configDir, run.cwd);
  const childEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  const result = await runBounded(run.command, run.args, { env: childEnv, cwd, timeoutMs: Math.min(run.timeoutMs, MAX_TOKEN_TIMEOUT_MS), maxBytes: MAX_TOKEN_OUTPUT_BYTES });
  return judgeTokenRun(provider, token, result.kind === 'exited' ? { kind: 'exited', code: result.code, signal: result.signal, stdout: result.stdout } : result, json !== null);
}
