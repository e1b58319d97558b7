// One login per profile (`cx login +PROFILE`, `cx logout +PROFILE`) with the REAL codex, each end of
// the supported range: two profiles, two `codex login --with-api-key` logins made through cx with
// different sentinel keys; what is asserted is the Authorization header that reached a loopback
// stand-in for each run (the built-in openai provider sends the key of the auth.json it reads),
// that codex's own auth.json is byte-identical throughout, that two runs started together each
// reach the stand-in with their own key, and that what codex writes on a run with a profile login
// lands in the real CODEX_HOME. Every sentinel key is searched for in every output.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { homeKey } from '../../src/credentials/profile-login-home.ts';
import { type CodexUnderTest, codexRange, launcherBinDir } from '../helpers/codex-range.ts';
import { type CxResult, cleanEnv, runCx, runProgram, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH } from '../helpers/fake-codex.ts';
import { startPrivateKeyring } from '../helpers/private-keyring.ts';
import { type ResponsesStandIn, startResponsesStandIn, startWebSocketRefusingFront } from '../helpers/responses-stand-in.ts';

const EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];
const TIMEOUT = 90_000;
const RUN = { timeoutMs: 20_000 };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const sentinel = (what: string): string => `sk-${what}-${randomBytes(12).toString('hex')}`;

interface Setup {
  standIn: ResponsesStandIn;
  env: Record<string, string>;
  home: string;
  cwd: string;
  outputs: CxResult[];
}

/** A real CODEX_HOME sending the openai provider's turns to the stand-in, with codex's own login (an API key) and profiles a and b. */
async function setUp(codex: CodexUnderTest, ownKey: string): Promise<Setup> {
  const standIn = await startResponsesStandIn();
  closers.push(() => standIn.close());
  const front = await startWebSocketRefusingFront(standIn);
  closers.push(() => front.close());
  const env = cleanEnv({ PATH: [launcherBinDir(codex), SYSTEM_PATH].join(delimiter) });
  const home = join(env['HOME'] as string, 'codex-home');
  mkdirSync(home);
  writeFileSync(join(home, 'config.toml'), `openai_base_url = "${front.url}/v1"\nmodel = "model-own"\n\n[analytics]\nenabled = false\n`);
  writeFileSync(join(home, 'a.config.toml'), 'model = "model-a"\n');
  writeFileSync(join(home, 'b.config.toml'), 'model = "model-b"\n');
  writeFileSync(join(home, 'auth.json'), `${JSON.stringify({ auth_mode: 'apikey', OPENAI_API_KEY: ownKey }, null, 2)}\n`, { mode: 0o600 });
  return { standIn, env: { ...env, CODEX_HOME: home }, home, cwd: tempDir('cx-login-cwd-'), outputs: [] };
}

async function cx(s: Setup, args: string[], input?: string): Promise<CxResult> {
  const result = await runCx(args, { env: s.env, cwd: s.cwd, ...RUN, ...(input === undefined ? {} : { input }) });
  s.outputs.push(result);
  return result;
}

function diagnose(result: CxResult): string {
  return `exit ${String(result.exitCode)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
}

/** The Authorization header of each turn the stand-in received for `model`. */
function bearersFor(standIn: ResponsesStandIn, model: string): string[] {
  return standIn
    .turns()
    .filter((turn) => (turn.body as { model?: unknown } | null)?.model === model)
    .map((turn) => String(turn.headers.authorization));
}

/** Every regular file below `dir` (links neither followed nor listed), relative. */
function filesBelow(dir: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isDirectory()) found.push(...filesBelow(path, `${prefix}${name}/`));
    else if (stat.isFile()) found.push(`${prefix}${name}`);
  }
  return found;
}

describe.each(codexRange())('cx login +PROFILE with the real codex $version ($end)', (codex) => {
  it('each profile reaches the stand-in with its own key; codex\'s own login is untouched; logout removes one login only', { timeout: TIMEOUT }, async () => {
    const keys = { own: sentinel('OWN'), a: sentinel('PROFILE-A'), b: sentinel('PROFILE-B') };
    const s = await setUp(codex, keys.own);
    const ownAuth = readFileSync(join(s.home, 'auth.json'));

    for (const profile of ['a', 'b'] as const) {
      const login = await cx(s, ['login', `+${profile}`, '--with-api-key'], `${keys[profile]}\n`);
      expect(login.exitCode, diagnose(login)).toBe(0);
    }
    const loginHome = (profile: string): string => join(s.env['XDG_STATE_HOME'] as string, 'cx', 'logins', homeKey(s.home), profile);
    for (const profile of ['a', 'b']) {
      const dir = loginHome(profile);
      expect(lstatSync(dir).mode & 0o777).toBe(0o700);
      expect(lstatSync(join(dir, 'auth.json')).isFile()).toBe(true);
      expect(lstatSync(join(dir, 'auth.json')).mode & 0o077).toBe(0);
      // Shared with the real home: config, the profile files, sessions, logs, history.
      for (const name of ['config.toml', 'a.config.toml', 'sessions', 'log', 'history.jsonl']) {
        expect(lstatSync(join(dir, name)).isSymbolicLink(), name).toBe(true);
        expect(readlinkSync(join(dir, name))).toBe(join(s.home, name));
      }
    }

    // codex's login log went to the real home's log/ (through the link), none stayed in a login home.
    expect(existsSync(join(s.home, 'log', 'codex-login.log'))).toBe(true);
    for (const profile of ['a', 'b']) expect(lstatSync(join(loginHome(profile), 'log')).isSymbolicLink()).toBe(true);

    // codex writes config.toml through the link: the change lands in the real file, the link stays.
    for (const verb of ['enable', 'disable']) {
      const written = await runProgram(join(launcherBinDir(codex), 'codex'), ['features', verb, 'js_repl'], { env: { ...s.env, CODEX_HOME: loginHome('a') }, cwd: s.cwd, ...RUN });
      expect(written.exitCode, diagnose(written)).toBe(0);
      expect(lstatSync(join(loginHome('a'), 'config.toml')).isSymbolicLink()).toBe(true);
      if (verb === 'enable') expect(readFileSync(join(s.home, 'config.toml'), 'utf8')).toMatch(/^js_repl = true$/m);
    }
    expect(readFileSync(join(s.home, 'config.toml'), 'utf8')).not.toMatch(/^js_repl = true$/m);

    // profiles, status and doctor say which profiles have a login of their own (text and JSON).
    const profiles = JSON.parse((await cx(s, ['profiles', '--json'])).stdout) as { schemaVersion: number; profiles: { name: string; ownLogin: boolean }[] };
    expect(profiles.schemaVersion).toBe(1);
    expect(Object.fromEntries(profiles.profiles.map((p) => [p.name, p.ownLogin]))).toEqual({ a: true, b: true });
    expect((await cx(s, ['profiles'])).stdout).toMatch(/^ +a +.*\[own login\]$/m);
    const status = JSON.parse((await cx(s, ['status', '+a', '--json'])).stdout) as { schemaVersion: number; profile: { ownLogin: boolean } };
    expect(status).toMatchObject({ schemaVersion: 1, profile: { ownLogin: true } });
    expect((await cx(s, ['status', '+a'])).stdout).toContain('with its own login');
    const doctor = JSON.parse((await cx(s, ['doctor', '--json', '--cx-only'])).stdout) as { cx: { checks: Record<string, { details?: Record<string, unknown> }> } } & Record<string, unknown>;
    expect(JSON.stringify(doctor)).toContain('"own login":["a","b"]');

    // The real home before any run but the logins: what a profile run writes must land here.
    const before = new Set(filesBelow(s.home));
    const a = await cx(s, ['+a', ...EXEC]);
    expect(a.exitCode, diagnose(a)).toBe(0);
    expect(bearersFor(s.standIn, 'model-a')).toEqual([`Bearer ${keys.a}`]);
    const added = filesBelow(s.home).filter((file) => !before.has(file));
    expect(added.filter((file) => /^sessions\/|\.sqlite$/.test(file)), added.join('\n')).not.toEqual([]);
    // Nothing codex keeps of a run stayed in the login home as a file of its own.
    const kept = filesBelow(loginHome('a')).filter((file) => /^sessions\/|^log\/|history\.jsonl|\.sqlite/.test(file));
    expect(kept).toEqual([]);

    const b = await cx(s, ['+b', ...EXEC]);
    expect(b.exitCode, diagnose(b)).toBe(0);
    expect(bearersFor(s.standIn, 'model-b')).toEqual([`Bearer ${keys.b}`]);
    const own = await cx(s, EXEC);
    expect(own.exitCode, diagnose(own)).toBe(0);
    expect(bearersFor(s.standIn, 'model-own')).toEqual([`Bearer ${keys.own}`]);

    // Two runs with different profiles, started together.
    const [pa, pb] = await Promise.all([cx(s, ['+a', ...EXEC]), cx(s, ['+b', ...EXEC])]);
    expect(pa.exitCode, diagnose(pa)).toBe(0);
    expect(pb.exitCode, diagnose(pb)).toBe(0);
    expect(bearersFor(s.standIn, 'model-a')).toEqual([`Bearer ${keys.a}`, `Bearer ${keys.a}`]);
    expect(bearersFor(s.standIn, 'model-b')).toEqual([`Bearer ${keys.b}`, `Bearer ${keys.b}`]);

    // Logging a out leaves b's login and codex's own.
    const logout = await cx(s, ['logout', '+a']);
    expect(logout.exitCode, diagnose(logout)).toBe(0);
    expect(() => lstatSync(loginHome('a'))).toThrow();
    const a2 = await cx(s, ['+a', ...EXEC]);
    expect(a2.exitCode, diagnose(a2)).toBe(0);
    expect(bearersFor(s.standIn, 'model-a').at(-1)).toBe(`Bearer ${keys.own}`);
    const b2 = await cx(s, ['+b', ...EXEC]);
    expect(b2.exitCode, diagnose(b2)).toBe(0);
    expect(bearersFor(s.standIn, 'model-b').at(-1)).toBe(`Bearer ${keys.b}`);
    const again = await cx(s, ['logout', '+a']);
    expect(again.exitCode).toBe(66);

    // The real home's config and profile files were not replaced by the login homes' links.
    for (const name of ['config.toml', 'a.config.toml', 'b.config.toml', 'auth.json']) expect(lstatSync(join(s.home, name)).isFile(), name).toBe(true);
    expect(readFileSync(join(s.home, 'auth.json')).equals(ownAuth)).toBe(true);
    for (const result of s.outputs) {
      for (const key of Object.values(keys)) {
        expect(result.stdout).not.toContain(key);
        expect(result.stderr).not.toContain(key);
      }
    }
  });

  it('with cli_auth_credentials_store = "keyring": the profile\'s login is a keyring entry of its own (codex keys it by the CODEX_HOME path); logout removes only it', { timeout: TIMEOUT }, async () => {
    const keyring = await startPrivateKeyring();
    closers.push(() => keyring.close());
    const keys = { own: sentinel('OWN'), a: sentinel('PROFILE-A') };
    const s = await setUp(codex, keys.own);
    // codex's own login in its keyring entry, not in auth.json.
    writeFileSync(join(s.home, 'config.toml'), `cli_auth_credentials_store = "keyring"\n${readFileSync(join(s.home, 'config.toml'), 'utf8')}`);
    rmSync(join(s.home, 'auth.json'));
    s.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.bus;
    const codexBin = join(launcherBinDir(codex), 'codex');
    const own = await runProgram(codexBin, ['login', '--with-api-key'], { env: s.env, cwd: s.cwd, input: keys.own, ...RUN });
    expect(own.exitCode, diagnose(own)).toBe(0);
    const entries = async (): Promise<string[]> => {
      const found = await runProgram('secret-tool', ['search', '--all', 'service', 'Codex Auth'], { env: { PATH: SYSTEM_PATH, DBUS_SESSION_BUS_ADDRESS: keyring.bus }, ...RUN });
      return [...`${found.stdout}\n${found.stderr}`.matchAll(/^attribute\.username = (.*)$/gm)].map((m) => m[1] as string).sort();
    };
    const account = (home: string): string => `cli|${createHash('sha256').update(home).digest('hex').slice(0, 16)}`;
    expect(await entries()).toEqual([account(s.home)]);

    const login = await cx(s, ['login', '+a', '--with-api-key'], keys.a);
    expect(login.exitCode, diagnose(login)).toBe(0);
    const dir = join(s.env['XDG_STATE_HOME'] as string, 'cx', 'logins', homeKey(s.home), 'a');
    expect(existsSync(join(dir, 'auth.json'))).toBe(false);
    expect(await entries()).toEqual([account(s.home), account(dir)].sort());
    const a = await cx(s, ['+a', ...EXEC]);
    expect(a.exitCode, diagnose(a)).toBe(0);
    expect(bearersFor(s.standIn, 'model-a')).toEqual([`Bearer ${keys.a}`]);
    const plain = await cx(s, EXEC);
    expect(plain.exitCode, diagnose(plain)).toBe(0);
    expect(bearersFor(s.standIn, 'model-own')).toEqual([`Bearer ${keys.own}`]);

    const logout = await cx(s, ['logout', '+a']);
    expect(logout.exitCode, diagnose(logout)).toBe(0);
    expect(await entries()).toEqual([account(s.home)]);
    for (const result of s.outputs) {
      for (const key of Object.values(keys)) expect(`${result.stdout}${result.stderr}`).not.toContain(key);
    }
  });
});
