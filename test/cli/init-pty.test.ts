// `cx init` at a real terminal (a tmux pane): it asks for what the flags did not give, shows the
// file, writes it, and stores the key typed at the hidden prompt in the keyring (a private
// gnome-keyring when run under with-keyring.sh, as npm test does). cx runs with exactly its own
// environment (`env -i`, as test/cli/doctor.test.ts does): with CI=true, even at a terminal,
// nothing is asked. The sentinel key typed is searched for in the pane, the output and the file.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CX_BIN, NODE_MODULES_BIN, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, readIfExists, shQuote, waitFor, writeScript } from '../helpers/fake-codex.ts';
import { type PrivateKeyring, startPrivateKeyring } from '../helpers/private-keyring.ts';
import { type TmuxServer, tmuxServer } from '../helpers/tmux.ts';

const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];
const KEY = `init-pty-sentinel-${randomBytes(12).toString('hex')}`;
const TIMEOUT = 40_000;

let tmux: TmuxServer;
let keyring: PrivateKeyring | null = null;
beforeAll(async () => {
  tmux = tmuxServer('cx-init');
  if (BUS) keyring = await startPrivateKeyring();
});
afterAll(async () => {
  tmux.close();
  await keyring?.close();
});

interface Pane {
  /** The pane's visible text and scrollback. */
  text(): string;
  /** Waits until the pane shows `text`, then types `keys` (tmux key names, e.g. Enter, C-c). */
  answer(text: string, ...keys: string[]): Promise<void>;
  /** cx's exit status, once it has ended. */
  status(): Promise<number>;
  out(): string;
}

let sessions = 0;

/** Runs `cx ARGS` in a new pane: stdin and stderr the pane's terminal, stdout to a file. */
function inPane(env: Record<string, string>, cwd: string, args: string[]): Pane {
  const dir = tempDir('cx-init-pty-');
  const out = join(dir, 'out');
  const status = join(dir, 'status');
  const cx = `env -i ${Object.entries(env).map(([k, v]) => shQuote(`${k}=${v}`)).join(' ')} ${shQuote(process.execPath)} ${shQuote(CX_BIN)} ${args.map(shQuote).join(' ')}`;
  const script = writeScript(join(dir, 'run'), `cd ${shQuote(cwd)}\n${cx} > ${shQuote(out)}\necho $? > ${shQuote(status)}\nsleep 30\n`);
  const session = `init${(sessions += 1)}`;
  tmux.run('new-session', '-d', '-s', session, '-x', '160', '-y', '50', script);
  const text = (): string => tmux.run('capture-pane', '-p', '-J', '-S', '-200', '-t', session);
  return {
    text,
    answer: async (wanted, ...keys) => {
      await waitFor(`the pane to show ${JSON.stringify(wanted)}`, () => text().includes(wanted), 15_000);
      tmux.run('send-keys', '-t', session, ...keys);
    },
    status: async () => Number((await waitFor('cx to end', () => readIfExists(status)?.endsWith('\n') && readIfExists(status), 20_000)).trim()),
    out: () => readIfExists(out) ?? '',
  };
}

function setup(): { env: Record<string, string>; home: string; cwd: string } {
  const env = cleanEnv({ PATH: SYSTEM_PATH, TERM: 'xterm', DBUS_SESSION_BUS_ADDRESS: keyring?.bus ?? 'unix:path=/nonexistent', CX_KEYRING_TIMEOUT_MS: '3000' });
  const home = join(env['HOME'] as string, 'codex-home');
  mkdirSync(home);
  writeFileSync(join(home, 'config.toml'), '');
  return { env: { ...env, CODEX_HOME: home }, home, cwd: tempDir('cx-init-pty-cwd-') };
}

describe.skipIf(!tmuxServer('cx-probe').available)('cx init at a terminal', () => {
  it('asks name, provider, Entra, deployment, base URL, API version and key name; shows the file; writes it; stores the key typed hidden', { timeout: TIMEOUT }, async () => {
    const s = setup();
    const pane = inPane(s.env, s.cwd, ['init', '--no-doctor']);
    await pane.answer('profile name', 'pty-azure', 'Enter');
    await pane.answer('provider (openai, azure, amazon-bedrock', 'azure', 'Enter');
    await pane.answer('sign in with Entra ID', 'Enter');
    await pane.answer('deployment name', 'my-deployment', 'Enter');
    await pane.answer('base URL', 'https://r.openai.azure.com/openai', 'Enter');
    await pane.answer('API version [2025-04-01-preview]', 'Enter');
    await pane.answer('name of the variable that holds the key [AZURE_OPENAI_API_KEY]', 'Enter');
    await pane.answer('write this file?', 'Enter');
    if (keyring) {
      await pane.answer('store AZURE_OPENAI_API_KEY in the keyring now?', 'Enter');
      await pane.answer('input hidden', '-l', KEY);
      await pane.answer('input hidden', 'Enter');
    } else {
      await pane.answer('store AZURE_OPENAI_API_KEY in the keyring now?', 'n', 'Enter');
    }
    expect(await pane.status(), pane.text()).toBe(0);
    const path = join(s.home, 'pty-azure.config.toml');
    const text = readFileSync(path, 'utf8');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(text).toContain('model = "my-deployment"');
    expect(text).toContain('base_url = "https://r.openai.azure.com/openai"');
    // The file was shown before it was written.
    expect(pane.text()).toContain('[model_providers.azure]');
    expect(pane.out()).toContain(`cx init: wrote ${path}`);
    for (const seen of [pane.text(), pane.out(), text]) expect(seen).not.toContain(KEY);
    if (keyring) {
      // The key is in the keyring, for this profile: cx status finds it there.
      const status = await runCx(['status', '+pty-azure'], { env: { ...s.env, PATH: `${NODE_MODULES_BIN}:${SYSTEM_PATH}` }, cwd: s.cwd });
      expect(status.stdout.split('\n')[1]).toBe('credentials ready: AZURE_OPENAI_API_KEY from keyring, for profile pty-azure');
      expect(status.stdout).not.toContain(KEY);
    } else {
      expect(pane.out()).toContain('next: store the key: `cx secret set AZURE_OPENAI_API_KEY --profile pty-azure`');
    }
  });

  it('a keyring that cannot be used: the file is still written, and it says how to give the key without one', { timeout: TIMEOUT }, async () => {
    const s = setup();
    const env = { ...s.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    const pane = inPane(env, s.cwd, ['init', 'nokeyring', '--provider', 'litellm', '--base-url', 'https://llm.example.com/v1', '--model', 'm', '--no-doctor']);
    await pane.answer('name of the variable that holds the key [LITELLM_API_KEY]', 'Enter');
    await pane.answer('write this file?', 'Enter');
    await pane.answer('store LITELLM_API_KEY in the keyring now?', 'Enter');
    await pane.answer('input hidden', '-l', KEY);
    await pane.answer('input hidden', 'Enter');
    expect(await pane.status(), pane.text()).toBe(0);
    expect(pane.text()).toContain('cx init: the key was not stored: the keyring is not available');
    expect(pane.out()).toContain('next: provide the key without the keyring: export LITELLM_API_KEY, or put LITELLM_API_KEY=… in $CODEX_HOME/.env (mode 0600)');
    expect(readFileSync(join(s.home, 'nokeyring.config.toml'), 'utf8')).toContain('env_key = "LITELLM_API_KEY"');
    for (const seen of [pane.text(), pane.out()]) expect(seen).not.toContain(KEY);
  });

  it('an answer that cannot be used is said with its fix, and the questions come again', { timeout: TIMEOUT }, async () => {
    const s = setup();
    const pane = inPane(s.env, s.cwd, ['init', 'bed', '--provider', 'bedrock', '--no-doctor']);
    await pane.answer('model (Bedrock IDs look like openai.gpt-5.5)', 'openai.gpt-5.5', 'Enter');
    await pane.answer('AWS region [us-east-1]', 'eu-west-9', 'Enter');
    await pane.answer('did you mean eu-west-1?', 'openai.gpt-5.5', 'Enter');
    await waitFor('the region question again', () => pane.text().split('AWS region [us-east-1]').length === 3, 15_000);
    await pane.answer('AWS region [us-east-1]', 'eu-west-1', 'Enter');
    await pane.answer('write this file?', 'Enter');
    expect(await pane.status(), pane.text()).toBe(0);
    expect(readFileSync(join(s.home, 'bed.config.toml'), 'utf8')).toContain('region = "eu-west-1"');
  });

  it('Ctrl-C at a question: 130, nothing written', { timeout: TIMEOUT }, async () => {
    const s = setup();
    const pane = inPane(s.env, s.cwd, ['init', 'stopped', '--no-doctor']);
    await pane.answer('provider (', 'C-c');
    expect(await pane.status()).toBe(130);
    expect(pane.text()).toContain('cx init: aborted; nothing written');
    expect(readIfExists(join(s.home, 'stopped.config.toml'))).toBeUndefined();
  });

  it('with CI=true at a terminal nothing is asked: without --provider it refuses (64); with it, writes', { timeout: TIMEOUT }, async () => {
    const s = setup();
    const env = { ...s.env, CI: 'true' };
    const refused = inPane(env, s.cwd, ['init', 'ci', '--no-doctor']);
    expect(await refused.status()).toBe(64);
    expect(refused.text()).toContain('cx init needs --provider when nobody is at a terminal to ask');
    expect(refused.text()).not.toContain('cx init: provider');
    const written = inPane(env, s.cwd, ['init', 'ci', '--provider', 'openai', '--no-doctor']);
    expect(await written.status()).toBe(0);
    expect(written.text()).not.toContain('cx init: ');
    expect(readFileSync(join(s.home, 'ci.config.toml'), 'utf8')).toContain('model_provider = "openai"');
  });
});
