// The deciding parts of a provider's token command (src/credentials/token-command.ts), in-process.
import { describe, expect, it } from 'vitest';
import { describeOrigin } from '../../src/credentials/credential-origin.ts';
import { type TokenCommand, jsonForm, judgeTokenRun, readJsonForm, tokenCommandFix } from '../../src/credentials/token-command.ts';

const AZ: TokenCommand = { command: 'az', args: ['account', 'get-access-token', '--resource', 'https://cognitiveservices.azure.com', '--query', 'accessToken', '-o', 'tsv'], timeoutMs: 5000, cwd: null };
const TOKEN = 'eyJ0eXAi.SENTINEL-token-7f3a';

describe('token commands', () => {
  it('the Azure CLI has a JSON form (query and output dropped); other programs have none', () => {
    expect(jsonForm(AZ)?.args).toEqual(['account', 'get-access-token', '--resource', 'https://cognitiveservices.azure.com', '--output', 'json']);
    expect(jsonForm({ ...AZ, command: '/usr/bin/az', args: ['account', 'get-access-token', '--output=tsv'] })?.args).toEqual(['account', 'get-access-token', '--output', 'json']);
    expect(jsonForm({ ...AZ, args: ['login'] })).toBeNull();
    expect(jsonForm({ ...AZ, command: 'gcloud' })).toBeNull();
  });

  it('reads the expiry from expires_on (seconds), else expiresOn; a JSON form without a token is no token', () => {
    expect(readJsonForm(JSON.stringify({ accessToken: TOKEN, expires_on: 1_900_000_000, expiresOn: '2000-01-01 00:00:00.000000' }))).toEqual({ token: true, expiresAt: new Date(1_900_000_000_000) });
    expect(readJsonForm(JSON.stringify({ accessToken: TOKEN, expires_on: '1900000000' })).expiresAt).toEqual(new Date(1_900_000_000_000));
    expect(readJsonForm(JSON.stringify({ accessToken: TOKEN, expiresOn: '2030-01-01 00:00:00.000000' })).expiresAt).toEqual(new Date(2030, 0, 1));
    expect(readJsonForm(JSON.stringify({ accessToken: ' ' }))).toEqual({ token: false, expiresAt: null });
    expect(readJsonForm('not json')).toEqual({ token: false, expiresAt: null });
  });

  it('the fix is the program’s own login, else running it by hand', () => {
    expect(tokenCommandFix('az')).toBe('run: az login');
    expect(tokenCommandFix('/opt/google/bin/gcloud')).toBe('run: gcloud auth login');
    expect(tokenCommandFix('/opt/corp/token-helper')).toBe("run token-helper yourself to log in (it is the provider's auth.command), then try again");
  });

  it('judges a run without ever putting its output in a message', () => {
    const verdicts = [
      judgeTokenRun('p', AZ, { kind: 'exited', code: 1, signal: null, stdout: TOKEN }, false),
      judgeTokenRun('p', AZ, { kind: 'exited', code: 0, signal: null, stdout: '  \n' }, false),
      judgeTokenRun('p', AZ, { kind: 'exited', code: 0, signal: null, stdout: `{"accessToken": "${TOKEN}"}` }, true),
      judgeTokenRun('p', AZ, { kind: 'exited', code: 0, signal: null, stdout: TOKEN }, false),
      judgeTokenRun('p', AZ, { kind: 'timeout', ms: 900 }, false),
      judgeTokenRun('p', AZ, { kind: 'too-big', bytes: 1 << 20 }, false),
      judgeTokenRun('p', AZ, { kind: 'spawn-error', code: 'ENOENT' }, false),
    ];
    expect(verdicts.map((v) => v.ok)).toEqual([false, false, true, true, false, false, false]);
    expect(verdicts[0]).toEqual({ ok: false, message: 'the token command of provider p (az (Entra ID)) failed (exit status 1)', fix: 'run: az login' });
    expect(verdicts[4]).toMatchObject({ message: 'the token command of provider p (az (Entra ID)) did not finish within 900 ms and was stopped' });
    expect(verdicts[6]).toMatchObject({ fix: 'install az, or fix auth.command of provider p' });
    expect(JSON.stringify(verdicts)).not.toContain('SENTINEL');
  });
});

describe('describeOrigin: the words explain and doctor print', () => {
  it('names each source and its lifetime', () => {
    expect(describeOrigin({ kind: 'token-command', program: 'az', what: 'Entra ID' }, '2030-01-01T00:00:00.000Z', null)).toBe('token command az (Entra ID), expires at 2030-01-01T00:00:00.000Z');
    expect(describeOrigin({ kind: 'aws-role', awsProfile: 'deploy', roleArn: 'arn:aws:iam::1:role/D', sourceProfile: 'base', credentialSource: null }, null, '2030-01-01T00:00:00.000Z')).toBe('role arn:aws:iam::1:role/D via source_profile base (AWS profile deploy), cached by cx in the keyring until 2030-01-01T00:00:00.000Z');
    expect(describeOrigin({ kind: 'aws-credential-process', awsProfile: 'tool', program: 'okta-aws' }, null, null)).toBe('credential_process okta-aws (AWS profile tool)');
    expect(describeOrigin({ kind: 'keyring', scope: 'profile', profile: 'work', entry: 'work/K' }, null, null)).toBe('keyring, for profile work');
    expect(describeOrigin({ kind: 'codex-home-env', file: '/h/.codex/.env', variable: 'K' }, null, null)).toBe('$CODEX_HOME/.env (/h/.codex/.env)');
    expect(describeOrigin({ kind: 'aws-sso', awsProfile: 'dev', session: 'corp', tokenExpires: null, tokenExpired: false }, null, null)).toBe('SSO session corp (AWS profile dev), no cached token');
  });
});
