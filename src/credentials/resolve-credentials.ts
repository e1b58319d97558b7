import type { Finding } from '../plan/finding.ts';
import type { EnvFile } from './env-file.ts';
import type { KeyringRead } from './keyring-api.ts';
import { secretAccount } from './keyring-api.ts';
import type { Requirement } from './requirements.ts';

/** Where a credential was found. */
export type CredentialSource = 'env' | 'codex-home-env' | 'keyring' | 'aws-chain' | 'chatgpt-login' | 'none';

/**
 * How codex gets it: `env` (already in codex's environment, untouched), `codex-home-env` (codex
 * loads $CODEX_HOME/.env itself), `env-excluded` (cx sets the variable for codex and excludes it
 * from the environment of the commands the agent runs), `login` (codex's own stored login),
 * `codex-aws-sdk` (codex resolves the AWS profile named in its config itself; cx only checked it).
 */
export type Delivery = 'env' | 'codex-home-env' | 'env-excluded' | 'login' | 'codex-aws-sdk' | 'none';

export interface Credential {
  name: string;
  source: CredentialSource;
  delivery: Delivery;
}

/** The AWS part, from aws.ts, as this module needs it. */
export type AwsOutcome =
  | { ok: true; values: Record<string, string>; source: string; region: string | null; regionFrom: string | null }
  | { ok: false; reason: string; message: string; fix: string | null };

export interface CredentialDeps {
  env: Readonly<Record<string, string | undefined>>;
  envFile: () => Promise<EnvFile | null>;
  keyringGet: (account: string) => Promise<KeyringRead>;
  /** Whether codex has a ChatGPT login stored (auth.json, or its keyring entry). */
  chatgptLogin: () => Promise<boolean>;
  resolveAws: (profile: string | null, region: string | null) => Promise<AwsOutcome>;
  /** The selected profile, for keyring entries scoped to it. */
  profile: string | null;
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
    if (nonEmpty(read.value)) return { value: read.value, source: 'keyring' };
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
  if (nonEmpty(fromEnv)) return { value: fromEnv, source: 'env' };
  const file = await deps.envFile();
  const fromFile = file?.values.get(name);
  if (nonEmpty(fromFile)) return { value: fromFile, source: 'codex-home-env' };
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
    plan.credentials.push({ name, source: 'env', delivery: 'env' });
    await checkEnvFileConflict(name, found.value, deps, plan);
    return;
  }
  if (found.source === 'codex-home-env' && as === name) {
    plan.credentials.push({ name, source: 'codex-home-env', delivery: 'codex-home-env' });
    return;
  }
  plan.set[as] = found.value;
  plan.exclude.push(as);
  plan.credentials.push({ name: as, source: found.source, delivery: 'env-excluded' });
  await checkEnvFileConflict(as, found.value, deps, plan);
}

function missing(plan: CredentialPlan, name: string, provider: string, level: 'error' | 'info'): void {
  plan.credentials.push({ name, source: 'none', delivery: 'none' });
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
        plan.credentials.push({ name: 'CODEX_API_KEY', source: 'env', delivery: 'env' });
        return plan;
      }
      if (await deps.chatgptLogin()) {
        plan.credentials.push({ name: 'chatgpt-login', source: 'chatgpt-login', delivery: 'login' });
        return plan;
      }
      if (file?.dropped.some((n) => n.toUpperCase() === 'CODEX_API_KEY')) {
        plan.findings.push({ level: 'warning', code: 'env-file-codex-key-dropped', message: `${file.path} sets CODEX_API_KEY, but codex drops CODEX_ names from that file`, fix: 'name it OPENAI_API_KEY there (cx hands it over as CODEX_API_KEY), or store it with `cx secret set CODEX_API_KEY`' });
      }
      // exec does not send OPENAI_API_KEY; it sends CODEX_API_KEY. The environment and .env are
      // looked at before the keyring, so a key at hand costs no keyring call.
      const plain = nonEmpty(deps.env['OPENAI_API_KEY']) ? { value: deps.env['OPENAI_API_KEY'], source: 'env' as const } : null;
      const fromFile = (await deps.envFile())?.values.get('OPENAI_API_KEY');
      const found =
        plain ??
        (nonEmpty(fromFile) ? { value: fromFile, source: 'codex-home-env' as const } : null) ??
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
          plan.credentials.push({ name: `aws profile ${requirement.profile ?? ''}`, source: 'aws-chain', delivery: 'codex-aws-sdk' });
          if (requirement.region === null && aws.region !== null) {
            plan.region = { value: aws.region, from: aws.regionFrom ?? 'the AWS profile' };
            plan.set['AWS_REGION'] = aws.region;
          }
        } else if (aws.ok) {
          for (const [name, value] of Object.entries(aws.values)) {
            plan.set[name] = value;
            plan.exclude.push(name);
            plan.credentials.push({ name, source: 'aws-chain', delivery: 'env-excluded' });
          }
          if (requirement.region === null && aws.region !== null) {
            plan.region = { value: aws.region, from: aws.regionFrom ?? 'the AWS profile' };
            plan.set['AWS_REGION'] = aws.region;
          }
        } else {
          plan.credentials.push({ name: 'aws', source: 'none', delivery: 'none' });
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
