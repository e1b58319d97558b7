import { importEsm } from '../import-esm.ts';
import { constants } from 'node:os';
import { exitLike } from '../launch/mirror-exit.ts';

// A program cx runs for the user on its own terminal (`aws sso login`), through execa, tied to cx:
// it runs in a process group of its own (detached), and a SIGINT, SIGTERM or SIGHUP aimed at cx is
// passed to that whole group; once the group is gone (at most GRACE_MS, then SIGKILL) cx dies by
// the same signal. So no signal ends cx and leaves the program (or a browser helper it started)
// running on the terminal. execa's own cleanup (which would signal the program alone) is off: the
// tie below covers the whole group.

const TIED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const GRACE_MS = 2000;


/**
 * Runs `file args` tied to cx, on cx's terminal: stdin and stderr are cx's, and its stdout goes to
 * cx's stderr (on the launch path cx writes nothing to stdout). Resolves to its exit status
 * (128+N for a signal, 127/126 when it cannot start).
 */
export async function runTiedChild(file: string, args: readonly string[], env: Record<string, string>): Promise<number> {
  // execa is ESM and costs milliseconds: loaded only when a login has to run.
  const { execa } = await importEsm('execa');
  let pid: number | undefined;
  const group = (signal: NodeJS.Signals): void => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone
    }
  };
  let dying: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (dying !== null) return;
    dying = signal;
    group(signal);
    setTimeout(() => group('SIGKILL'), GRACE_MS).unref();
  };
  // cx ending any other way (an error, process.exit) takes the group with it.
  const killAll = (): void => group('SIGKILL');
  // The tie is made BEFORE the program starts: it runs as soon as it is spawned, while the rest of
  // execa's set-up still runs here, and a signal in that gap would otherwise end cx by its default
  // action and leave the program running. A signal is handled on the event loop, so it is seen
  // once execa() has returned, when `pid` is known.
  for (const signal of TIED) process.on(signal, onSignal);
  process.on('exit', killAll);
  const child = execa(file, [...args], { stdin: 'inherit', stdout: 2, stderr: 'inherit', env, extendEnv: false, detached: true, cleanup: false, reject: false });
  pid = child.pid;
  const result = await child;
  // What it left in its group (a helper holding the terminal) goes too, before the tie is undone:
  // a signal arriving after that ends cx by its default action, with nothing left behind.
  group('SIGKILL');
  for (const signal of TIED) process.removeListener(signal, onSignal);
  process.removeListener('exit', killAll);
  if (dying !== null) exitLike(null, dying);
  if (result.failed && result.exitCode === undefined && result.signal === undefined) return result.code === 'ENOENT' ? 127 : 126;
  return result.exitCode ?? 128 + (result.signal ? (constants.signals[result.signal] ?? 0) : 0);
}
