// What `cx status --prompt` shows, decided from the facts it gathers (pure; the process side is in
// status.test.ts).
import { describe, expect, it } from 'vitest';
import type { Requirement } from '../../src/credentials/requirements.ts';
import { promptReady, promptText } from '../../src/status/prompt-status.ts';

describe('the prompt, decided', () => {
  const facts = (requirement: Requirement, over: Partial<Parameters<typeof promptReady>[0]> = {}) => ({ requirement, has: () => false, keyringInUse: false, chatgptLogin: false, sso: null, ...over });

  it('a key: in the environment or .env, or a keyring cx stored secrets in; else not ready', () => {
    const azure: Requirement = { kind: 'env-key', provider: 'azure', name: 'AZURE_OPENAI_API_KEY' };
    expect(promptReady(facts(azure))).toBe(false);
    expect(promptReady(facts(azure, { has: (n) => n === 'AZURE_OPENAI_API_KEY' }))).toBe(true);
    expect(promptReady(facts(azure, { has: (n) => n === 'OTHER' }))).toBe(false);
    expect(promptReady(facts(azure, { keyringInUse: true }))).toBe(true);
  });

  it('openai: a ChatGPT login or a key; Bedrock: a bearer token, or an SSO login that has not failed; local providers: always', () => {
    const openai: Requirement = { kind: 'openai', provider: 'openai' };
    expect(promptReady(facts(openai))).toBe(false);
    expect(promptReady(facts(openai, { chatgptLogin: true }))).toBe(true);
    expect(promptReady(facts(openai, { has: (n) => n === 'OPENAI_API_KEY' }))).toBe(true);
    expect(promptReady(facts(openai, { has: (n) => n === 'CODEX_API_KEY' }))).toBe(true);
    const bedrock: Requirement = { kind: 'aws', provider: 'amazon-bedrock', profile: 'dev', profileFrom: 'config', region: 'eu-west-1', profileRegion: null };
    expect(promptReady(facts(bedrock, { sso: 'fail' }))).toBe(false);
    expect(promptReady(facts(bedrock, { sso: 'fail', has: (n) => n === 'AWS_BEARER_TOKEN_BEDROCK' }))).toBe(true);
    expect(promptReady(facts(bedrock, { sso: 'warning' }))).toBe(true);
    expect(promptReady(facts(bedrock, { sso: null }))).toBe(true);
    expect(promptReady(facts({ kind: 'none', provider: 'ollama', why: 'local' }))).toBe(true);
  });

  it('a token command counts as ready: only running it would tell, and the prompt runs nothing', () => {
    expect(promptReady(facts({ kind: 'token-command', provider: 'azure', token: { command: 'az', args: [], timeoutMs: 5000, cwd: null } }))).toBe(true);
  });

  it('the text: the profile, `!` when not ready, `-` for none', () => {
    expect(promptText('work', true)).toBe('work');
    expect(promptText('work', false)).toBe('work!');
    expect(promptText(null, true)).toBe('-');
    expect(promptText(null, false)).toBe('-!');
    expect(promptText('gone', null)).toBe('gone?');
  });
});
