import { launch } from './cli/launch.ts';
import type { CommandContext } from './cli/command-context.ts';
import { loadCommand } from './cli/load-command.ts';
import { CLOSED_PIPE_STATUS, isClosedPipe } from './cli/closed-pipe.ts';
import { printableLine } from './cli/printable.ts';
import { withoutValues } from './cli/without-values.ts';
import { reportError } from './cli/report.ts';
import { type CxInvocation, splitArgv } from './cli/split-argv.ts';
import { loadCodexConfig, profileNames } from './config/codex-config.ts';
import { loadCxConfig } from './config/cx-config.ts';
import { grantTrust } from './config/trust-store.ts';
import { personPresent } from './cli/person-present.ts';
import type { Env } from './config/home-dirs.ts';
import { CxError, isCxError } from './cx-error.ts';
import { keyringTimedOut } from './credentials/keyring-api.ts';
import { hasChatgptLogin } from './credentials/chatgpt-login.ts';
import { type CheckedPlan, preflight } from './compat/preflight.ts';
import { builtinTable } from './compat/table.ts';
import { withFailover } from './plan/failover.ts';
import { planCredentials } from './credentials/plan-credentials.ts';
import { EXIT } from './exit-status.ts';
import { execveOf } from './launch/exec-codex.ts';
import { shouldAskTrust } from './plan/decide-trust-prompt.ts';
import { type Plan, type PlanInput, makePlan, selectionFor } from './plan/make-plan.ts';
import { CX_VERSION } from './version.ts';

export interface MainContext {
  argv: readonly string[];
  env: Env;
  cwd: string;
  selfPaths: ReadonlySet<string>;
}

function planInput(invocation: CxInvocation, context: MainContext): PlanInput {
  return {
    invocation,
    env: context.env,
    cwd: context.cwd,
    config: loadCxConfig(context.env),
    selfPaths: context.selfPaths,
    pid: process.pid,
    ppid: process.ppid,
    canExec: execveOf() !== null,
    // `tty` rules mean stdin and stdout are a terminal.
    interactive: () => areTerminals(0, 1),
  };
}

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

function plan(invocation: CxInvocation, context: MainContext): Promise<Plan> {
  return planWith(planInput(invocation, context));
}

/** Whether all these fds are a terminal; asked only when needed: node:tty costs milliseconds to load. */
function areTerminals(...fds: number[]): boolean {
  const { isatty } = process.getBuiltinModule('node:tty');
  return fds.every((fd) => isatty(fd));
}

/**
 * Plans a launch; when an untrusted .cxrc would have selected the profile and a person is at the
 * terminal, shows it and asks, then plans again with the answer.
 */
async function planLaunch(invocation: CxInvocation, context: MainContext): Promise<Plan> {
  const first = await plan(invocation, context);
  // The nearest untrusted .cxrc that would have selected (the first cxrc-untrusted finding's file).
  const step = first.selection.steps.find((s) => s.source === 'cxrc' && s.outcome === 'ignored');
  const cxrc = step === undefined ? undefined : first.cxrcs.find(({ file }) => file.profile?.at === step.at);
  if (cxrc === undefined || !shouldAskTrust({ cxrc, findings: first.findings }, () => personPresent(context.env))) return first;
  const { askToTrust } = await loadCommand('trust-prompt');
  if (!askToTrust(cxrc.file, first.known())) return first;
  grantTrust(context.env, cxrc.file.path, cxrc.file.content);
  return plan(invocation, context);
}

/**
 * The credentials stage (what the provider needs, found and planned for delivery), then the check
 * stage (what this provider, model and region cannot do for the run; compat/preflight.ts).
 */
async function checked(thePlan: Plan, invocation: CxInvocation, context: MainContext, person: () => boolean, inspect: boolean): Promise<CheckedPlan> {
  const force = invocation.options.has('--cx-force');
  let login: boolean | null = null;
  const chatgptLogin = (): boolean => (login ??= hasChatgptLogin(thePlan.codexConfig.home));
  const withCredentials = await planCredentials(thePlan, {
    env: context.env,
    interactive: person,
    inspect,
    force,
    modules: { keyring: () => loadCommand('keyring'), aws: () => loadCommand('aws') },
    chatgptLogin,
  });
  return preflight(withCredentials, { table: () => thePlan.config.compat ?? builtinTable(), env: context.env, chatgptLogin, force });
}

/**
 * The whole preflight for `first` (a plan from planLaunch or plan): credentials, checks, and when
 * the selected profile fails them, the fallbacks cx's config names for it.
 */
async function preflightPlan(first: Plan, invocation: CxInvocation, context: MainContext, person: () => boolean = () => personPresent(context.env), inspect = invocation.command !== 'launch'): Promise<CheckedPlan> {
  const result = await checked(first, invocation, context, person, inspect);
  if (invocation.options.has('--cx-force')) return result;
  return withFailover(result, first.config.fallbacks, async (name, at, why) => checked(await planWith({ ...planInput(invocation, context), fallback: { name, at, why } }), invocation, context, person, inspect));
}

/** What commands other than a launch get: the process's inputs, and a way to plan a launch here. */
function commandContext(context: MainContext): CommandContext {
  return {
    env: context.env,
    cwd: context.cwd,
    selfPaths: context.selfPaths,
    plan: async (wanted, how) => {
      const invocation: CxInvocation = { command: 'launch', json: false, escaped: false, ...wanted };
      return preflightPlan(await plan(invocation, context), invocation, context, how?.interactive === false ? () => false : () => personPresent(context.env), true);
    },
  };
}

async function explain(invocation: CxInvocation, context: MainContext): Promise<void> {
  const thePlan = await preflightPlan(await plan(invocation, context), invocation, context);
  // Not on the launch path: loaded only when asked for.
  const { explainJson, explainText, willLaunch } = await loadCommand('explain');
  process.stdout.write(invocation.json ? explainJson(thePlan) : explainText(thePlan));
  process.exitCode = willLaunch(thePlan) ? 0 : (thePlan.refusal?.status ?? EXIT.usage);
}

/** Runs the command; returns which one ran. */
async function run(context: MainContext): Promise<CxInvocation['command']> {
  const invocation = splitArgv(context.argv);
  await dispatch(invocation, context);
  return invocation.command;
}

const HELP_FLAGS = ['-h', '--help', '--cx-help'];

/**
 * `--cx-help`, or `cx COMMAND --help`/`-h`. For explain only as its first argument (later words are
 * codex's: `cx explain exec --help`); for other commands anywhere before a `--`. A launch's
 * `--help` is codex's.
 */
function asksForHelp(invocation: CxInvocation): boolean {
  if (invocation.options.has('--cx-help')) return invocation.command !== '__complete';
  if (invocation.command === 'launch' || invocation.command === '__complete') return false;
  if (invocation.command === 'explain') return HELP_FLAGS.includes(invocation.rest[0] ?? '');
  const end = invocation.rest.indexOf('--');
  return invocation.rest.slice(0, end < 0 ? undefined : end).some((arg) => HELP_FLAGS.includes(arg));
}

async function dispatch(invocation: CxInvocation, context: MainContext): Promise<void> {
  if (invocation.options.has('--cx-version')) {
    process.stdout.write(`cx ${CX_VERSION}\n`);
    return;
  }
  if (asksForHelp(invocation)) {
    const { helpText } = await loadCommand('help');
    process.stdout.write(await helpText(invocation.command, loadCommand));
    return;
  }
  switch (invocation.command) {
    case 'launch':
      launch(await preflightPlan(await planLaunch(invocation, context), invocation, context));
      return;
    case 'explain':
      await explain(invocation, context);
      return;
    case 'migrate': {
      const { migrateCommand } = await loadCommand('migrate');
      process.exitCode = migrateCommand(invocation.rest, context.env);
      return;
    }
    case 'trust':
    case 'untrust': {
      const { trustCommand } = await loadCommand('trust');
      process.exitCode = trustCommand(invocation.rest, context.env, context.cwd, invocation.command === 'trust');
      return;
    }
    case 'profiles': {
      const { profilesCommand } = await loadCommand('profiles');
      const codexConfig = loadCodexConfig(context.env);
      const here = selectionFor(planInput({ ...invocation, command: 'launch', rest: [] }, context), profileNames(codexConfig));
      process.exitCode = profilesCommand(invocation.rest, context.env, codexConfig, here);
      return;
    }
    case 'secret': {
      const { secretCommand } = await loadCommand('secret');
      process.exitCode = await secretCommand(invocation.rest, context.selfPaths);
      return;
    }
    case 'doctor': {
      const { doctorCommand } = await loadCommand('doctor');
      process.exitCode = await doctorCommand(invocation.rest, commandContext(context));
      return;
    }
    case 'completion': {
      const { completionCommand } = await loadCommand('completion');
      process.exitCode = await completionCommand(invocation.rest, commandContext(context));
      return;
    }
    case '__complete': {
      const { completeCommand } = await loadCommand('complete');
      process.exitCode = await completeCommand(invocation.rest, commandContext(context));
      return;
    }
    case 'shim': {
      const { shimCommand } = await loadCommand('shim');
      process.exitCode = await shimCommand(invocation.rest, commandContext(context));
      return;
    }
    default:
      throw new CxError(
        `\`cx ${invocation.command}\` is not available in this version of cx`,
        EXIT.usage,
        `to send the word to codex, write \`cx -- ${invocation.command}\``,
      );
  }
}

/** Runs cx; user errors become one stderr line and a documented status, never a stack trace. */
export async function main(context: MainContext): Promise<void> {
  try {
    const command = await run(context);
    // A keyring call that timed out may still hold a threadpool thread (keytar blocks in a D-Bus
    // call until the daemon's timeout, ~25-50 s), and Node waits for it even in process.exit;
    // keyring.ts releases such a call at once on Linux (see releaseHungCalls). Every command but a
    // launch (which ends with codex) then ends here, without waiting for anything else pending.
    if (keyringTimedOut() && command !== 'launch') {
      await new Promise<void>((done) => process.stdout.write('', () => done()));
      await new Promise<void>((done) => process.stderr.write('', () => done()));
      process.exit(process.exitCode ?? 0);
    }
  } catch (error) {
    if (isCxError(error)) {
      reportError(error);
      process.exit(error.status);
    }
    endWithInternalError(error, context.env);
  }
}

/**
 * The end of a failure cx did not expect: one line (details only with CX_DEBUG=1), or, when the
 * failure is output nobody reads any more (a closed pipe), quietly (cli/closed-pipe.ts). Also what
 * cx.ts makes of an error thrown outside main's own calls (a stream's 'error' event).
 */
export function endWithInternalError(error: unknown, env: Env): never {
  if (isClosedPipe(error)) process.exit(CLOSED_PIPE_STATUS);
  const message = error instanceof Error ? error.message : String(error);
  try {
    process.stderr.write(`cx: internal error: ${printableLine(withoutValues(message))} (set CX_DEBUG=1 for details)\n`);
    if (env['CX_DEBUG']) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  } catch {
    // stderr itself is gone
  }
  process.exit(EXIT.internal);
}
