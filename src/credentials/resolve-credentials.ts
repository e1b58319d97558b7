import type { Finding } from '../plan/finding.ts';
import type { EnvFile } from './env-file.ts';
import type { KeyringRead } from './keyring-api.ts';
import { secretAccount } from './keyring-api.ts';
import type { Requirement } from './requirements.ts';
import { type TokenCommand, type TokenOutcome, describeTokenCommand, programName, tokenCommandWhat } from './token-command.ts';
import { type CredentialOrigin, describeOrigin } from './credential-origin.ts';

/** Where a credential was found. */
export type CredentialSource = 'env' | 'codex-home-env' | 'keyring' | 'aws-chain' | 'chatgpt-login' | 'token-command' | 'none';

/**
 * How codex gets it: `env` (already in codex's environment, untouched), `codex-home-env` (codex
 * loads $CODEX_HOME/.env itself), `env-excluded` (cx sets the variable for codex and excludes it
 * from the environment of the commands the agent runs), `login` (codex's own stored login),
 * `codex-aws-sdk` (codex resolves the AWS profile named in its config itself; cx only checked it),
 * `codex-auth-command` (codex runs the provider's token command itself; cx ran it once to check).
 */
export type Delivery = 'env' | 'codex-home-env' | 'env-excluded' | 'login' | 'codex-aws-sdk' | 'codex-auth-command' | 'none';

export interface Credential {
  name: string;
  source: CredentialSource;
  delivery: Delivery;
  /** Where it really comes from and how long it lasts, in words (credential-origin.ts). */
  from: string;
  origin: CredentialOrigin;
  /** When it stops working (ISO 8601), where known. */
  expires: string | null;
  /** Until when cx's keyring cache holds it (AWS role credentials), else null. */
  cachedUntil: string | null;
}

function credential(name: string, source: CredentialSource, delivery: Delivery, origin: CredentialOrigin, expires: string | null = null, cachedUntil: string | null = null): Credential {
  return { name, source, delivery, from: describeOrigin(origin, expires, cachedUntil), origin, expires, cachedUntil };
}

/** The AWS part, from aws.ts, as this module needs it. */
export type AwsOutcome =
  | { ok: true; values: Record<string, string>; source: string; origin: CredentialOrigin; expires: string | null; cachedUntil: string | null; region: string | null; regionFrom: string | null }
  | { ok: false; reason: string; message: string; fix: string | null; origin?: CredentialOrigin | null };

export interface CredentialDeps {
  env: Readonly<Record<string, string | undefined>>;
  envFile: () => Promise<EnvFile | null>;
  keyringGet: (account: string) => Promise<KeyringRead>;
  /** Whether codex has a ChatGPT login stored (auth.json, or its keyring entry). */
  chatgptLogin: () => Promise<boolean>;
  resolveAws: (profile: string | null, region: string | null) => Promise<AwsOutcome>;
  /** Runs the provider's token command once, bounded; only the verdict comes back. */
  runTokenCommand: (provider: string, token: TokenCommand) => Promise<TokenOutcome>;
  /** The selected profile, for keyring entries scoped to it. */
  profile: string | null;
  /** The profile whose own login (`cx login`) codex uses for this run, if any. */
  ownLogin?: string | null;
  /** Whether cx has ever stored a secret here (keyring-api.ts, keyringInUseMarker). */
  keyringInUse: boolean;
}

export interface CredentialPlan {
  credentials: Credential[];
  /** Variables cx sets for codex (values never printed). */
  set: Record<string, string>;
  /** Names to keep out of the agent's commands' environment. */
  exclude: string[];
  findings: Finding[];
  /** The region cx found for the provider, when it had to look (AWS profile file). */
  region: { value: string; from: string } | null;
}

function nonEmpty(value: string | undefined | null): value is string {
  return value !== undefined && value !== null && value !== '';
}

interface Found {
  value: string;
  source: CredentialSource;
  origin: CredentialOrigin;
}

/**
 * A secret in the keyring: the entry scoped to the selected profile, then the global one. A keyring
 * that cannot answer is reported once per run, as a warning: an optional lookup reaches the keyring
 * only where cx stored a secret, so a keyring that is absent, locked or hung there is news (and a
 * hung one is what the launch waited for). keytar not installed is info for an optional lookup.
 */
async function fromKeyring(name: string, deps: CredentialDeps, plan: CredentialPlan, required: boolean): Promise<Found | null> {
  if (plan.findings.some((f) => f.code.startsWith('keyring-'))) return null;
  // An optional lookup on a machine where cx never stored a secret loads no keyring at all.
  if (!required && !deps.keyringInUse) return null;
  const accounts = deps.profile === null ? [secretAccount(name, null)] : [secretAccount(name, deps.profile), secretAccount(name, null)];
  for (const account of accounts) {
    const read = await deps.keyringGet(account);
    if (nonEmpty(read.value)) {
      const origin: CredentialOrigin = account === secretAccount(name, null) ? { kind: 'keyring', scope: 'global', entry: account } : { kind: 'keyring', scope: 'profile', profile: deps.profile ?? '', entry: account };
      return { value: read.value, source: 'keyring', origin };
    }
    if (read.status !== 'ok') {
      const what = read.status === 'locked' ? 'is locked' : read.status === 'timeout' ? 'did not answer in time' : 'is not available';
      // keytar left out of the install is the machine's normal state: worth a word only when required.
      const level = !required && read.status === 'not-installed' ? 'info' : 'warning';
      plan.findings.push({ level, code: `keyring-${read.status}`, message: `the keyring ${what}${read.detail ? ` (${read.detail})` : ''}; ${name} was not looked up there` });
      break;
    }
  }
  return null;
}

/** A secret by variable name: the environment, then $CODEX_HOME/.env, then the keyring. */
async function lookUp(name: string, deps: CredentialDeps, plan: CredentialPlan, required = true): Promise<Found | null> {
  const fromEnv = deps.env[name];
  if (nonEmpty(fromEnv)) return { value: fromEnv, source: 'env', origin: { kind: 'environment', variable: name } };
  const file = await deps.envFile();
  const fromFile = file?.values.get(name);
  if (file && nonEmpty(fromFile)) return { value: fromFile, source: 'codex-home-env', origin: { kind: 'codex-home-env', file: file.path, variable: name } };
  return fromKeyring(name, deps, plan, required);
}

/** codex lets $CODEX_HOME/.env override the environment: a different value there silently wins. */
async function checkEnvFileConflict(name: string, value: string, deps: CredentialDeps, plan: CredentialPlan): Promise<void> {
  const file = await deps.envFile();
  const there = file?.values.get(name);
  if (file && nonEmpty(there) && there !== value) {
    plan.findings.push({ level: 'warning', code: 'env-file-conflict', message: `${file.path} sets ${name} to a different value, and codex lets that file override what cx delivers`, fix: `remove ${name} from ${file.path}, or make the two agree` });
  }
}

async function deliver(name: string, found: Found, deps: CredentialDeps, plan: CredentialPlan, as: string = name): Promise<void> {
  if (found.source === 'env' && as === name) {
    plan.credentials.push(credential(name, 'env', 'env', found.origin));
    await checkEnvFileConflict(name, found.value, deps, plan);
    return;
  }
  if (found.source === 'codex-home-env' && as === name) {
    plan.credentials.push(credential(name, 'codex-home-env', 'codex-home-env', found.origin));
    return;
  }
  plan.set[as] = found.value;
  plan.exclude.push(as);
  plan.credentials.push(credential(as, found.source, 'env-excluded', found.origin));
  await checkEnvFileConflict(as, found.value, deps, plan);
}

const LOOKED_IN = 'the environment, $CODEX_HOME/.env and the keyring';

function missing(plan: CredentialPlan, name: string, provider: string, level: 'error' | 'info'): void {
  plan.credentials.push(credential(name, 'none', 'none', { kind: 'missing', lookedIn: LOOKED_IN }));
  plan.findings.push({ level, code: 'credential-missing', message: `${name} for provider ${provider} is not in the environment, $CODEX_HOME/.env or the keyring`, fix: `store it with \`cx secret set ${name}\`, or export it` });
}

/** Finds and plans the delivery of what the provider needs. Never puts a value in a finding. */
export async function resolveCredentials(requirement: Requirement, deps: CredentialDeps): Promise<CredentialPlan> {
  const plan: CredentialPlan = { credentials: [], set: {}, exclude: [], findings: [], region: null };
  const file = await deps.envFile();
  if (file?.problems) plan.findings.push(...file.problems);
  if (file?.tooOpen) plan.findings.push({ level: 'warning', code: 'env-file-permissions', message: `${file.path} is readable by group or others`, fix: `chmod 600 ${file.path}` });

  switch (requirement.kind) {
    case 'none':
      return plan;
    case 'token-command': {
      // codex runs the command itself (and again on a 401); running it once here means a signed-out
      // command refuses the launch with its own login fix, before codex starts.
      const name = `token command ${describeTokenCommand(requirement.token.command)}`;
      const outcome = await deps.runTokenCommand(requirement.provider, requirement.token);
      const origin: CredentialOrigin = { kind: 'token-command', program: programName(requirement.token.command), what: tokenCommandWhat(requirement.token.command) };
      if (outcome.ok) {
        plan.credentials.push(credential(name, 'token-command', 'codex-auth-command', origin, outcome.expiresAt?.toISOString() ?? null));
      } else {
        plan.credentials.push(credential(name, 'none', 'none', origin));
        plan.findings.push({ level: 'error', code: 'token-command-failed', message: outcome.message, fix: outcome.fix });
      }
      return plan;
    }
    case 'env-key': {
      const found = await lookUp(requirement.name, deps, plan);
      if (found) await deliver(requirement.name, found, deps, plan);
      else missing(plan, requirement.name, requirement.provider, 'error');
      return plan;
    }
    case 'openai': {
      // An explicit CODEX_API_KEY is what exec sends; a ChatGPT login comes next, so a key
      // exported for other tools never switches a logged-in user to API billing.
      if (nonEmpty(deps.env['CODEX_API_KEY'])) {
        plan.credentials.push(credential('CODEX_API_KEY', 'env', 'env', { kind: 'environment', variable: 'CODEX_API_KEY' }));
        return plan;
      }
      if (await deps.chatgptLogin()) {
        plan.credentials.push(credential('chatgpt-login', 'chatgpt-login', 'login', deps.ownLogin ? { kind: 'chatgpt-login', profile: deps.ownLogin } : { kind: 'chatgpt-login' }));
        return plan;
      }
      if (file?.dropped.some((n) => n.toUpperCase() === 'CODEX_API_KEY')) {
        plan.findings.push({ level: 'warning', code: 'env-file-codex-key-dropped', message: `${file.path} sets CODEX_API_KEY, but codex drops CODEX_ names from that file`, fix: 'name it OPENAI_API_KEY there (cx hands it over as CODEX_API_KEY), or store it with `cx secret set CODEX_API_KEY`' });
      }
      // exec does not send OPENAI_API_KEY; it sends CODEX_API_KEY. The environment and .env are
      // looked at before the keyring, so a key at hand costs no keyring call.
      const found =
        (nonEmpty(deps.env['OPENAI_API_KEY']) || nonEmpty(file?.values.get('OPENAI_API_KEY')) ? await lookUp('OPENAI_API_KEY', deps, plan, false) : null) ??
        (await fromKeyring('CODEX_API_KEY', deps, plan, false)) ??
        (await fromKeyring('OPENAI_API_KEY', deps, plan, false));
      if (found) {
        await deliver('OPENAI_API_KEY', found, deps, plan, 'CODEX_API_KEY');
        return plan;
      }
      // Only noted: codex asks for a login itself, and one kept in its own keyring entry is not visible here.
      missing(plan, 'OPENAI_API_KEY', 'openai', 'info');
      return plan;
    }
    case 'aws': {
      const bearer = await lookUp('AWS_BEARER_TOKEN_BEDROCK', deps, plan, false);
      if (bearer) await deliver('AWS_BEARER_TOKEN_BEDROCK', bearer, deps, plan);
      else {
        const aws = await deps.resolveAws(requirement.profile, requirement.region);
        if (aws.ok && requirement.profileFrom === 'config') {
          // With aws.profile in its config codex runs its own AWS chain and ignores AWS_* variables
          // (seen with codex 0.169), so delivering them would only expose them; cx has made sure the
          // profile resolves (an expired SSO session is caught here) and leaves the rest to codex.
          plan.credentials.push(credential(`aws profile ${requirement.profile ?? ''}`, 'aws-chain', 'codex-aws-sdk', aws.origin));
          if (requirement.region === null && aws.region !== null) {
            plan.region = { value: aws.region, from: aws.regionFrom ?? 'the AWS profile' };
            plan.set['AWS_REGION'] = aws.region;
          }
        } else if (aws.ok) {
          for (const [name, value] of Object.entries(aws.values)) {
            plan.set[name] = value;
            plan.exclude.push(name);
            plan.credentials.push(credential(name, 'aws-chain', 'env-excluded', aws.origin, aws.expires, aws.cachedUntil));
          }
          if (requirement.region === null && aws.region !== null) {
            plan.region = { value: aws.region, from: aws.regionFrom ?? 'the AWS profile' };
            plan.set['AWS_REGION'] = aws.region;
          }
        } else {
          plan.credentials.push(credential(requirement.profile === null ? 'aws' : `aws profile ${requirement.profile}`, 'none', 'none', aws.origin ?? { kind: 'missing', lookedIn: 'the AWS credential chain' }));
          plan.findings.push({ level: 'error', code: aws.reason === 'sso-expired' ? 'aws-sso-expired' : 'aws-credentials', message: aws.message, fix: aws.fix ? `run: ${aws.fix}` : 'check the AWS profile (`aws configure list --profile P`)' });
        }
      }
      if (requirement.region === null && plan.region === null && requirement.profileRegion !== null) {
        // Found by the plan (effective-settings.ts) where the AWS chain was not asked: a bearer token.
        plan.region = requirement.profileRegion;
        plan.set['AWS_REGION'] = requirement.profileRegion.value;
      }
      if (requirement.region === null && plan.region === null) {
        plan.findings.push({ level: 'error', code: 'aws-region-missing', message: `provider ${requirement.provider} needs a region and none is set`, fix: `set region in [model_providers.${requirement.provider}.aws] of the profile, AWS_REGION, or region in the AWS profile` });
      }
      return plan;
    }
  }
}
