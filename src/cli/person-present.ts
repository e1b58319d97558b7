import type { Env } from '../config/home-dirs.ts';
import { isCi } from '../select/ci-detect.ts';

/**
 * Whether cx may ask or wait for a person: stdin (to answer) and stderr (to see the question) are
 * terminals, and the run is not in CI (CI runners often attach a pseudo-terminal that nobody
 * watches). The one rule for every stage that could ask or wait: the trust prompt, `aws sso login`,
 * the hidden prompt of `cx secret set`.
 */
export function personPresent(env: Env, isTerminal: (fd: number) => boolean = terminal): boolean {
  return !isCi(env) && isTerminal(0) && isTerminal(2);
}

/** node:tty costs milliseconds to load: asked only once CI is ruled out. */
function terminal(fd: number): boolean {
  return process.getBuiltinModule('node:tty').isatty(fd);
}
