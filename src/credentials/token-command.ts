// A provider whose bearer token comes from a command (`auth = { command, args, timeout_ms, cwd }`,
// codex-facts.md "Providers"): what to run, what its failure means and how to fix it, and what its
// JSON form says about expiry. Pure: running it is run-token-command.ts's.
import { isTable } from '../config/toml-file.ts';

export interface TokenCommand {
  command: string;
  args: string[];
  /** codex's own bound for the command (`timeout_ms`, default 5000). */
  timeoutMs: number;
  /** `cwd` as written (codex resolves a relative one against the config's directory); null: that directory. */
  cwd: string | null;
}

/** codex's default `timeout_ms`. */
export const DEFAULT_TOKEN_TIMEOUT_MS = 5_000;
/** cx waits at most this long, whatever `timeout_ms` says: a launch is never held up longer. */
export const MAX_TOKEN_TIMEOUT_MS = 60_000;
/** A bearer token, or the JSON that carries one, is a few KiB: more is not a token. */
export const MAX_TOKEN_OUTPUT_BYTES = 64 * 1024;

/** The provider's `auth` table as codex reads it; null when it is not one codex would run. */
export function tokenCommandOf(auth: unknown): TokenCommand | null {
  if (!isTable(auth)) return null;
  const command = auth['command'];
  if (typeof command !== 'string' || command === '') return null;
  const args = Array.isArray(auth['args']) ? auth['args'].filter((a): a is string => typeof a === 'string') : [];
  const timeout = auth['timeout_ms'];
  const timeoutMs = typeof timeout === 'number' && Number.isInteger(timeout) && timeout > 0 ? timeout : DEFAULT_TOKEN_TIMEOUT_MS;
  const cwd = typeof auth['cwd'] === 'string' && auth['cwd'] !== '' ? auth['cwd'] : null;
  return { command, args, timeoutMs, cwd };
}

/** The program's name: the last part of the command's path. Arguments are never shown (they may carry secrets). */
export function programName(command: string): string {
  return command.split(/[\\/]/).pop() || command;
}

interface KnownProgram {
  /** What the token is, for people: `az (Entra ID)`. */
  what: string;
  /** The command that signs in again. */
  login: string;
}

const KNOWN: Readonly<Record<string, KnownProgram>> = {
  az: { what: 'Entra ID', login: 'az login' },
  gcloud: { what: 'Google Cloud', login: 'gcloud auth login' },
  vault: { what: 'HashiCorp Vault', login: 'vault login' },
};

function known(command: string): KnownProgram | undefined {
  return KNOWN[programName(command).replace(/\.(exe|cmd)$/i, '')];
}

/** What the token is (`Entra ID`), for a program cx knows. */
export function tokenCommandWhat(command: string): string | null {
  return known(command)?.what ?? null;
}

/** `az (Entra ID)`, or the program's name alone. */
export function describeTokenCommand(command: string): string {
  const what = known(command)?.what;
  return what ? `${programName(command)} (${what})` : programName(command);
}

/** How to fix a failing token command: the program's own login, else running it by hand. */
export function tokenCommandFix(command: string): string {
  const login = known(command)?.login;
  return login ? `run: ${login}` : `run ${programName(command)} yourself to log in (it is the provider's auth.command), then try again`;
}

/**
 * The command's JSON form, which also tells when the token expires: for the Azure CLI,
 * `az account get-access-token … -o json` (its --query and --output dropped). Null when there is none.
 */
export function jsonForm(token: TokenCommand): TokenCommand | null {
  if (programName(token.command).replace(/\.(exe|cmd)$/i, '') !== 'az') return null;
  if (token.args[0] !== 'account' || token.args[1] !== 'get-access-token') return null;
  const args: string[] = [];
  for (let i = 0; i < token.args.length; i++) {
    const arg = token.args[i] as string;
    if (arg === '--query' || arg === '-o' || arg === '--output') {
      i++;
      continue;
    }
    if (/^(--query|--output|-o)=/.test(arg)) continue;
    args.push(arg);
  }
  return { ...token, args: [...args, '--output', 'json'] };
}

/** From the JSON form's output: whether it holds a token, and when it expires (`expires_on` seconds, else `expiresOn`). */
export function readJsonForm(stdout: string): { token: boolean; expiresAt: Date | null } {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    return { token: false, expiresAt: null };
  }
  if (!isTable(value)) return { token: false, expiresAt: null };
  const token = typeof value['accessToken'] === 'string' && value['accessToken'].trim() !== '';
  const seconds = typeof value['expires_on'] === 'number' ? value['expires_on'] : typeof value['expires_on'] === 'string' ? Number(value['expires_on']) : Number.NaN;
  if (Number.isFinite(seconds) && seconds > 0) return { token, expiresAt: new Date(seconds * 1000) };
  // `expiresOn` is local time without a zone ("2026-12-03 18:00:00.000000").
  const local = typeof value['expiresOn'] === 'string' ? Date.parse(value['expiresOn'].replace(' ', 'T')) : Number.NaN;
  return { token, expiresAt: Number.isNaN(local) ? null : new Date(local) };
}

/** What a finished run of the command means. Pure. */
export type TokenOutcome =
  | { ok: true; expiresAt: Date | null }
  | { ok: false; message: string; fix: string };

export type TokenRun =
  | { kind: 'exited'; code: number | null; signal: string | null; stdout: string }
  | { kind: 'timeout'; ms: number }
  | { kind: 'too-big'; bytes: number }
  | { kind: 'spawn-error'; code: string };

/** The verdict on one run; `json`: it was the JSON form. Never puts output in a message (it may be the token). */
export function judgeTokenRun(provider: string, token: TokenCommand, run: TokenRun, json: boolean): TokenOutcome {
  const what = `the token command of provider ${provider} (${describeTokenCommand(token.command)})`;
  const fix = tokenCommandFix(token.command);
  switch (run.kind) {
    case 'timeout':
      return { ok: false, message: `${what} did not finish within ${run.ms} ms and was stopped`, fix };
    case 'too-big':
      return { ok: false, message: `${what} printed more than ${MAX_TOKEN_OUTPUT_BYTES} bytes, which is not a token`, fix };
    case 'spawn-error':
      return run.code === 'ENOENT'
        ? { ok: false, message: `${what} was not found (looked for ${programName(token.command)} on PATH)`, fix: `install ${programName(token.command)}, or fix auth.command of provider ${provider}` }
        : { ok: false, message: `${what} could not be started (${run.code})`, fix };
    case 'exited': {
      if (run.code !== 0) return { ok: false, message: `${what} failed (${run.signal === null ? `exit status ${String(run.code)}` : `signal ${run.signal}`})`, fix };
      if (json) {
        const read = readJsonForm(run.stdout);
        return read.token ? { ok: true, expiresAt: read.expiresAt } : { ok: false, message: `${what} printed no token`, fix };
      }
      return run.stdout.trim() === '' ? { ok: false, message: `${what} printed no token`, fix } : { ok: true, expiresAt: null };
    }
  }
}
