import { existsSync } from 'node:fs';
import { codexHome, type Env } from '../config/home-dirs.ts';
import { stateDir } from '../config/trust-store.ts';
import { keyringInUseMarker } from './keyring-api.ts';
import type { Plan } from '../plan/make-plan.ts';
import { type PlanWithCredentials, applyCredentials } from './apply-credentials.ts';
import { type EnvFile, readEnvFile } from './env-file.ts';
import type { KeyringRead, KeyringStatus } from './keyring-api.ts';
import { writeFileAtomic } from '../config/atomic-write.ts';
import { needsCredentials } from './decide-credential-stage.ts';
import { requirementFor } from './requirements.ts';
import { runTokenCommand } from './run-token-command.ts';
import { type AwsOutcome, resolveCredentials } from './resolve-credentials.ts';

/** The parts of keyring.ts and aws.ts used here, loaded only when a credential must be looked up there. */
export interface CredentialModules {
  keyring: () => Promise<{
    keyringGet(account: string): Promise<KeyringRead>;
    keyringSet(account: string, value: string): Promise<KeyringStatus>;
  }>;
  aws: () => Promise<typeof import('./aws.ts')>;
}

export interface CredentialContext {
  env: Env;
  /** A person is there (cli/person-present.ts): an expired SSO session is renewed there rather than refused. */
  interactive: () => boolean;
  force: boolean;
  modules: CredentialModules;
  /** explain or doctor, not a launch: a token command's JSON form may be run for its expiry. */
  inspect?: boolean;
  /** Whether codex has a ChatGPT login stored; shared with the check stage, so asked once. */
  chatgptLogin: () => boolean;
}

function memo<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => (value ??= make());
}

/**
 * The credentials stage of the pipeline: what the selected provider needs, found in the
 * environment, $CODEX_HOME/.env, the keyring or the AWS chain, and how it reaches codex. Runs
 * only for commands that run a model and only when the plan would launch; a key already in the
 * environment costs no keyring and no AWS SDK.
 */
export async function planCredentials(plan: Plan, context: CredentialContext): Promise<PlanWithCredentials> {
  if (!needsCredentials(plan)) return { ...plan, credentials: [] };
  const { env, modules } = context;
  const home = codexHome(env);
  const requirement = requirementFor(plan.settings, env);
  const keyring = memo(modules.keyring);
  const marker = keyringInUseMarker(stateDir(env));
  const keyringInUse = existsSync(marker);
  const envFile = memo<EnvFile | null>(() => readEnvFile(home, env));
  const credentials = await resolveCredentials(requirement, {
    env,
    envFile,
    profile: plan.selection.name,
    ownLogin: plan.profileLogin?.problem === null ? plan.profileLogin.profile : null,
    keyringInUse,
    keyringGet: async (account) => (await keyring()).keyringGet(account),
    chatgptLogin: async () => context.chatgptLogin(),
    // With codex's environment; a relative cwd is codex's, against the config's directory.
    runTokenCommand: (provider, token) => runTokenCommand(provider, token, plan.env, home, context.inspect === true),
    resolveAws: async (profile, region): Promise<AwsOutcome> => {
      const aws = await modules.aws();
      const result = await aws.resolveAwsCredentials({
        profile,
        region,
        env,
        codexResolves: requirement.kind === 'aws' && requirement.profileFrom === 'config',
        interactive: context.interactive(),
        cache: aws.keyringCredentialCache({
          // Where cx never stored anything the cache is empty: asking would only load the keyring
          // (and GLib, which creates ~/.cache). Storing marks the keyring as in use, as `cx secret set` does.
          get: async (account) => (keyringInUse ? (await keyring()).keyringGet(account) : { value: null, status: 'ok', detail: null }),
          set: async (account, value) => {
            const status = await (await keyring()).keyringSet(account, value);
            if (status === 'ok' && !keyringInUse) writeFileAtomic(marker, '');
            return status;
          },
        }),
      });
      if (!result.ok) return { ok: false, reason: result.reason, message: result.message, fix: result.fix, origin: result.origin };
      const expires = result.credentials.expiration?.toISOString() ?? null;
      return {
        ok: true,
        values: aws.awsCredentialEnv(result.credentials),
        source: result.source,
        origin: result.origin,
        // From cx's cache: until it expires (less the margin); the role credentials' own lifetime otherwise.
        expires: result.source === 'cache' ? null : expires,
        cachedUntil: result.source === 'cache' ? expires : null,
        region: result.region,
        regionFrom: result.regionFrom,
      };
    },
  });
  return applyCredentials(plan, credentials, context.force);
}
