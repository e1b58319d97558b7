// Runs a program (the real codex for doctor, a provider's token command before a launch) through execa: no stdin, output captured and bounded
// (maxBuffer), and killed when it runs past its time. Never throws. The bound holds for the whole
// run, not only for the program: it runs in a process group of its own (detached), and when it is
// done (or out of time) the whole group is killed, so a child it left behind holding the pipe (a
// helper, a `sleep &`) neither keeps doctor waiting nor keeps cx alive after doctor has printed.
import { importEsm } from '../import-esm.ts';

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

/** After the program exits, how long its pipes may stay open (output still in flight) before its group is killed. */
const DRAIN_MS = 250;

/** SIGKILL to every process of the group `pid` leads; a group that is gone already is fine. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone already
  }
}

export async function runBounded(file: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  // execa is ESM and costs milliseconds: loaded only when doctor runs a program.
  const { execa } = await importEsm('execa');
  const subprocess = execa(file, [...args], {
    env: { ...options.env },
    extendEnv: false,
    cwd: options.cwd,
    stdin: 'ignore',
    detached: true,
    maxBuffer: options.maxBytes,
    stripFinalNewline: false,
    reject: false,
  });
  const pid = subprocess.pid;
  const kill = (): void => killGroup(pid);
  // cx may end (an error, a signal) before the run does: the group goes with it.
  process.once('exit', kill);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, options.timeoutMs);
  // execa settles once the pipes close; a child left holding them would delay that without bound,
  // so the program's exit starts a short drain, then the group (and its pipes) goes.
  let drain: ReturnType<typeof setTimeout> | undefined;
  subprocess.once('exit', () => {
    drain = setTimeout(kill, DRAIN_MS);
  });
  try {
    const result = await subprocess;
    if (timedOut) return { kind: 'timeout', ms: options.timeoutMs, stderr: String(result.stderr ?? '') };
    if (result.isMaxBuffer) return { kind: 'too-big', bytes: options.maxBytes };
    if (result.failed && result.exitCode === undefined && result.signal === undefined) return { kind: 'spawn-error', code: result.code ?? result.shortMessage ?? 'unknown error' };
    return { kind: 'exited', code: result.exitCode ?? null, signal: result.signal ?? null, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
  } finally {
    clearTimeout(timer);
    clearTimeout(drain);
    kill();
    process.removeListener('exit', kill);
  }
}
