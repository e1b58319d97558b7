import { existsSync } from 'node:fs';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { shebangInterpreter } from './exec-format.ts';
import { exitLike } from './mirror-exit.ts';
import { type StartedChild, startChild } from './start-child.ts';

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
  let child: StartedChild | null = null;
  const ignore = (): void => {};
  const forward = (signal: NodeJS.Signals): void => child?.kill(signal);
  // Installed before codex starts: a signal that arrives while it starts is handled (by the event
  // loop, once `child` is set) instead of killing cx and leaving codex running without it.
  for (const signal of IGNORED) process.on(signal, ignore);
  for (const signal of FORWARDED) process.on(signal, forward);
  const release = (): void => {
    for (const signal of IGNORED) process.removeListener(signal, ignore);
    for (const signal of FORWARDED) process.removeListener(signal, forward);
  };
  // Not node:child_process where Node offers its process handle (start-child.ts): the exec path
  // (Node >= 22.15) never starts a child, and the spawn path saves ~5 ms.
  child = startChild(bin, args, env, {
    onError: (error) => {
      release();
      onStartFailure(startFailure(error, bin));
    },
    onExit: (code, signal) => {
      release();
      onExit(code, signal);
    },
  });
}
