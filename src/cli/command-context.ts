import type { Env } from '../config/home-dirs.ts';
import type { CheckedPlan } from '../compat/preflight.ts';
import type { quickSettings } from '../plan/make-plan.ts';
import type { CxInvocation } from './split-argv.ts';
import type { Selection } from '../select/select-profile.ts';

/** What main hands a cx command that needs more than its own arguments. */
export interface CommandContext {
  env: Env;
  cwd: string;
  /** Real paths of this cx (so a command can tell cx apart from the real codex). */
  selfPaths: ReadonlySet<string>;
  /**
   * The plan a launch with these codex arguments would make here, credentials and compatibility checks included (and failover); launches
   * nothing. `interactive: false`: nobody answers prompts (an expired SSO session is reported, not renewed).
   */
  /** The profile a launch with no arguments would select here, among `profiles` (`cx profiles`). */
  selectionHere(profiles: readonly string[]): Selection;
  plan(invocation: Pick<CxInvocation, 'rest' | 'plusProfile' | 'options'>, how?: { interactive?: boolean }): Promise<CheckedPlan>;
  /**
   * The selection and its profile's settings only (plan/make-plan.ts quickSettings): no codex
   * lookup, credentials or checks; loads neither the keyring nor the AWS SDK (`cx status --prompt`).
   */
  quick(plusProfile: string | null): ReturnType<typeof quickSettings>;
}
