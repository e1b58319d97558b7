import type { StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import { exitLike } from '../launch/mirror-exit.ts';

// A program cx runs for the user on its own terminal (`aws sso login`), tied to cx: it runs in a
// process group of its own, and a SIGINT, SIGTERM or SIGHUP aimed at cx is passed to that whole
// group; once the group is gone (at most GRACE_MS, then SIGKILL) cx dies by the same signal. So no
// signal ends cx and leaves the program (or a browser helper it started) running on the terminal.

const TIED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const GRACE_MS = 2000;

/** Runs `file args` tied to cx; resolves to its exit status (128+N for a signal, 127/126 when it cannot start). */
export function runTiedChild(file: string, args: readonly string[], env: Record<string, string>, stdio: StdioOptions): Promise<number> {
  return new Promise<number>((resolve) => {
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(file, [...args], { stdio, env, detached: true });
    const group = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
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
    const release = (): void => {
      for (const signal of TIED) process.removeListener(signal, onSignal);
      process.removeListener('exit', killAll);
    };
    // cx ending any other way (an error, process.exit) takes the group with it.
    const killAll = (): void => group('SIGKILL');
    for (const signal of TIED) process.on(signal, onSignal);
    process.on('exit', killAll);
    child.once('error', (error: NodeJS.ErrnoException) => {
      release();
      resolve(error.code === 'ENOENT' ? 127 : 126);
    });
    child.once('exit', (code, signal) => {
      release();
      // What it left in its group (a helper holding the terminal) goes too.
      group('SIGKILL');
      if (dying !== null) exitLike(null, dying);
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
