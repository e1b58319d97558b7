// The launch pipeline, stage by stage, top to bottom: plan (select the profile, place it, the
// child environment) → trust prompt (an untrusted .cxrc that would select, with a person there) →
// credentials → checks (what this provider, model and region cannot do) → failover (the
// fallbacks cx's config names) → launch. `cx explain`, `cx doctor` and `cx completion` run the
// same stages up to the launch through commandContext().plan.
import type { CommandContext } from '../cli/command-context.ts';
import { launch } from '../cli/launch.ts';
import { loadCommand } from '../cli/load-command.ts';
import { personPresent } from '../cli/person-present.ts';
import type { CxInvocation } from '../cli/split-argv.ts';
import { type CheckedPlan, preflight } from '../compat/preflight.ts';
import { builtinTable } from '../compat/table.ts';
import { loadCxConfig } from '../config/cx-config.ts';
import type { Env } from '../config/home-dirs.ts';
import { grantTrust } from '../config/trust-store.ts';
import { hasChatgptLogin } from '../credentials/chatgpt-login.ts';
import { planCredentials } from '../credentials/plan-credentials.ts';
import { shouldAskTrust } from '../plan/decide-trust-prompt.ts';
import { withFailover } from '../plan/failover.ts';
import { type Plan, type PlanInput, makePlan, quickSettings, selectionFor } from '../plan/make-plan.ts';
import { planCacheApplies } from '../plan-cache/applies.ts';
import { execveOf } from './exec-codex.ts';

/** The process's inputs: what every stage reads. */
export interface RunInputs {
  argv: readonly string[];
  env: Env;
  cwd: string;
  selfPaths: ReadonlySet<string>;
}

/** Whether all these fds are a terminal; asked only when needed: node:tty costs milliseconds to load. */
function areTerminals(...fds: number[]): boolean {
  const { isatty } = process.getBuiltinModule('node:tty');
  return fds.every((fd) => isatty(fd));
}

export function planInput(invocation: CxInvocation, inputs: RunInputs): PlanInput {
  return {
    invocation,
    env: inputs.env,
    cwd: inputs.cwd,
    config: loadCxConfig(inputs.env),
    selfPaths: inputs.selfPaths,
    pid: process.pid,
    ppid: process.ppid,
    canExec: execveOf() !== null,
    // `tty` rules mean stdin and stdout are a terminal.
    interactive: () => areTerminals(0, 1),
  };
}

// ---- stage 1: plan ----

/**
 * Plans the run. A Bedrock run whose region is none of the config's or the environment's takes the
 * AWS profile's, which only aws.ts reads: that module is loaded, and the run planned again, only then.
 */
async function planWith(input: PlanInput): Promise<Plan> {
  const first = makePlan(input);
  const bedrock = first.settings.provider === 'amazon-bedrock' || first.settings.provider === 'amazon-bedrock-runtime';
  if (!bedrock || first.settings.region !== null) return first;
  const aws = await loadCommand('aws');
  return makePlan({
    ...input,
    awsProfileRegion: (profile, env) => {
      try {
        const found = aws.resolveAwsRegion(null, profile, env);
        return found.region === null ? null : { region: found.region, from: found.regionFrom ?? 'the AWS profile' };
      } catch {
        return null; // an unreadable AWS config: the credentials stage says so
      }
    },
  });
}

function plan(invocation: CxInvocation, inputs: RunInputs): Promise<Plan> {
  return planWith(planInput(invocation, inputs));
}

// ---- stage 2: the trust prompt ----

/**
 * When an untrusted .cxrc would have selected the profile and a person is at the terminal, shows
 * it and asks, then plans again with the answer.
 */
async function askTrustThenReplan(first: Plan, invocation: CxInvocation, inputs: RunInputs): Promise<Plan> {
  // The nearest untrusted .cxrc that would have selected (the first cxrc-untrusted finding's file).
  const step = first.selection.steps.find((s) => s.source === 'cxrc' && s.outcome === 'ignored');
  const cxrc = step === undefined ? undefined : first.cxrcs.find(({ file }) => file.profile?.at === step.at);
  if (cxrc === undefined || !shouldAskTrust({ cxrc, findings: first.findings }, () => personPresent(inputs.env))) return first;
  const { askToTrust } = await loadCommand('trust-prompt');
  if (!askToTrust(cxrc.file, first.known())) return first;
  grantTrust(inputs.env, cxrc.file.path, cxrc.file.content);
  return plan(invocation, inputs);
}

// ---- stages 3 and 4: credentials, then checks ----

/**
 * The credentials stage (what the provider needs, found and planned for delivery), then the check
 * stage (what this provider, model and region cannot do for the run; compat/preflight.ts).
 */
async function credentialsThenChecks(thePlan: Plan, invocation: CxInvocation, inputs: RunInputs, person: () => boolean, inspect: boolean): Promise<CheckedPlan> {
  const force = invocation.options.has('--cx-force');
  let login: boolean | null = null;
  const chatgptLogin = (): boolean => (login ??= hasChatgptLogin(thePlan.profileLogin?.dir ?? thePlan.codexConfig.home));
  const withCredentials = await planCredentials(thePlan, {
    env: inputs.env,
    interactive: person,
    inspect,
    force,
    modules: { keyring: () => loadCommand('keyring'), aws: () => loadCommand('aws') },
    chatgptLogin,
  });
  return preflight(withCredentials, { table: () => thePlan.config.compat ?? builtinTable(), env: inputs.env, chatgptLogin, force });
}

// ---- stage 5: failover ----

/**
 * Credentials and checks for `first`, and when the selected profile fails them, the same for the
 * fallbacks cx's config names for it, in order. `inspect`: for a command that shows the plan
 * (explain, doctor, status), not a launch (credentials/plan-credentials.ts).
 */
async function preflightPlan(first: Plan, invocation: CxInvocation, inputs: RunInputs, person: () => boolean = () => personPresent(inputs.env), inspect = false): Promise<CheckedPlan> {
  const result = await credentialsThenChecks(first, invocation, inputs, person, inspect);
  if (invocation.options.has('--cx-force')) return result;
  return withFailover(result, first.config.fallbacks, async (name, at, why) =>
    credentialsThenChecks(await planWith({ ...planInput(invocation, inputs), fallback: { name, at, why } }), invocation, inputs, person, inspect),
  );
}

// ---- the whole pipeline ----

/** Every stage above, up to the launch. */
export async function planLaunch(invocation: CxInvocation, inputs: RunInputs): Promise<CheckedPlan> {
  const planned = await askTrustThenReplan(await plan(invocation, inputs), invocation, inputs);
  const checked = await preflightPlan(planned, invocation, inputs);
  // A profile with a login of its own: its login home gets links to what appeared in the real home
  // since. (Such a plan sets CODEX_HOME, so the plan cache never keeps it: a hit has no login.)
  if (checked.refusal === null && checked.profileLogin !== null && checked.profileLogin.problem === null) {
    (await loadCommand('profile-login-overlay')).refreshLoginHome(checked.codexConfig.home, checked.profileLogin.dir);
  }
  return checked;
}

/** A launch: every stage above (or a plan kept by the opt-in plan cache), then codex runs (or cx refuses with the plan's status). */
export async function launchPipeline(invocation: CxInvocation, inputs: RunInputs): Promise<void> {
  const make = (traced: RunInputs): Promise<CheckedPlan> => planLaunch(invocation, traced);
  // The cache's code loads only for a run that opted in: a plain launch stays lean.
  launch(planCacheApplies(invocation, inputs.env) ? await (await loadCommand('plan-cache')).withPlanCache(invocation, inputs, make) : await make(inputs));
}

/** What commands other than a launch get: the process's inputs, and a way to plan a launch here. */
export function commandContext(inputs: RunInputs): CommandContext {
  return {
    env: inputs.env,
    cwd: inputs.cwd,
    selfPaths: inputs.selfPaths,
    plan: async (wanted, how) => {
      const invocation: CxInvocation = { command: 'launch', json: false, escaped: false, ...wanted };
      return preflightPlan(await plan(invocation, inputs), invocation, inputs, how?.interactive === false ? () => false : () => personPresent(inputs.env), true);
    },
    selectionHere: (profiles) => selectionFor(planInput({ command: 'launch', json: false, escaped: false, plusProfile: null, options: new Set(), rest: [] }, inputs), profiles),
    quick: (plusProfile) => quickSettings(planInput({ command: 'launch', json: false, escaped: false, plusProfile, options: new Set(), rest: [] }, inputs)),
  };
}
