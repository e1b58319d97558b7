import type { CxInvocation } from '../cli/split-argv.ts';
import { type CodexConfig, loadCodexConfig } from '../config/codex-config.ts';
import type { CxConfig } from '../config/cx-config.ts';
import { type Cxrc, findCxrc, readCxrc } from '../config/cxrc.ts';
import { type EffectiveSettings, effectiveSettings, overridesTable } from '../config/effective-settings.ts';
import { type Env, codexHomeProblem } from '../config/home-dirs.ts';
import { isTrusted } from '../config/trust-store.ts';
import { checkRestrictions } from '../check/cxrc-restrictions.ts';
import { CxError, isCxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { execveCanStart } from '../launch/exec-format.ts';
import { type CodexLocation, findCodex } from '../launch/find-codex.ts';
import { GUARD_VAR, type LaunchMode, formatGuard, judgeGuard, nextGuard } from '../launch/recursion-guard.ts';
import { isCi } from '../select/ci-detect.ts';
import { gitRemoteUrls } from '../select/git-remotes.ts';
import { matchRules } from '../select/match-rules.ts';
import { type ResolvedProfile, profileDefinition, resolveProfile } from '../select/resolve-profile.ts';
import { type Selection, fallbackSelection, selectProfile } from '../select/select-profile.ts';
import type { TomlTable } from '../config/toml-file.ts';
import { type CodexArgsShape, readCodexArgs } from './codex-args.ts';
import { childEnv } from './child-env.ts';
import { launchMode, runsModel, strictMode, untrustedSelection } from './decide-launch-mode.ts';
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
  /** Whether a person is at a terminal (for `tty` rules); asked only when needed. */
  interactive: () => boolean;
  /** Preflight failover: plan for this profile from `[fallbacks]` instead of the one selected. */
  fallback?: { name: string; at: string; why: string };
}

export interface Plan {
  /** Whether codex runs a model for this command line (its TUI, exec, review…), so needs credentials. */
  runtime: boolean;
  selection: Selection;
  resolved: ResolvedProfile;
  /** The file the selected profile's settings come from (a profile file, or config.toml for a legacy table). */
  profileFile: string | null;
  /** The .cxrc in effect, and whether its content at its path is trusted. */
  cxrc: { file: Cxrc; trusted: boolean } | null;
  settings: EffectiveSettings;
  /** cx's config, as this plan read it. */
  config: CxConfig;
  /** codex's config as read, the shape of codex's arguments, and the layers merged into `settings`. */
  codexConfig: CodexConfig;
  shape: CodexArgsShape;
  layers: { config: TomlTable; profile: TomlTable; args: TomlTable };
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
    if (isCxError(error)) return { codex: null, refusal: error };
    throw error;
  }
}

function loadCxrc(cwd: string, env: Env): Plan['cxrc'] {
  const path = findCxrc(cwd);
  if (path === null) return null;
  const file = readCxrc(path);
  return { file, trusted: file.profile !== null && isTrusted(env, file.path, file.content) };
}

function selectHere(input: PlanInput, explicitProfile: string | null, cxrc: Plan['cxrc']): Selection {
  let remotes: readonly string[] | null = null;
  const rules = matchRules(input.config.rules, {
    cwd: input.cwd,
    ci: isCi(input.env),
    tty: input.interactive,
    remotes: () => (remotes ??= gitRemoteUrls(input.cwd)),
  });
  const cxrcChoice = cxrc && { path: cxrc.file.path, profile: cxrc.file.profile?.value ?? null, at: cxrc.file.profile?.at ?? null, trusted: cxrc.trusted };
  return selectProfile({
    explicitProfile,
    plusProfile: input.invocation.plusProfile,
    env: input.env,
    config: input.config,
    cxrc: cxrcChoice,
    rules: { matched: rules.matched === null ? null : (rules.verdicts.at(-1) ?? null), looked: rules.verdicts.length },
  });
}

/** Only the selection for this run, reading no profile file: what `cx profiles` marks. */
export function selectionFor(input: PlanInput): Selection {
  return selectHere(input, readCodexArgs(input.invocation.rest).explicitProfile, loadCxrc(input.cwd, input.env));
}

/** Everything cx will do for this run, decided from what it read; nothing is launched or written. */
export function makePlan(input: PlanInput): Plan {
  const { invocation, env } = input;
  const findings: Finding[] = [];
  let refusal: CxError | null = null;
  const refuse = (error: CxError): void => {
    refusal ??= error;
  };
  /** An error finding that also refuses the launch (the first refusal gives the exit status). */
  const block = (code: string, error: CxError): void => {
    findings.push({ level: 'error', code, message: error.message });
    refuse(error);
  };

  const shape = readCodexArgs(invocation.rest);
  const codexConfig: CodexConfig = loadCodexConfig(env);
  const cxrc = loadCxrc(input.cwd, env);
  const selected = selectHere(input, shape.explicitProfile, cxrc);
  const selection = input.fallback ? fallbackSelection(selected, input.fallback.name, input.fallback.at, input.fallback.why) : selected;

  const untrusted = untrustedSelection(selection, strictMode(invocation.options, env));
  if (untrusted) {
    findings.push(untrusted.finding);
    if (untrusted.refusal) refuse(untrusted.refusal);
  }

  const resolved = resolveProfile(codexConfig, shape.acceptsProfile || selection.source === 'flag' ? selection.name : null);
  const placement = placeProfile(invocation.rest, shape, selection, resolved);
  findings.push(...placement.findings);
  if (placement.refusal) refuse(placement.refusal);

  const definition = profileDefinition(resolved);
  const layers = { config: codexConfig.base, profile: definition?.data ?? {}, args: overridesTable(shape.overrides) };
  const settings = effectiveSettings([layers.config, layers.profile, layers.args], env);
  if (cxrc?.file.require) {
    for (const violation of checkRestrictions(settings, cxrc.file.require)) {
      block('cxrc-restriction', new CxError(`${violation.at}: ${violation.message}`, EXIT.denied, 'choose a profile this repository allows; restrictions in .cxrc apply whether or not it is trusted'));
    }
  }

  const homeProblem = shape.informational ? null : codexHomeProblem(env);
  if (homeProblem !== null) block('codex-home-invalid', new CxError(`${homeProblem}; codex refuses to start`, EXIT.config, 'create that directory, or unset CODEX_HOME to use ~/.codex'));

  const located = locateCodex(input);
  const codex = located.codex;
  if (located.refusal) block(located.refusal.status === EXIT.recursion ? 'codex-is-cx' : 'codex-not-found', located.refusal);
  const verdict = judgeGuard(env, input.pid, input.ppid);
  if (verdict !== 'ok') {
    const why = verdict === 'loop' ? 'cx was started by cx in place of codex' : 'cx has been nested too deeply';
    block('codex-is-cx', new CxError(`refusing to launch: ${why} (${GUARD_VAR}=${env[GUARD_VAR] ?? ''}); the \`codex\` cx runs leads back to cx`, EXIT.recursion, 'set CX_CODEX_BIN to the real codex binary'));
  }
  if (codex?.npm) {
    findings.push(
      codex.npm.native === null
        ? { level: 'warning', code: 'npm-launcher-no-native', message: `${codex.found} is the npm codex launcher but its native binary is missing; running the launcher` }
        : { level: 'info', code: 'npm-launcher-bypassed', message: `${codex.found} is the npm codex launcher; running its native binary directly` },
    );
  }

  const mode: LaunchMode = launchMode(input.canExec, codex?.bin ?? null, execveCanStart);
  const set: Record<string, string> = { ...(codex?.npm?.native ? codex.npm.envSet : {}) };
  set[GUARD_VAR] = formatGuard(nextGuard(env, input.pid, mode));
  const child = childEnv(env, set, codex?.npm?.native ? codex.npm.envUnset : []);

  return {
    runtime: runsModel(shape),
    selection,
    resolved,
    profileFile: definition?.path ?? null,
    cxrc,
    settings,
    config: input.config,
    codexConfig,
    shape,
    layers,
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
