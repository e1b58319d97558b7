import type { Env } from '../config/home-dirs.ts';
import type { PlanWithCredentials } from '../credentials/apply-credentials.ts';
import type { CxInvocation } from './split-argv.ts';

/** What main hands a cx command that needs more than its own arguments. */
export interface CommandContext {
  env: Env;
  cwd: string;
  /** Real paths of this cx (so a command can tell cx apart from the real codex). */
  selfPaths: ReadonlySet<string>;
  /** The plan a launch with these codex arguments would make here, credentials included; launches nothing. */
  plan(invocation: Pick<CxInvocation, 'rest' | 'plusProfile' | 'options'>): Promise<PlanWithCredentials>;
}
