// Runs a program (the real codex for doctor, a provider's token command before a launch): no stdin, output captured and bounded, killed when it
// runs past its time. Never throws. The bound holds for the whole run, not only for the program:
// it runs in a process group of its own, and when it is done (or out of time) the whole group is
// killed and its pipes closed, so a child it left behind holding the pipe (a helper, a `sleep &`)
// neither keeps doctor waiting nor keeps cx alive after doctor has printed.

export type RunResult =
  | { kind: 'exited'; code: number | null; signal: string | null; stdout: string; stderr: string }
  | { kind: 'timeout'; ms: number; stderr: string }
  | { kind: 'too-big'; bytes: number }
  | { kind: 'spawn-error'; code: string };

export interface RunOptions {
  env: Readonly<Record<string, string>>;
  cwd: string;
  timeoutMs: number;
  maxBytes: number;
}

/** After the program exits, how long its pipes may stay open (output still in flight) before they are closed. */
const DRAIN_MS = 250;

export function runBounded(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise<RunResult>((resolve) => {
    let settled = false;
    // Loaded here: the launch path reaches this only for a provider with a token command.
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(file, [...args], { env: { ...options.env }, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    };
    // cx may end (an error, a signal) before the run does: the group goes with it.
    process.once('exit', killGroup);
    const finish = (result: RunResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drain);
      killGroup();
      process.removeListener('exit', killGroup);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve(result);
    };
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > options.maxBytes) {
        finish({ kind: 'too-big', bytes });
        return;
      }
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const timer = setTimeout(() => finish({ kind: 'timeout', ms: options.timeoutMs, stderr: Buffer.concat(err).toString('utf8') }), options.timeoutMs);
    let drain: ReturnType<typeof setTimeout> | undefined;
    const exited = (code: number | null, signal: NodeJS.Signals | null): void =>
      finish({ kind: 'exited', code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    child.once('error', (error: NodeJS.ErrnoException) => finish({ kind: 'spawn-error', code: error.code ?? error.message }));
    // 'close' comes once the pipes are closed too; a child left holding them would delay it
    // without bound, so 'exit' starts a short drain instead.
    child.once('exit', (code, signal) => {
      drain = setTimeout(() => exited(code, signal), DRAIN_MS);
    });
    child.once('close', (code, signal) => exited(code, signal));
  });
}
