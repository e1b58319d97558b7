import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { errnoCode } from '../errno-code.ts';

type Execve = (file: string, args: readonly string[], env: Record<string, string>) => never;

/** process.execve (Node >= 22.15, not on Windows), or null where this Node lacks it. */
export function execveOf(proc: NodeJS.Process = process): Execve | null {
  if (proc.platform === 'win32') return null;
  const execve: unknown = (proc as unknown as Record<string, unknown>)['execve'];
  return typeof execve === 'function' ? (execve.bind(proc) as Execve) : null;
}

// Node ignores SIGPIPE and SIGXFSZ, and ignored signals stay ignored across execve. A listener makes
// them "handled", which execve resets to the default action, so codex starts with normal signals.
const RESET_BEFORE_EXEC: readonly NodeJS.Signals[] = ['SIGPIPE', 'SIGXFSZ'];

/** Replaces this process with codex: same pid, same terminal, codex's exit is the exit. */
export function execCodex(execve: Execve, bin: string, args: readonly string[], env: Record<string, string>): never {
  for (const signal of RESET_BEFORE_EXEC) process.on(signal, () => {});
  try {
    return execve(bin, [bin, ...args], env);
  } catch (error) {
    const code = errnoCode(error) ?? 'unknown error';
    if (code === 'ENOENT') throw new CxError(`cannot start codex: ${bin} does not exist`, EXIT.notFound);
    throw new CxError(`cannot start codex at ${bin}: ${code}`, EXIT.notExecutable);
  }
}
