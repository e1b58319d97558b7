// Tiny fake codex programs (POSIX sh scripts) and the process plumbing the launch tests share.
// Each fake writes what it saw into files under a directory baked into the script, so parallel runs
// of different fakes never share state and nothing depends on the environment cx passes on.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CX_BIN, ROOT } from './cx-process.ts';

/** Where the fakes find `cat`, `env`, `sleep`; a PATH built from it holds no `codex`. */
export const SYSTEM_PATH = '/usr/bin:/bin';

/** Quotes a value for a POSIX shell. */
export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Writes an executable `#!/bin/sh` script. */
export function writeScript(path: string, body: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}`);
  chmodSync(path, 0o755);
  return path;
}

const modes = new Map<string, 'exec' | 'spawn'>();

/** The launch mode cx uses under this Node (for an ordinary codex): exec where process.execve exists, else spawn. */
export function launchModeOf(node: string): 'exec' | 'spawn' {
  let mode = modes.get(node);
  if (mode === undefined) {
    const probe = spawnSync(node, ['-p', 'typeof process.execve === "function"'], { encoding: 'utf8', env: { PATH: SYSTEM_PATH } });
    mode = probe.stdout.trim() === 'true' ? 'exec' : 'spawn';
    modes.set(node, mode);
  }
  return mode;
}

/** Splits NUL-terminated records (printf '%s\0' / env -0 output). */
export function splitNul(bytes: Buffer): string[] {
  const text = bytes.toString('utf8');
  if (text === '') return [];
  return text.slice(0, -1).split('\0');
}

/** NUL-terminated bytes of these arguments: what `printf '%s\0' "$@"` writes for them. */
export function nulBytes(args: readonly string[]): Buffer {
  return Buffer.concat(args.map((arg) => Buffer.from(`${arg}\0`, 'utf8')));
}

export function parseEnvDump(bytes: Buffer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of splitNul(bytes)) {
    const eq = entry.indexOf('=');
    env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

export interface Recording {
  /** The exact bytes of argv, NUL-terminated. */
  argvBytes: Buffer;
  argv: string[];
  env: Record<string, string>;
  stdin: Buffer;
  /** The fake's own pid and its parent's. */
  pid: number;
  ppid: number;
}

export interface Recorder {
  bin: string;
  /** Whether the fake ran (to completion). */
  ran(): boolean;
  /** What the last run recorded; throws if the fake has not run since the last reset. */
  read(): Recording;
  /** Forgets the last run. */
  reset(): void;
}

/**
 * A codex that records its argv (NUL-separated), environment, stdin and pids, writes nothing to
 * stdout, and exits 0.
 */
export function recorderFake(bin: string): Recorder {
  const out = `${bin}.out`;
  mkdirSync(out, { recursive: true });
  const q = shQuote(out);
  writeScript(
    bin,
    [
      `echo "$#" > ${q}/argc`,
      `printf '%s\\0' "$@" > ${q}/argv`,
      `env -0 > ${q}/env`,
      `cat > ${q}/stdin`,
      `echo "$$ $PPID" > ${q}/pids`,
      `: > ${q}/done`,
      'exit 0',
      '',
    ].join('\n'),
  );
  return {
    bin,
    ran: () => existsSync(join(out, 'done')),
    reset: () => {
      for (const name of ['done', 'argc', 'argv', 'env', 'stdin', 'pids']) rmSync(join(out, name), { force: true });
    },
    read: () => {
      if (!existsSync(join(out, 'done'))) throw new Error(`the fake codex ${bin} has not run`);
      const argc = Number(readFileSync(join(out, 'argc'), 'utf8').trim());
      const argvBytes = argc === 0 ? Buffer.alloc(0) : readFileSync(join(out, 'argv'));
      const [pid, ppid] = readFileSync(join(out, 'pids'), 'utf8').trim().split(' ').map(Number);
      return {
        argvBytes,
        argv: splitNul(argvBytes),
        env: parseEnvDump(readFileSync(join(out, 'env'))),
        stdin: readFileSync(join(out, 'stdin')),
        pid: pid ?? -1,
        ppid: ppid ?? -1,
      };
    },
  };
}

export interface FakeCodex {
  bin: string;
  /** The argv of every run since the last reset, in order. */
  calls(): string[][];
  /** Forgets every run so far. */
  reset(): void;
}

/** A codex (DIR/codex) that appends its argv (NUL-separated, one line per run) to DIR/calls, and exits 0. */
export function fakeCodex(dir: string): FakeCodex {
  const log = join(dir, 'calls');
  const bin = writeScript(join(dir, 'codex'), `{ printf '%s\\0' "$@"; printf '\\n'; } >> ${shQuote(log)}\nexit 0\n`);
  return {
    bin,
    calls: () => {
      if (!existsSync(log)) return [];
      const lines = readFileSync(log, 'utf8').split('\n').slice(0, -1);
      return lines.map((line) => (line === '' ? [] : line.split('\0').slice(0, -1)));
    },
    reset: () => writeFileSync(log, ''),
  };
}

/** A codex that exits with the status given as its first argument. */
export function exitFake(bin: string): string {
  return writeScript(bin, 'exit "$1"\n');
}

/** A codex that kills itself with the signal named by its first argument (no core files). */
export function killSelfFake(bin: string): string {
  return writeScript(bin, 'ulimit -c 0 2>/dev/null\nkill -"$1" $$\nexit 99\n');
}

export interface TrapFake {
  bin: string;
  /** Written (with "PID PPID") once the traps are set. */
  ready: string;
  /** Create it to let the fake exit 7. */
  release: string;
  /** One line per signal the fake caught, in order. */
  log: string;
  caught(): string[];
}

/**
 * A codex that traps TERM (exit 42), HUP (exit 43), INT and QUIT (recorded, keeps running), says
 * it is ready, then waits for the release file (bounded: 10 s) and exits 7.
 */
export function trapFake(bin: string): TrapFake {
  const ready = `${bin}.ready`;
  const release = `${bin}.release`;
  const log = `${bin}.log`;
  const l = shQuote(log);
  writeScript(
    bin,
    [
      `trap 'echo TERM >> ${l}; exit 42' TERM`,
      `trap 'echo HUP >> ${l}; exit 43' HUP`,
      `trap 'echo INT >> ${l}' INT`,
      `trap 'echo QUIT >> ${l}' QUIT`,
      `: > ${l}`,
      `echo "$$ $PPID" > ${shQuote(ready)}`,
      'i=0',
      `while [ ! -e ${shQuote(release)} ] && [ "$i" -lt 200 ]; do sleep 0.05; i=$((i + 1)); done`,
      'exit 7',
      '',
    ].join('\n'),
  );
  return {
    bin,
    ready,
    release,
    log,
    caught: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') : []),
  };
}

/** Polls until `check` returns a value other than undefined/false; throws after the deadline. */
export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface ProgramResult {
  exitCode: number | undefined;
  signal: NodeJS.Signals | undefined;
  /** Exactly what the program wrote (no newline stripped). */
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface StartOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Written to stdin, which is then closed; without it stdin is /dev/null. */
  input?: string | Buffer;
  /** Killed with SIGKILL after this long (default 15 s). */
  timeoutMs?: number;
}

export interface Started {
  pid: number;
  /** Settles once the program has exited and its output is read; never rejects on a status. */
  result: Promise<ProgramResult>;
  /** Whether the program has exited. */
  finished(): boolean;
}

/** Starts a program with exactly the given environment (nothing inherited). */
export function start(file: string, args: readonly string[], options: StartOptions): Started {
  const child = spawn(file, args, {
    env: options.env,
    cwd: options.cwd ?? ROOT,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let done = false;
  let timedOut = false;
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  if (options.input !== undefined && child.stdin) {
    child.stdin.on('error', () => {}); // the program may exit without reading it all
    child.stdin.end(options.input);
  }
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 15_000);
  const result = new Promise<ProgramResult>((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      done = true;
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      done = true;
      resolve({
        exitCode: code ?? undefined,
        signal: signal ?? undefined,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut,
      });
    });
  });
  if (child.pid === undefined) throw new Error(`${file} did not start`);
  return { pid: child.pid, result, finished: () => done };
}

export function run(file: string, args: readonly string[], options: StartOptions): Promise<ProgramResult> {
  return start(file, args, options).result;
}

/** Starts `NODE bin/cx.js ARGS`. */
export function startCx(node: string, args: readonly string[], options: StartOptions): Started {
  return start(node, [CX_BIN, ...args], options);
}

/** Runs `NODE bin/cx.js ARGS`, keeping stdout and stderr exactly. */
export function runCxExact(node: string, args: readonly string[], options: StartOptions): Promise<ProgramResult> {
  return run(node, [CX_BIN, ...args], options);
}

export { mapLimit } from './map-limit.ts';

/** A stack trace in cx's output means a user error was not turned into one clear line. */
export function looksLikeStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text) || text.includes('stack trace') || text.includes('node:internal');
}
