import type { CxInvocation } from '../cli/split-argv.ts';
import { type CodexConfig, loadCodexConfig } from '../config/codex-config.ts';
import type { CxConfig } from '../config/cx-config.ts';
import { resolve } from 'node:path';
import { type Cxrc, type IgnoredCxrc, findCxrcs, ignoredMessage, loadCxrcAt } from '../config/cxrc.ts';
import { type ProjectLayer, projectLayers } from '../config/codex-project-layers.ts';
import { type EffectiveSettings, type SettingsSources, effectiveSettings, overridesTable } from '../config/effective-settings.ts';
import { profileNames, userTables } from '../config/codex-config.ts';
import { type KnownWords, knownWords } from '../check/known-words.ts';
import { builtinTable } from '../compat/table.ts';
import { readEnvFileValues } from '../credentials/env-file.ts';
import { type Env, codexHome, codexHomeProblem } from '../config/home-dirs.ts';
import { deepMerge } from '../config/deep-merge.ts';
import { isTrusted } from '../config/trust-store.ts';
import { checkRestrictions, judgedSettings } from '../check/cxrc-restrictions.ts';
import { CxError, isCxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { realPath } from '../real-path.ts';
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
import { type ProfileLogin, findProfileLogin, unsafeLoginError } from '../credentials/profile-login-home.ts';
import { launchMode, runsModel, strictMode, untrustedSelections } from './decide-launch-mode.ts';
import type { Finding } from './finding.ts';
import { placeProfile } from './profile-placement.ts';
import { placeRemote } from './remote-run.ts';

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
  /** The region of an AWS profile (aws.ts, loaded by the caller only when a Bedrock run needs it). */
  awsProfileRegion?: SettingsSources['awsProfileRegion'];
}

/** A .cxrc that applies to the run, and whether its content at its path is trusted. */
export interface CxrcInEffect {
  file: Cxrc;
  trusted: boolean;
}

export interface Plan {
  /** Whether codex runs a model for this command line (its TUI, exec, review…), so needs credentials. */
  runtime: boolean;
  /** Strict mode (`--cx-strict`, CX_STRICT): unverified checks and unknown safety keys block. */
  strict: boolean;
  selection: Selection;
  resolved: ResolvedProfile;
  /** The selected profile's own login (`cx login +PROFILE`), given to codex as its CODEX_HOME; null when it has none. */
  profileLogin: (ProfileLogin & { profile: string }) | null;
  /** The file the selected profile's settings come from (a profile file, or config.toml for a legacy table). */
  profileFile: string | null;
  /** The directory whose .cxrc files, rules and project config apply: codex's `-C DIR`, else the working directory. */
  runDir: string;
  /** Every .cxrc from runDir up to the root, nearest first: all their [require] apply. */
  cxrcs: CxrcInEffect[];
  /** .cxrc files cx does not read (symlinks leaving their directory, files of other users). */
  cxrcIgnored: IgnoredCxrc[];
  /** codex's project layers (a trusted project's .codex/config.toml), lowest first. */
  projectLayers: ProjectLayer[];
  /** What repository text may be shown (known-words.ts); built when first asked. */
  known: () => KnownWords;
  settings: EffectiveSettings;
  /** cx's config, as this plan read it. */
  config: CxConfig;
  /** codex's config as read, the shape of codex's arguments, and the layers merged into `settings`. */
  codexConfig: CodexConfig;
  shape: CodexArgsShape;
  layers: { config: TomlTable; profile: TomlTable; project: TomlTable; args: TomlTable };
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

/** Every .cxrc from `dir` up; one that cx must not read is set aside (see cxrc.ts whyIgnored). */
function loadCxrcs(dir: string, env: Env): { files: CxrcInEffect[]; ignored: IgnoredCxrc[] } {
  const files: CxrcInEffect[] = [];
  const ignored: IgnoredCxrc[] = [];
  for (const path of findCxrcs(dir)) {
    const read = loadCxrcAt(path);
    if (!read.ok) ignored.push(read.ignored);
    else files.push({ file: read.file, trusted: read.file.profile !== null && isTrusted(env, read.file.path, read.file.content) });
  }
  return { files, ignored };
}

/** codex's working root: `-C DIR` relative to cx's working directory, as a real path when it exists. */
export function runDirectory(cwd: string, cd: string | null): string {
  if (cd === null) return cwd;
  const dir = resolve(cwd, cd);
  try {
    return realPath(dir);
  } catch {
    return dir; // codex will refuse it; the .cxrc files above it still apply
  }
}

function selectHere(input: PlanInput, runDir: string, explicitProfile: string | null, cxrcs: readonly CxrcInEffect[], profiles: ReadonlySet<string>): Selection {
  let remotes: readonly string[] | null = null;
  const rules = matchRules(input.config.rules, {
    cwd: runDir,
    ci: isCi(input.env),
    tty: input.interactive,
    remotes: () => (remotes ??= gitRemoteUrls(runDir)),
  });
  const choices = cxrcs
    .filter(({ file }) => file.profile !== null)
    .map(({ file, trusted }) => ({ path: file.path, profile: profiles.has(file.profile?.value ?? '') ? (file.profile?.value ?? null) : null, at: file.profile?.at ?? null, trusted }));
  return selectProfile({
    explicitProfile,
    plusProfile: input.invocation.plusProfile,
    env: input.env,
    config: input.config,
    cxrcs: choices,
    rules: { matched: rules.matched === null ? null : (rules.verdicts.at(-1) ?? null), looked: rules.verdicts.length },
  });
}

/** The nearest trusted .cxrc that names a profile which exists nowhere, when nothing before it decided. */
function missingCxrcProfile(selection: Selection, cxrcs: readonly CxrcInEffect[], profiles: ReadonlySet<string>): CxError | null {
  const index = selection.steps.findIndex((step) => step.source === 'cxrc');
  if (selection.steps.slice(0, index).some((step) => step.outcome === 'decided')) return null;
  const nearest = cxrcs.find(({ file, trusted }) => trusted && file.profile !== null);
  if (nearest === undefined || nearest.file.profile === null || profiles.has(nearest.file.profile.value)) return null;
  const existing = profiles.size === 0 ? 'there are none' : `those that exist: ${[...profiles].join(', ')}`;
  return new CxError(`${nearest.file.profile.at}: the profile this trusted .cxrc names does not exist (the name is not shown); ${existing}`, EXIT.config, 'create that profile, or fix the .cxrc and trust it again');
}

/** The words cx may show from the .cxrc files for this run (known-words.ts); the profile files are read only when asked. */
function knownFor(input: PlanInput, codexConfig: CodexConfig, settings: EffectiveSettings): () => KnownWords {
  let known: KnownWords | null = null;
  return () => (known ??= knownWords({ profiles: profileNames(codexConfig), tables: [...userTables(codexConfig), settings.merged], region: settings.region, table: input.config.compat ?? builtinTable() }));
}

/** Only the selection for this run, reading no profile file: what `cx profiles` marks. */
export function selectionFor(input: PlanInput, profiles: readonly string[]): Selection {
  const shape = readCodexArgs(input.invocation.rest);
  const runDir = runDirectory(input.cwd, shape.cd);
  return selectHere(input, runDir, shape.explicitProfile, loadCxrcs(runDir, input.env).files, new Set(profiles));
}

/**
 * The selection and the settings of the profile it selects, from codex's config and the profile
 * alone (no project layers, no arguments, no codex lookup): what `cx status --prompt` shows at
 * every shell prompt, for a fraction of a plan's cost.
 */
export function quickSettings(input: PlanInput): { selection: Selection; settings: EffectiveSettings; missing: boolean } {
  const codexConfig = loadCodexConfig(input.env);
  const selection = selectionFor(input, profileNames(codexConfig));
  const resolved = resolveProfile(codexConfig, selection.name);
  const definition = profileDefinition(resolved);
  const settings = effectiveSettings([codexConfig.base, definition?.data ?? {}], input.env, { envFile: () => readEnvFileValues(codexHome(input.env), input.env) });
  return { selection, settings, missing: resolved.kind === 'missing' };
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
  const profiles = profileNames(codexConfig);
  const runDir = runDirectory(input.cwd, shape.cd);
  const cxrcs = loadCxrcs(runDir, env);
  for (const ignored of cxrcs.ignored) findings.push({ level: 'warning', code: 'cxrc-ignored', message: ignoredMessage(ignored), fix: 'replace it with a regular file of your own inside the repository' });
  const selected = selectHere(input, runDir, shape.explicitProfile, cxrcs.files, new Set(profiles));
  const selection = input.fallback ? fallbackSelection(selected, input.fallback.name, input.fallback.at, input.fallback.why) : selected;

  const untrusted = untrustedSelections(selection, strictMode(invocation.options, env));
  findings.push(...untrusted.findings);
  if (untrusted.refusal) refuse(untrusted.refusal);
  if (!input.fallback) {
    const missing = missingCxrcProfile(selection, cxrcs.files, new Set(profiles));
    if (missing) block('cxrc-profile-missing', missing);
  }

  // A --remote run applies no profile of cx's (the server configures it).
  const applies = shape.remote ? selection.source === 'flag' : shape.acceptsProfile || selection.source === 'flag';
  const resolved = resolveProfile(codexConfig, applies ? selection.name : null);
  const placement = shape.remote ? placeRemote(invocation.rest, selection) : placeProfile(invocation.rest, shape, selection, resolved);
  findings.push(...placement.findings);
  if (placement.refusal) refuse(placement.refusal);

  const definition = profileDefinition(resolved);
  const loginProfile = applies && !shape.remote ? selection.name : null;
  const found = loginProfile === null ? null : findProfileLogin(env, codexConfig.home, loginProfile);
  const profileLogin = found === null || loginProfile === null ? null : { ...found, profile: loginProfile };
  if (profileLogin?.problem) block('profile-login-unsafe', unsafeLoginError(profileLogin.profile, profileLogin.problem));
  // Without the user's config codex knows no trusted project either.
  const project = shape.ignoreUserConfig ? [] : projectLayers(runDir, codexConfig.base);
  const layers = {
    config: shape.ignoreUserConfig ? {} : codexConfig.base,
    profile: shape.ignoreUserConfig ? {} : (definition?.data ?? {}),
    project: project.reduce<TomlTable>((acc, layer) => deepMerge(acc, layer.data), {}),
    args: overridesTable(shape.overrides),
  };
  const settings = effectiveSettings([layers.config, layers.profile, layers.project, layers.args], env, {
    oss: { oss: shape.oss, localProvider: shape.localProvider },
    envFile: () => readEnvFileValues(codexHome(env), env),
    ...(input.awsProfileRegion ? { awsProfileRegion: input.awsProfileRegion } : {}),
  });
  const known = knownFor(input, codexConfig, settings);
  const runtime = runsModel(shape);
  const judged = judgedSettings(settings, runtime, shape.subcommand, shape.informational);
  for (const { file } of judged === null ? [] : cxrcs.files) {
    if (file.require === null) continue;
    for (const violation of checkRestrictions(judged ?? settings, file.require, known())) {
      block('cxrc-restriction', new CxError(`${violation.at}: ${violation.message}`, EXIT.denied, 'choose a profile this directory allows; restrictions in every .cxrc up the tree apply whether or not it is trusted'));
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
  if (profileLogin !== null && profileLogin.problem === null) {
    // codex's home for this run: the login's own; its SQLite databases (threads, state, logs) stay
    // in the real home with the rest (credentials/profile-login-links.ts).
    set['CODEX_HOME'] = profileLogin.dir;
    if (env['CODEX_SQLITE_HOME'] === undefined) set['CODEX_SQLITE_HOME'] = resolve(codexConfig.home);
  }
  const child = childEnv(env, set, codex?.npm?.native ? codex.npm.envUnset : []);

  return {
    runtime,
    strict: strictMode(invocation.options, env),
    selection,
    resolved,
    profileLogin,
    profileFile: definition?.path ?? null,
    runDir,
    cxrcs: cxrcs.files,
    cxrcIgnored: cxrcs.ignored,
    projectLayers: project,
    known,
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
