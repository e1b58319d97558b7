import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { shebangInterpreter } from './exec-format.ts';
import { exitLike } from './mirror-exit.ts';

// The terminal sends SIGINT/SIGQUIT to the whole foreground process group, codex included, so cx
// only has to survive them; SIGTERM and SIGHUP are aimed at cx alone and are passed on.
const IGNORED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGQUIT'];
const FORWARDED: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGHUP'];

function startFailure(error: NodeJS.ErrnoException, bin: string): CxError {
  if (error.code === 'ENOENT') {
    // ENOENT for a file that exists means its `#!` interpreter (or ELF loader) is missing.
    if (!existsSync(bin)) return new CxError(`cannot start codex: ${bin} does not exist`, EXIT.notFound);
    const interpreter = shebangInterpreter(bin);
    const what = interpreter === null ? 'the program loader it needs was not found' : `its interpreter ${interpreter} (from its #! line) was not found`;
    return new CxError(`cannot start codex at ${bin}: ${what}`, EXIT.notFound);
  }
  return new CxError(`cannot start codex at ${bin}: ${error.code ?? error.message}`, EXIT.notExecutable);
}

/**
 * Runs codex as a child with the terminal inherited and ends this process exactly as it ended
 * (`onExit`: what to do instead, for a command with work left after codex, e.g. `cx login`).
 */
export function spawnCodex(
  bin: string,
  args: readonly string[],
  env: Record<string, string>,
  onStartFailure: (error: CxError) => void,
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void = exitLike,
): void {
  let child: ChildProcess | null = null;
  const ignore = (): void => {};
  const forward = (signal: NodeJS.Signals): void => {
    try {
      child?.kill(signal);
    } catch {
      // the child is already gone; its exit event follows
    }
  };
  // Installed before codex starts: a signal that arrives while it starts is handled (by the event
  // loop, once `child` is set) instead of killing cx and leaving codex running without it.
  for (const signal of IGNORED) process.on(signal, ignore);
  for (const signal of FORWARDED) process.on(signal, forward);
  // Loaded here rather than at start-up (~8 ms): the exec path (Node >= 22.15) never needs it.
  const { spawn } = process.getBuiltinModule('node:child_process');
  child = spawn(bin, args, { stdio: 'inherit', env });

  const release = (): void => {
    for (const signal of IGNORED) process.removeListener(signal, ignore);
    for (const signal of FORWARDED) process.removeListener(signal, forward);
  };
  child.once('error', (error: NodeJS.ErrnoException) => {
    release();
    onStartFailure(startFailure(error, bin));
  });
  child.once('exit', (code, signal) => {
    release();
    onExit(code, signal);
  });
}
