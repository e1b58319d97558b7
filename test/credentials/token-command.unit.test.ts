// The deciding parts of a provider's token command (src/credentials/token-command.ts), in-process.
import { describe, expect, it } from 'vitest';
import { describeOrigin } from '../../src/credentials/credential-origin.ts';
import { DEFAULT_TOKEN_TIMEOUT_MS, MAX_TOKEN_OUTPUT_BYTES, type TokenCommand, describeTokenCommand, jsonForm, judgeTokenRun, readJsonForm, tokenCommandFix, tokenCommandOf, tokenCommandWhat } from '../../src/credentials/token-command.ts';

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

describe('the auth table, read as codex reads it', () => {
  it('a command with string arguments (others dropped), its timeout and cwd', () => {
    expect(tokenCommandOf({ command: 'az', args: ['a', 1, 'b', true], timeout_ms: 9000, cwd: 'tools' })).toEqual({ command: 'az', args: ['a', 'b'], timeoutMs: 9000, cwd: 'tools' });
  });

  it('no command, an empty one or one that is not a string: nothing codex would run', () => {
    expect(tokenCommandOf({ args: ['x'] })).toBeNull();
    expect(tokenCommandOf({ command: '' })).toBeNull();
    expect(tokenCommandOf({ command: ['az'] })).toBeNull();
    expect(tokenCommandOf('az')).toBeNull();
    expect(tokenCommandOf(undefined)).toBeNull();
  });

  it('arguments that are not a list read as none; a timeout that is not a positive whole number is codex\'s default', () => {
    expect(tokenCommandOf({ command: 'az', args: 'account' })?.args).toEqual([]);
    for (const timeout_ms of [0, -5, 1.5, '9000', null]) {
      expect(tokenCommandOf({ command: 'az', timeout_ms })?.timeoutMs).toBe(DEFAULT_TOKEN_TIMEOUT_MS);
    }
    expect(tokenCommandOf({ command: 'az', timeout_ms: 1 })?.timeoutMs).toBe(1);
  });

  it('an empty or non-string cwd is the config\'s directory (null)', () => {
    expect(tokenCommandOf({ command: 'az', cwd: '' })?.cwd).toBeNull();
    expect(tokenCommandOf({ command: 'az', cwd: 7 })?.cwd).toBeNull();
  });
});

describe('programs cx knows, by name (a Windows .exe or .cmd included)', () => {
  it('what the token is, and the program named with it', () => {
    expect(tokenCommandWhat('/usr/bin/az')).toBe('Entra ID');
    expect(tokenCommandWhat('C:\\Program Files\\az.CMD')).toBe('Entra ID');
    expect(tokenCommandWhat('vault.exe')).toBe('HashiCorp Vault');
    expect(tokenCommandWhat('token-helper')).toBeNull();
    expect(describeTokenCommand('/opt/gcloud')).toBe('gcloud (Google Cloud)');
    expect(describeTokenCommand('/opt/corp/token-helper')).toBe('token-helper');
    expect(tokenCommandFix('az.exe')).toBe('run: az login');
  });

  it('the Azure CLI found as az.exe has the JSON form too; --query and --output dropped wherever they are', () => {
    const win = { ...AZ, command: 'C:\\az\\az.exe', args: ['account', 'get-access-token', '--query', 'accessToken', '--resource', 'r', '-o=tsv', '--query=x', '--output', 'tsv'] };
    expect(jsonForm(win)?.args).toEqual(['account', 'get-access-token', '--resource', 'r', '--output', 'json']);
    expect(jsonForm(win)?.command).toBe('C:\\az\\az.exe');
  });

  it('an argument that merely contains `-o=` is kept (only the options themselves are dropped)', () => {
    expect(jsonForm({ ...AZ, args: ['account', 'get-access-token', '--resource', 'https://x/?client-o=1'] })?.args).toEqual(['account', 'get-access-token', '--resource', 'https://x/?client-o=1', '--output', 'json']);
  });

  it('only `az account get-access-token` has a JSON form', () => {
    expect(jsonForm({ ...AZ, args: ['account', 'show'] })).toBeNull();
    expect(jsonForm({ ...AZ, args: ['login', 'get-access-token'] })).toBeNull();
  });
});

describe('the JSON form\'s answer', () => {
  it('JSON that is not an object, or a token that is not a string, holds no token', () => {
    expect(readJsonForm('[1]')).toEqual({ token: false, expiresAt: null });
    expect(readJsonForm('"eyJ"')).toEqual({ token: false, expiresAt: null });
    expect(readJsonForm('null')).toEqual({ token: false, expiresAt: null });
    expect(readJsonForm(JSON.stringify({ accessToken: 42 })).token).toBe(false);
  });

  it('an expires_on of zero, or not a number, falls back to expiresOn', () => {
    expect(readJsonForm(JSON.stringify({ accessToken: TOKEN, expires_on: 0 })).expiresAt).toBeNull();
    expect(readJsonForm(JSON.stringify({ accessToken: TOKEN, expires_on: true })).expiresAt).toBeNull();
    expect(readJsonForm(JSON.stringify({ accessToken: TOKEN, expires_on: 'soon', expiresOn: '2030-01-01 00:00:00.000000' })).expiresAt).toEqual(new Date(2030, 0, 1));
    expect(readJsonForm(JSON.stringify({ accessToken: TOKEN, expiresOn: 'never' })).expiresAt).toBeNull();
  });
});

describe('judging a run', () => {
  const judge = (run: Parameters<typeof judgeTokenRun>[2], json = false) => judgeTokenRun('p', AZ, run, json);

  it('too much output is no token', () => {
    expect(judge({ kind: 'too-big', bytes: 1 << 20 })).toEqual({ ok: false, message: `the token command of provider p (az (Entra ID)) printed more than ${MAX_TOKEN_OUTPUT_BYTES} bytes, which is not a token`, fix: 'run: az login' });
  });

  it('not found on PATH: install it; any other start failure: its code, and the login fix', () => {
    expect(judge({ kind: 'spawn-error', code: 'ENOENT' })).toEqual({ ok: false, message: 'the token command of provider p (az (Entra ID)) was not found (looked for az on PATH)', fix: 'install az, or fix auth.command of provider p' });
    expect(judge({ kind: 'spawn-error', code: 'EACCES' })).toEqual({ ok: false, message: 'the token command of provider p (az (Entra ID)) could not be started (EACCES)', fix: 'run: az login' });
  });

  it('killed by a signal: the signal is named', () => {
    expect(judge({ kind: 'exited', code: null, signal: 'SIGTERM', stdout: '' })).toEqual({ ok: false, message: 'the token command of provider p (az (Entra ID)) failed (signal SIGTERM)', fix: 'run: az login' });
  });

  it('the JSON form must print JSON holding a token (a bare token is not its answer), and its expiry is kept', () => {
    expect(judge({ kind: 'exited', code: 0, signal: null, stdout: TOKEN }, true)).toEqual({ ok: false, message: 'the token command of provider p (az (Entra ID)) printed no token', fix: 'run: az login' });
    expect(judge({ kind: 'exited', code: 0, signal: null, stdout: JSON.stringify({ accessToken: TOKEN, expires_on: 1_900_000_000 }) }, true)).toEqual({ ok: true, expiresAt: new Date(1_900_000_000_000) });
    expect(judge({ kind: 'exited', code: 0, signal: null, stdout: TOKEN })).toEqual({ ok: true, expiresAt: null });
    expect(judge({ kind: 'exited', code: 0, signal: null, stdout: ' ' })).toEqual({ ok: false, message: 'the token command of provider p (az (Entra ID)) printed no token', fix: 'run: az login' });
  });
});
