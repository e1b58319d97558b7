// Starts codex as a child with the terminal inherited, the way node:child_process's spawn() does,
// but without loading node:child_process where Node offers its process handle directly: that
// module pulls in net, stream and dgram, ~5 ms of a launch on the spawn path (Node < 22.15), more
// than all of cx's own work. The handle is what child_process itself drives (ProcessWrap); the
// options given to it are the ones spawn(bin, args, { stdio: 'inherit', env }) gives it.
// Anywhere the handle is not available quietly, child_process runs as before.

/** What the caller sees of the started child. */
export interface StartedChild {
  /** Sends `signal` to the child unless it has exited (errors swallowed, as ChildProcess.kill). */
  kill(signal: NodeJS.Signals): void;
}

export interface ChildEvents {
  /** The child could not be started (ENOENT, EACCES…): `error` is Node's own spawn error. */
  onError(error: NodeJS.ErrnoException): void;
  /** The child ended: its exit code, or the signal that ended it. */
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
}

interface ProcessHandle {
  spawn(options: Record<string, unknown>): number;
  close(): void;
  readonly pid: number;
  onexit: (exitCode: number, signalCode: string) => void;
}
type ProcessConstructor = new () => ProcessHandle;

/** Errors child_process reports through 'error' (asynchronously); any other one it throws. */
const START_ERRORS: ReadonlySet<string> = new Set(['EACCES', 'EAGAIN', 'EMFILE', 'ENFILE', 'ENOENT']);

/**
 * Node's process handle, or null where using it is not quiet and sure: Windows (child_process
 * adds its own argument and environment handling there), a `process.binding` that warns (Node's
 * --pending-deprecation wraps it in a deprecation) or is refused (the permission model), a Node
 * without it.
 */
export function processHandleOf(proc: NodeJS.Process = process): ProcessConstructor | null {
  if (proc.platform === 'win32') return null;
  const binding = (proc as unknown as { binding?: (name: string) => unknown }).binding;
  if (typeof binding !== 'function' || binding.name !== 'binding') return null;
  try {
    const wrap = binding.call(proc, 'process_wrap') as { Process?: unknown } | null;
    return typeof wrap?.Process === 'function' ? (wrap.Process as ProcessConstructor) : null;
  } catch {
    return null;
  }
}

/** `KEY=value` pairs as child_process builds them (undefined skipped, NODE_V8_COVERAGE carried over), or null when a NUL byte makes child_process refuse. */
export function envPairsOf(env: Readonly<Record<string, string | undefined>>, processEnv: Readonly<Record<string, string | undefined>>): string[] | null {
  const all: Record<string, string | undefined> = 'NODE_V8_COVERAGE' in env || processEnv['NODE_V8_COVERAGE'] === undefined ? env : { ...env, NODE_V8_COVERAGE: processEnv['NODE_V8_COVERAGE'] };
  const pairs: string[] = [];
  for (const key in all) {
    const value = all[key];
    if (value === undefined) continue;
    if (key.includes('\0') || value.includes('\0')) return null;
    pairs.push(`${key}=${value}`);
  }
  return pairs;
}

function systemError(errno: number, bin: string, args: readonly string[]): NodeJS.ErrnoException {
  const code = process.getBuiltinModule('node:util').getSystemErrorName(errno);
  return Object.assign(new Error(`spawn ${bin} ${code}`), { errno, code, syscall: `spawn ${bin}`, path: bin, spawnargs: [...args] });
}

function startDirect(Process: ProcessConstructor, bin: string, args: readonly string[], envPairs: string[], events: ChildEvents): StartedChild {
  const handle = new Process();
  let exited = false;
  handle.onexit = (exitCode, signalCode) => {
    exited = true;
    handle.close();
    events.onExit(signalCode ? null : exitCode, signalCode ? (signalCode as NodeJS.Signals) : null);
  };
  const errno = handle.spawn({
    file: bin,
    args: [bin, ...args],
    envPairs,
    stdio: [0, 1, 2].map((fd) => ({ type: 'inherit', fd })),
    detached: false,
    windowsHide: false,
    windowsVerbatimArguments: false,
  });
  if (errno !== 0) {
    exited = true;
    const error = systemError(errno, bin, args);
    if (!START_ERRORS.has(error.code ?? '')) {
      handle.close();
      throw Object.assign(new Error(`spawn ${error.code}`), { errno, code: error.code, syscall: 'spawn' });
    }
    process.nextTick(() => {
      handle.close();
      events.onError(error);
    });
  }
  return {
    kill: (signal) => {
      if (exited) return;
      try {
        process.kill(handle.pid, signal);
      } catch {
        // already gone: its exit follows
      }
    },
  };
}

function startWithChildProcess(bin: string, args: readonly string[], env: Record<string, string>, events: ChildEvents): StartedChild {
  const { spawn } = process.getBuiltinModule('node:child_process');
  const child = spawn(bin, args, { stdio: 'inherit', env });
  child.once('error', events.onError);
  child.once('exit', events.onExit);
  return {
    kill: (signal) => {
      try {
        child.kill(signal);
      } catch {
        // already gone: its exit follows
      }
    },
  };
}

/** Starts `bin` with `args` and exactly `env`, sharing this process's stdin, stdout and stderr. */
export function startChild(bin: string, args: readonly string[], env: Record<string, string>, events: ChildEvents): StartedChild {
  const Process = processHandleOf();
  const envPairs = Process === null || bin.includes('\0') || args.some((arg) => arg.includes('\0')) ? null : envPairsOf(env, process.env);
  if (Process === null || envPairs === null) return startWithChildProcess(bin, args, env, events);
  return startDirect(Process, bin, args, envPairs, events);
}
