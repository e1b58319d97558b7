// Running the built cx as a real process, the way users and CI do.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll } from 'vitest';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CX_BIN = join(ROOT, 'bin', 'cx.js');
export const NODE_MODULES_BIN = join(ROOT, 'node_modules', '.bin');
export const NATIVE_CODEX = join(ROOT, 'node_modules', '@openai', 'codex-linux-x64', 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex');

/** Node 22 has process.execve (cx's exec path); set up by test/setup/ensure-node22.sh. */
const node22 = join(ROOT, '.cache', 'node-22.23.3', 'bin', 'node');
export const NODE22: string | null = existsSync(node22) ? node22 : null;

/** The Node runtimes cx is tested under: this one (spawn path) and Node 22 (exec path) when present. */
export const RUNTIMES: { name: string; node: string }[] = [
  { name: `node ${process.versions.node} (spawn)`, node: process.execPath },
  ...(NODE22 ? [{ name: 'node 22 (execve)', node: NODE22 }] : []),
];

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory removed after the test file. */
export function tempDir(prefix = 'cx-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * An environment with nothing of the developer's: a temp HOME, no CX_/CODEX_ variables, and no
 * NODE_EXTRA_CA_CERTS (which this machine sets and which costs every Node start ~100 ms).
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = tempDir('cx-home-');
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    LANG: 'C.UTF-8',
  };
  return { ...env, ...extra };
}

export interface RunProgramOptions {
  env: Record<string, string>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

export interface RunCxOptions extends RunProgramOptions {
  /** The Node that runs cx (default: this one). */
  node?: string;
}

export interface CxResult {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a program with exactly the given environment (nothing inherited), stdin /dev/null unless
 * `input` is given, killed with SIGKILL after `timeoutMs` (default 20 s); never throws on a non-zero
 * exit. Like execa, strips one final newline from stdout and stderr.
 */
export async function runProgram(file: string, args: readonly string[], options: RunProgramOptions): Promise<CxResult> {
  const result = await execa(file, args, {
    env: options.env,
    extendEnv: false,
    cwd: options.cwd ?? ROOT,
    reject: false,
    stdin: options.input === undefined ? 'ignore' : 'pipe',
    ...(options.input === undefined ? {} : { input: options.input }),
    timeout: options.timeoutMs ?? 20_000,
    killSignal: 'SIGKILL',
  });
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    timedOut: result.timedOut,
  };
}

/** Runs `node bin/cx.js ARGS` with exactly the given environment; never throws on a non-zero exit. */
export function runCx(args: readonly string[], options: RunCxOptions): Promise<CxResult> {
  return runProgram(options.node ?? process.execPath, [CX_BIN, ...args], options);
}
