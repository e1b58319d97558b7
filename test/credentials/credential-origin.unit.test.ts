// What explain, doctor and status say about where a credential comes from and how long it lasts
// (credential-origin.ts), and the one line per source explain and doctor print (credential-lines.ts).
import { describe, expect, it } from 'vitest';
import { credentialLines } from '../../src/credentials/credential-lines.ts';
import { type CredentialOrigin, describeOrigin } from '../../src/credentials/credential-origin.ts';
import type { Credential, Delivery } from '../../src/credentials/resolve-credentials.ts';

const say = (origin: CredentialOrigin): string => describeOrigin(origin, null, null);

describe('describeOrigin: each source in words', () => {
  it.each<[CredentialOrigin, string]>([
    [{ kind: 'environment', variable: 'AZURE_OPENAI_API_KEY' }, 'environment (AZURE_OPENAI_API_KEY)'],
    [{ kind: 'codex-home-env', file: '/h/.codex/.env', variable: 'K' }, '$CODEX_HOME/.env (/h/.codex/.env)'],
    [{ kind: 'keyring', scope: 'profile', profile: 'work', entry: 'work/K' }, 'keyring, for profile work'],
    [{ kind: 'keyring', scope: 'global', entry: 'K' }, 'keyring (global)'],
    [{ kind: 'chatgpt-login' }, "codex's own ChatGPT login"],
    [{ kind: 'token-command', program: 'az', what: 'Entra ID' }, 'token command az (Entra ID)'],
    [{ kind: 'token-command', program: 'helper', what: null }, 'token command helper'],
    [{ kind: 'aws-sso', awsProfile: 'dev', session: 'corp', tokenExpires: '2026-12-03T20:00:00Z', tokenExpired: false }, 'SSO session corp (AWS profile dev), token expires at 2026-12-03T20:00:00Z'],
    [{ kind: 'aws-sso', awsProfile: 'dev', session: 'corp', tokenExpires: '2026-12-01T20:00:00Z', tokenExpired: true }, 'SSO session corp (AWS profile dev), token expired at 2026-12-01T20:00:00Z'],
    [{ kind: 'aws-sso', awsProfile: 'old', session: null, tokenExpires: null, tokenExpired: false }, 'SSO login (legacy start URL) of AWS profile old, no cached token'],
    [{ kind: 'aws-role', awsProfile: 'ops', roleArn: 'arn:aws:iam::1:role/r', sourceProfile: 'base', credentialSource: null }, 'role arn:aws:iam::1:role/r via source_profile base (AWS profile ops)'],
    [{ kind: 'aws-role', awsProfile: 'ops', roleArn: 'arn:r', sourceProfile: null, credentialSource: 'Ec2InstanceMetadata' }, 'role arn:r via credential_source Ec2InstanceMetadata (AWS profile ops)'],
    [{ kind: 'aws-role', awsProfile: 'ops', roleArn: 'arn:r', sourceProfile: null, credentialSource: null }, 'role arn:r (AWS profile ops)'],
    [{ kind: 'aws-credential-process', awsProfile: 'p', program: 'vault-aws' }, 'credential_process vault-aws (AWS profile p)'],
    [{ kind: 'aws-web-identity', awsProfile: 'w', roleArn: 'arn:w', tokenFile: '/var/token' }, 'web identity, role arn:w, token file /var/token (AWS profile w)'],
    [{ kind: 'aws-web-identity', awsProfile: null, roleArn: null, tokenFile: null }, 'web identity, role ?, token file ?'],
    [{ kind: 'aws-shared-files', awsProfile: 'default' }, 'access keys of AWS profile default in the shared files'],
    [{ kind: 'aws-environment' }, 'environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)'],
    [{ kind: 'aws-container-or-instance' }, 'the container or instance role'],
    [{ kind: 'missing', lookedIn: 'the environment, the keyring' }, 'not found (looked in the environment, the keyring)'],
  ])('%o', (origin, text) => {
    expect(say(origin)).toBe(text);
  });

  it('adds when it expires, and until when cx caches it in the keyring', () => {
    const origin: CredentialOrigin = { kind: 'aws-role', awsProfile: 'ops', roleArn: 'arn:r', sourceProfile: 'base', credentialSource: null };
    expect(describeOrigin(origin, '2026-12-03T21:00:00Z', null)).toBe('role arn:r via source_profile base (AWS profile ops), expires at 2026-12-03T21:00:00Z');
    expect(describeOrigin(origin, null, '2026-12-03T20:55:00Z')).toBe('role arn:r via source_profile base (AWS profile ops), cached by cx in the keyring until 2026-12-03T20:55:00Z');
    expect(describeOrigin(origin, 'E', 'C')).toBe('role arn:r via source_profile base (AWS profile ops), expires at E, cached by cx in the keyring until C');
  });
});

function credential(name: string, delivery: Delivery, origin: CredentialOrigin): Credential {
  return { name, source: 'env', delivery, from: say(origin), origin, expires: null, cachedUntil: null };
}

describe('credentialLines: one line per source and delivery', () => {
  it('names the variable, where it comes from and how codex gets it', () => {
    const cases: [Delivery, string][] = [
      ['env', 'already in codex’s environment'],
      ['codex-home-env', 'codex loads it from $CODEX_HOME/.env'],
      ['env-excluded', 'set for codex, kept from its tools'],
      ['login', 'codex uses its stored login'],
      ['codex-aws-sdk', 'codex resolves the AWS profile itself (cx checked it)'],
      ['codex-auth-command', 'codex runs the command itself (cx ran it once to check)'],
      ['none', 'unavailable (see the findings)'],
    ];
    for (const [delivery, how] of cases) {
      expect(credentialLines([credential('K', delivery, { kind: 'environment', variable: 'K' })])).toEqual([`K: environment (K); ${how}`]);
    }
  });

  it('AWS keys from one source and delivered alike share a line; another source or delivery gets its own', () => {
    const env: CredentialOrigin = { kind: 'aws-environment' };
    const lines = credentialLines([
      credential('AWS_ACCESS_KEY_ID', 'env-excluded', env),
      credential('AWS_SECRET_ACCESS_KEY', 'env-excluded', env),
      credential('AWS_SESSION_TOKEN', 'env', env),
      credential('AWS_REGION', 'env-excluded', { kind: 'environment', variable: 'AWS_REGION' }),
    ]);
    expect(lines).toEqual([
      'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); set for codex, kept from its tools',
      'AWS_SESSION_TOKEN: environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); already in codex’s environment',
      'AWS_REGION: environment (AWS_REGION); set for codex, kept from its tools',
    ]);
  });

  it('a token command is named by its origin alone (no variable name in front)', () => {
    const token = credential('(auth.command)', 'codex-auth-command', { kind: 'token-command', program: 'az', what: 'Entra ID' });
    expect(credentialLines([token])).toEqual(['token command az (Entra ID); codex runs the command itself (cx ran it once to check)']);
  });

  it('nothing to say for no credentials', () => {
    expect(credentialLines([])).toEqual([]);
  });
});
