// `cx doctor [--json] [--cx-only] [+PROFILE] [-- CODEX ARGS]`: cx's own checks, then codex's own
// `codex doctor --json`, in one report. Each check is decided by a pure function in src/doctor/;
// this file reads, runs and prints. A malformed file is one failed check: the others still run.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { profileNames } from '../config/codex-config.ts';
import { EMPTY_CX_CONFIG } from '../config/cx-config.ts';
import { type Env, codexHome } from '../config/home-dirs.ts';
import { isTrusted, stateDir } from '../config/trust-store.ts';
import type { CheckedPlan } from '../compat/preflight.ts';
import type { PlanWithCredentials } from '../credentials/apply-credentials.ts';
import { type EnvFile, readEnvFile } from '../credentials/env-file.ts';
import { keyringInUseMarker } from '../credentials/keyring-api.ts';
import { KEYRING_CANARY_ACCOUNT, keyringGet, keyringTimeoutMs } from '../credentials/keyring.ts';
import { keytarSetupHere } from '../credentials/keytar-setup.ts';
import { CxError, isCxError } from '../cx-error.ts';
import { ssoCheck } from '../doctor/aws-sso.ts';
import { type Check, type CheckDetails, cxCheck, doctorExitStatus } from '../doctor/check.ts';
import { type CodexReport, codexDoctorCheck, codexFoundCheck, parseCodexDoctor, parseVersion, redact, versionCheck } from '../doctor/codex-checks.ts';
import { attempt, configChecks, type LoadedConfigs } from '../doctor/config-checks.ts';
import { credentialsCheck, envFileCheck, keyringCheck } from '../doctor/credential-checks.ts';
import { checkIdFor, findingChecks } from '../doctor/findings.ts';
import { FORCE_HINT } from '../compat/decide-refusal.ts';
import { fetchModelList, modelListRequest, modelListedCheck } from '../doctor/model-list.ts';
import { profilesCheck, selectionCheck, trustCheck } from '../doctor/profile-checks.ts';
import { profilesWithOwnLogin } from '../credentials/profile-login-home.ts';
import { type CodexRun, reportJson, reportText } from '../doctor/render.ts';
import { type RunResult, runBounded } from '../doctor/run-bounded.ts';
import { EXIT } from '../exit-status.ts';
import { type CodexLocation, findCodex } from '../launch/find-codex.ts';
import { legacyOverrides } from '../plan/legacy-overrides.ts';
import { profileDefinition } from '../select/resolve-profile.ts';
import type { CommandContext } from './command-context.ts';
import { shellJoin } from './shell-quote.ts';
import { stdoutStyle } from './terminal-style.ts';
import type { CxOption } from './split-argv.ts';


/** Bounds on the codex runs: `--version`, and `codex doctor` (which probes the provider over the network); DOCTOR_HELP states them. */
const VERSION_TIMEOUT_MS = 5_000;
const DOCTOR_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

export interface DoctorArgs {
  json: boolean;
  cxOnly: boolean;
  plusProfile: string | null;
  options: ReadonlySet<CxOption>;
  rest: string[];
}

function stringEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}

/** The timeout for codex's runs: CX_DOCTOR_TIMEOUT_MS (1..600000), else the default. */
function doctorTimeoutMs(env: Env): number {
  const raw = env['CX_DOCTOR_TIMEOUT_MS'];
  if (raw !== undefined && /^[0-9]{1,6}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 600_000) return Number(raw);
  return DOCTOR_TIMEOUT_MS;
}

interface Planned {
  plan: CheckedPlan | null;
  error: { message: string; hint: string | null } | null;
}

async function planHere(context: CommandContext, args: DoctorArgs): Promise<Planned> {
  try {
    // Nobody answers prompts here: an expired SSO session is reported, not renewed.
    return { plan: await context.plan({ rest: args.rest, plusProfile: args.plusProfile, options: args.options }, { interactive: false }), error: null };
  } catch (error) {
    if (isCxError(error)) return { plan: null, error: { message: error.message, hint: error.hint ?? null } };
    throw error;
  }
}

function planCheck(planned: Planned): Check {
  const { plan, error } = planned;
  if (plan === null) return cxCheck('plan', 'plan', 'fail', `cx cannot plan a launch here: ${error?.message ?? 'unknown error'}`, error?.hint ?? null);
  const details: CheckDetails = { mode: plan.mode, 'env added': plan.envAdded, 'env removed': plan.envRemoved };
  if (plan.compat) details['capability row'] = `${plan.compat.row} (${plan.compat.why})`;
  if (plan.failover.length > 0) details['failover'] = plan.failover.map((f) => `${f.profile}: ${f.outcome}${f.codes.length > 0 ? ` (${f.codes.join(', ')})` : ''}`);
  // A .cxrc restriction the selected profile breaks is this directory's rule, not a broken setup:
  // doctor (which runs no model) reports it, and still passes.
  const level = plan.refusal?.status === EXIT.denied && plan.findings.every((f) => f.level !== 'error' || f.code === 'cxrc-restriction') ? 'warning' : 'fail';
  if (plan.refusal !== null) {
    // Each blocking finding has a check of its own below (or above): named here, not said twice.
    const errors = plan.findings.filter((f) => f.level === 'error');
    const refusal = plan.refusal;
    if (errors.some((f) => refusal.message.includes(f.message) || f.message.includes(refusal.message))) {
      const ids = [...new Set(errors.map((f) => checkIdFor(f.code)))];
      const force = refusal.hint?.split('; ').includes(FORCE_HINT) ? FORCE_HINT : null;
      return cxCheck('plan', 'plan', level, `cx would not launch codex here (exit ${refusal.status}): see ${ids.join(', ')}`, force, details);
    }
    return cxCheck('plan', 'plan', level, `cx would not launch codex here (exit ${refusal.status}): ${refusal.message}`, refusal.hint ?? null, details);
  }
  // The binary is cx.codex.found's: named once, here by its name only (details keep the path).
  if (plan.bin !== null) details['command'] = shellJoin([plan.bin, ...plan.args]);
  return cxCheck('plan', 'plan', 'ok', `cx would launch: ${shellJoin(['codex', ...plan.args])}`, null, details);
}

/** Where codex is: the plan's answer, or (when there is no plan) findCodex's own. */
function locate(context: CommandContext, configs: LoadedConfigs, plan: PlanWithCredentials | null): { location: CodexLocation | null; problem: { message: string; hint: string | null } | null } {
  if (plan?.codex) return { location: plan.codex, problem: null };
  const found = attempt(() => findCodex({ env: context.env, config: configs.cxConfig ?? EMPTY_CX_CONFIG, cwd: context.cwd, selfPaths: context.selfPaths }));
  return found.ok ? { location: found.value, problem: null } : { location: null, problem: { message: found.message, hint: found.hint } };
}

async function envFileState(env: Env): Promise<{ ok: true; file: EnvFile | null } | { ok: false; message: string }> {
  try {
    return { ok: true, file: await readEnvFile(codexHome(env)) };
  } catch (error) {
    if (isCxError(error)) return { ok: false, message: error.message };
    throw error;
  }
}

async function keyringProbe(env: Env, selfPaths: ReadonlySet<string>): Promise<Check> {
  // The canary entry, as `cx secret` reads it: locked, unavailable and hung are told apart, bounded.
  // (keyring.ts and aws.ts are bundled into this command, as into `cx secret`: loadCommand finds
  // lazy bundles only from the launch bundle's directory.)
  const read = await keyringGet(KEYRING_CANARY_ACCOUNT);
  const inUse = existsSync(keyringInUseMarker(stateDir(env)));
  return keyringCheck(read, inUse, keyringTimeoutMs(), () => keytarSetupHere(selfPaths));
}

/** How long the provider may take to list its models. */
const MODEL_LIST_TIMEOUT_MS = 5_000;

/** The selected model against the provider's own list, when codex would run a model here. */
async function modelCheck(plan: PlanWithCredentials | null, envFile: Promise<Awaited<ReturnType<typeof envFileState>>>): Promise<Check | null> {
  if (plan === null || !plan.runtime) return null;
  const file = await envFile;
  // What codex sees: its environment, which $CODEX_HOME/.env overrides.
  const lookup = (name: string): string | undefined => (file.ok ? file.file?.values.get(name) : undefined) ?? plan.env[name];
  const request = modelListRequest(plan.settings, lookup);
  const answer = request.kind === 'request' ? await fetchModelList(request, MODEL_LIST_TIMEOUT_MS) : null;
  return modelListedCheck(plan.settings.model, plan.settings.provider, request, answer);
}

/** A variable whose value is a credential, by its name (a file or path setting is not). */
const SECRET_NAME = /(?:^|_)(?:API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)(?:_|$)/i;

/** Values that must never be printed: credential-like variables in codex's environment and in $CODEX_HOME/.env. */
function secretsOf(env: Readonly<Record<string, string>>, plan: PlanWithCredentials | null, envFile: EnvFile | null): string[] {
  const names = new Set(plan?.credentials.map((c) => c.name) ?? []);
  const secret = ([name, value]: [string, string]): boolean => names.has(name) || (SECRET_NAME.test(name) && !/(?:_FILE|_PATH|_DIR)$/i.test(name) && !value.startsWith('/'));
  return [...Object.entries(env), ...(envFile?.values.entries() ?? [])].filter(secret).map(([, value]) => value);
}

interface CodexSide {
  version: RunResult | null;
  doctor: RunResult | null;
  /** Why codex doctor did not run. */
  why: string | null;
  /** How the profile reached codex doctor. */
  profileNote: string;
}

async function runCodex(bin: string | null, args: DoctorArgs, plan: PlanWithCredentials | null, env: Record<string, string>, cwd: string, timeoutMs: number): Promise<CodexSide> {
  if (args.cxOnly) return { version: null, doctor: null, why: '--cx-only', profileNote: '' };
  if (bin === null) return { version: null, doctor: null, why: 'codex was not found (see cx.codex.found)', profileNote: '' };
  // codex doctor refuses -p: the selected profile's settings go in as -c overrides (as for a legacy table).
  const definition = plan ? profileDefinition(plan.resolved) : null;
  const overrides = definition ? legacyOverrides(definition) : null;
  const usable = overrides !== null && overrides.unaddressable.length === 0;
  const profileNote = definition === null ? 'none' : usable ? `${definition.name}, as -c overrides` : `${definition.name} not applied (keys -c cannot set: ${overrides?.unaddressable.join(', ') ?? ''})`;
  const options = { env, cwd, maxBytes: MAX_OUTPUT_BYTES };
  const [version, doctor] = await Promise.all([
    runBounded(bin, ['--version'], { ...options, timeoutMs: Math.min(VERSION_TIMEOUT_MS, timeoutMs) }),
    runBounded(bin, [...(usable ? overrides.args : []), 'doctor', '--json'], { ...options, timeoutMs }),
  ]);
  return { version, doctor, why: null, profileNote };
}

function heading(planned: Planned, plusProfile: string | null): string {
  const selection = planned.plan?.selection;
  if (!selection) return `cx doctor: cx cannot plan a launch here${plusProfile ? ` with +${plusProfile}` : ''}`;
  if (selection.name === null) return "cx doctor: no profile selected here (codex's config.toml alone)";
  return `cx doctor: profile ${selection.name}, selected by ${selection.at ?? selection.source}`;
}

/** Runs `cx doctor` as yargs parsed it (src/commands/doctor.ts); returns the exit status (0 nothing failed, 1 something did). */
export async function runDoctor(args: DoctorArgs, context: CommandContext): Promise<number> {
  const env = context.env;
  const configs = configChecks(env, context.cwd);
  const planned = await planHere(context, args);
  const plan = planned.plan;
  const planError = planned.error?.message ?? null;
  const { location, problem } = locate(context, configs, plan);
  const codexEnv = plan?.env ?? stringEnv(env);

  // The slow parts side by side: codex's two runs, the keyring, the files, the provider's model list.
  const envFileRead = envFileState(env);
  const [codex, keyring, envFile, sso, listed] = await Promise.all([
    runCodex(location?.bin ?? null, args, plan, codexEnv, context.cwd, doctorTimeoutMs(env)),
    keyringProbe(env, context.selfPaths),
    envFileRead,
    ssoCheck(plan, env),
    modelCheck(plan, envFileRead),
  ]);

  const trusted = configs.cxrc !== null && isTrusted(env, configs.cxrc.path, configs.cxrc.content);
  const cx: Check[] = [
    codexFoundCheck(location, problem),
    versionCheck(location?.bin ?? 'codex', codex.version),
    ...configs.checks,
    profilesCheck(configs.codexConfig, configs.codexConfig ? profilesWithOwnLogin(env, configs.codexConfig.home, profileNames(configs.codexConfig)) : []),
    selectionCheck(plan?.selection ?? null, plan?.profileFile ?? null, planError),
    trustCheck(configs.cxrcPath, configs.cxrc, trusted, plan?.selection ?? null, configs.codexConfig ? profileNames(configs.codexConfig) : []),
    envFileCheck(join(codexHome(env), '.env'), envFile),
    keyring,
    ...(sso ? [sso] : []),
    credentialsCheck(plan, planError),
    ...(listed ? [listed] : []),
    planCheck(planned),
  ];
  cx.push(...findingChecks(plan?.findings ?? null, cx, planError));

  const report: CodexReport | null = codex.doctor?.kind === 'exited' ? parseCodexDoctor(codex.doctor.stdout) : null;
  const doctorRun = codexDoctorCheck(codex.why, codex.doctor, report);
  if (codex.profileNote) doctorRun.details['profile'] = codex.profileNote;
  // Right after codex's version: how codex's own run went, before cx's other checks.
  cx.splice(2, 0, doctorRun);
  const codexRun: CodexRun = {
    ran: codex.doctor !== null && codex.doctor.kind !== 'spawn-error',
    exitCode: codex.doctor?.kind === 'exited' ? codex.doctor.code : null,
    overallStatus: report?.overallStatus ?? null,
    version: report?.codexVersion ?? (codex.version?.kind === 'exited' ? parseVersion(codex.version.stdout) : null),
  };
  // codex redacts its report, and cx's checks carry no values; every string is scrubbed anyway.
  const all = redact({ cx, codex: report?.checks ?? [], codexRun, heading: heading(planned, args.plusProfile) }, secretsOf(codexEnv, plan, envFile.ok ? envFile.file : null));
  process.stdout.write(args.json ? reportJson(all) : reportText(all, stdoutStyle(env)));
  return doctorExitStatus([...all.cx, ...all.codex]);
}
