import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CxInvocation } from '../cli/split-argv.ts';
import type { CxConfig } from '../config/cx-config.ts';
import { type Env, codexHome } from '../config/home-dirs.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { type CodexLocation, findCodex } from '../launch/find-codex.ts';
import { GUARD_VAR, type LaunchMode, formatGuard, judgeGuard, nextGuard } from '../launch/recursion-guard.ts';
import { type Selection, selectProfile } from '../select/select-profile.ts';
import { readCodexArgs } from './codex-args.ts';
import { childEnv } from './child-env.ts';
import type { Finding } from './finding.ts';
import { placeProfile } from './profile-placement.ts';

export interface PlanInput {
  invocation: CxInvocation;
  env: Env;
  cwd: string;
  config: CxConfig;
  selfPaths: ReadonlySet<string>;
  pid: number;
  ppid: number;
  /** Whether this Node can replace itself with codex (process.execve, not on Windows). */
  canExec: boolean;
}

export interface Plan {
  selection: Selection;
  /** `$CODEX_HOME/NAME.config.toml` when the selected profile has one. */
  profileFile: string | null;
  codex: CodexLocation | null;
  bin: string | null;
  args: string[];
  /** The whole environment codex gets. */
  env: Record<string, string>;
  envAdded: string[];
  envRemoved: string[];
  mode: LaunchMode;
  findings: Finding[];
  /** Why cx will not launch, if it will not; its status is cx's exit status. */
  refusal: CxError | null;
}

function locateCodex(input: PlanInput): { codex: CodexLocation | null; refusal: CxError | null } {
  try {
    return { codex: findCodex(input), refusal: null };
  } catch (error) {
    if (error instanceof CxError) return { codex: null, refusal: error };
    throw error;
  }
}

/** Everything cx will do for this run, decided without side effects beyond reading files. */
export function makePlan(input: PlanInput): Plan {
  const { invocation, env } = input;
  const findings: Finding[] = [];
  const shape = readCodexArgs(invocation.rest);
  const selection = selectProfile({ explicitProfile: shape.explicitProfile, plusProfile: invocation.plusProfile, env, config: input.config });
  const placement = placeProfile(invocation.rest, shape, selection);
  findings.push(...placement.findings);

  const profilePath = selection.name === null ? null : join(codexHome(env), `${selection.name}.config.toml`);
  const profileFile = profilePath !== null && existsSync(profilePath) ? profilePath : null;

  let { codex, refusal } = locateCodex(input);
  const verdict = judgeGuard(env, input.pid, input.ppid);
  if (verdict !== 'ok') {
    const why = verdict === 'loop' ? 'cx was started by cx in place of codex' : 'cx has been nested too deeply';
    refusal = new CxError(
      `refusing to launch: ${why} (${GUARD_VAR}=${env[GUARD_VAR] ?? ''}); the \`codex\` cx runs leads back to cx`,
      EXIT.recursion,
      'set CX_CODEX_BIN to the real codex binary',
    );
  }
  if (refusal !== null) {
    findings.push({ level: 'error', code: refusal.status === EXIT.recursion ? 'codex-is-cx' : 'codex-not-found', message: refusal.message });
  }
  if (codex?.npm) {
    findings.push(
      codex.npm.native === null
        ? { level: 'warning', code: 'npm-launcher-no-native', message: `${codex.found} is the npm codex launcher but its native binary is missing; running the launcher` }
        : { level: 'info', code: 'npm-launcher-bypassed', message: `${codex.found} is the npm codex launcher; running its native binary directly` },
    );
  }

  const mode: LaunchMode = input.canExec ? 'exec' : 'spawn';
  const set: Record<string, string> = { ...(codex?.npm?.native ? codex.npm.envSet : {}) };
  set[GUARD_VAR] = formatGuard(nextGuard(env, input.pid, mode));
  const unset = codex?.npm?.native ? codex.npm.envUnset : [];
  const child = childEnv(env, set, unset);

  return {
    selection,
    profileFile,
    codex,
    bin: codex?.bin ?? null,
    args: placement.args,
    env: child.env,
    envAdded: child.added,
    envRemoved: child.removed,
    mode,
    findings,
    refusal,
  };
}
