// The edges of `cx status`: the plan a launch here would make, the SSO cache, `codex --version`
// (bounded), and for --prompt only files and the environment. Deciding and printing are in
// status-report.ts, prompt-status.ts and render-status.ts.
import { existsSync } from 'node:fs';
import type { CommandContext } from '../cli/command-context.ts';
import { type Env, codexHome } from '../config/home-dirs.ts';
import { stateDir } from '../config/trust-store.ts';
import { hasChatgptLogin } from '../credentials/chatgpt-login.ts';
import { findProfileLogin } from '../credentials/profile-login-home.ts';
import { readEnvFileValues } from '../credentials/env-file.ts';
import { keyringInUseMarker } from '../credentials/keyring-api.ts';
import { requirementFor } from '../credentials/requirements.ts';
import { type CodexVersion, type StatusReport, statusReport } from './status-report.ts';
import { promptReady, promptText } from './prompt-status.ts';

/** `codex --version` answers in ~10 ms; a codex that hangs must not hold status up long. */
const VERSION_TIMEOUT_MS = 3_000;
const VERSION_MAX_BYTES = 64 * 1024;

export interface StatusWanted {
  plusProfile: string | null;
}

async function codexVersion(bin: string | null, env: Readonly<Record<string, string>>, cwd: string): Promise<CodexVersion> {
  if (bin === null) return { version: null, problem: 'codex not found' };
  // Loaded here only: node:child_process costs every other path (the prompt) milliseconds.
  const [{ runBounded }, { parseVersion }] = await Promise.all([import('../doctor/run-bounded.ts'), import('../doctor/codex-checks.ts')]);
  const run = await runBounded(bin, ['--version'], { env, cwd, timeoutMs: VERSION_TIMEOUT_MS, maxBytes: VERSION_MAX_BYTES });
  if (run.kind !== 'exited') return { version: null, problem: run.kind === 'timeout' ? `no answer within ${run.ms} ms` : run.kind };
  const version = parseVersion(run.stdout);
  return version === null ? { version: null, problem: `\`codex --version\` exited ${String(run.code)} without a version` } : { version, problem: null };
}

/** The full report: the plan with credentials and checks (nobody is asked anything), and codex's version. */
export async function gatherStatus(wanted: StatusWanted, context: CommandContext): Promise<StatusReport> {
  const plan = await context.plan({ rest: [], plusProfile: wanted.plusProfile, options: new Set() }, { interactive: false });
  const [version, { ssoCheck }] = await Promise.all([codexVersion(plan.codex?.bin ?? null, plan.env, context.cwd), import('../doctor/aws-sso.ts')]);
  return statusReport(plan, ssoCheck(plan, context.env), version);
}

/** Where the login a run with `profile` uses is: its own (`cx login`), else codex's home. */
function loginHome(env: Env, profile: string | null): string {
  const own = profile === null ? null : findProfileLogin(env, codexHome(env), profile);
  return own !== null && own.problem === null ? own.dir : codexHome(env);
}

/** The prompt's few characters, from files and the environment only. */
export async function promptStatus(wanted: StatusWanted, context: CommandContext): Promise<string> {
  const env = context.env;
  const quick = context.quick(wanted.plusProfile);
  if (quick.missing) return promptText(quick.selection.name, null);
  const requirement = requirementFor(quick.settings, env);
  let fileValues: ReadonlyMap<string, string> | null | undefined;
  const has = (name: string): boolean => {
    if (env[name]) return true;
    fileValues ??= readEnvFileValues(codexHome(env), env);
    return Boolean(fileValues?.get(name));
  };
  // The AWS files are read (and node:os loaded) only for a Bedrock profile.
  const sso = requirement.kind === 'aws' ? (await import('../doctor/aws-sso.ts')).ssoCheckFor(requirement, has('AWS_BEARER_TOKEN_BEDROCK'), env) : null;
  const ready = promptReady({
    requirement,
    has,
    keyringInUse: existsSync(keyringInUseMarker(stateDir(env))),
    chatgptLogin: requirement.kind === 'openai' && hasChatgptLogin(loginHome(env, quick.selection.name)),
    sso: sso?.status ?? null,
  });
  return promptText(quick.selection.name, ready);
}
