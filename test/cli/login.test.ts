// `cx login` / `cx logout` and a launch with a profile login, through real cx processes and a fake
// codex that records what it got (its CODEX_HOME, its stdin): the refusals, the exit statuses, a
// first login that fails leaving nothing, and a login home others could touch refused rather than
// replaced by codex's own login. test/e2e/profile-login.test.ts runs the real codex.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeKey } from '../../src/credentials/profile-login-home.ts';
import { EXIT } from '../../src/exit-status.ts';
import { cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, looksLikeStackTrace, recorderFake, writeScript } from '../helpers/fake-codex.ts';

function setUp(): { env: Record<string, string>; home: string; codex: ReturnType<typeof recorderFake>; loginHome: (p: string) => string } {
  const codex = recorderFake(join(tempDir('cx-login-bin-'), 'codex'));
  const base = cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: codex.bin, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' });
  const home = join(base['HOME'] as string, 'codex-home');
  mkdirSync(home);
  writeFileSync(join(home, 'config.toml'), 'model = "m"\n');
  writeFileSync(join(home, 'work.config.toml'), 'model = "w"\n');
  writeFileSync(join(home, 'auth.json'), '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-own"}\n', { mode: 0o600 });
  const env = { ...base, CODEX_HOME: home };
  return { env, home, codex, loginHome: (p) => join(base['XDG_STATE_HOME'] as string, 'cx', 'logins', homeKey(home), p) };
}

describe('cx login +PROFILE', () => {
  it('runs `codex login ARGS` with the login home as CODEX_HOME and stdin passed through, untouched', async () => {
    const { env, home, codex, loginHome } = setUp();
    const key = 'sk-SENTINEL-stdin-0123456789';
    const result = await runCx(['login', '+work', '--with-api-key'], { env, input: key });
    expect(result.exitCode, result.stderr).toBe(0);
    const got = codex.read();
    expect(got.argv).toEqual(['login', '--with-api-key']);
    expect(got.env['CODEX_HOME']).toBe(loginHome('work'));
    expect(got.env['CODEX_SQLITE_HOME']).toBe(home);
    expect(got.stdin.toString()).toBe(key);
    expect(`${result.stdout}${result.stderr}`).not.toContain(key);
    expect(lstatSync(loginHome('work')).mode & 0o777).toBe(0o700);
    expect(readdirSync(loginHome('work'))).not.toContain('auth.json');
  });

  it('a first login that fails leaves no login home behind, and exits as codex did', async () => {
    const { env, loginHome } = setUp();
    const bin = writeScript(join(tempDir('cx-login-exit-'), 'codex'), 'exit 3\n');
    const result = await runCx(['login', '+work'], { env: { ...env, CX_CODEX_BIN: bin } });
    expect(result.exitCode).toBe(3);
    expect(existsSync(loginHome('work'))).toBe(false);
    // Nor a temp or removed one beside it.
    expect(readdirSync(join(loginHome('work'), '..'))).toEqual([]);
  });

  it('Ctrl-C during a first login (SIGINT to cx and codex, as a terminal sends it) leaves no login home; cx reports 130', async () => {
    const { env, loginHome } = setUp();
    // What the terminal does on Ctrl-C: SIGINT to the whole foreground group, cx and codex.
    const bin = writeScript(join(tempDir('cx-login-int-'), 'codex'), 'kill -INT $PPID\nsleep 0.2\nkill -INT $$\nsleep 5\n');
    const result = await runCx(['login', '+work'], { env: { ...env, CX_CODEX_BIN: bin } });
    expect(result.signal).toBeUndefined();
    expect(result.exitCode).toBe(130);
    expect(existsSync(loginHome('work'))).toBe(false);
  });

  it('refuses a profile that does not exist (78), a word without + (it is codex\'s own login), and an invalid name (64)', async () => {
    const { env, codex } = setUp();
    const missing = await runCx(['login', '+wrok'], { env });
    expect(missing.exitCode).toBe(EXIT.config);
    expect(missing.stderr).toContain('did you mean +work?');
    expect(codex.ran()).toBe(false);
    const invalid = await runCx(['login', '+bad/name'], { env });
    expect(invalid.exitCode).toBe(EXIT.usage);
    expect(invalid.stderr).not.toContain('bad/name');
    for (const result of [missing, invalid]) expect(looksLikeStackTrace(result.stderr)).toBe(false);
    const nohome = await runCx(['login', '+work'], { env: { ...env, CODEX_HOME: join(env['CODEX_HOME'] as string, 'typo') } });
    expect(nohome.exitCode).toBe(EXIT.config);
    expect(existsSync(join(env['CODEX_HOME'] as string, 'typo'))).toBe(false);
    const plain = await runCx(['login', '--device-auth'], { env });
    expect(plain.exitCode).toBe(0);
    expect(codex.read().argv).toEqual(['login', '--device-auth']);
    expect(codex.read().env['CODEX_HOME']).toBe(env['CODEX_HOME']);
  });
});

describe('a launch with a profile login', () => {
  it('gives codex the login home; other profiles and none get the real CODEX_HOME', async () => {
    const { env, home, codex, loginHome } = setUp();
    expect((await runCx(['login', '+work'], { env })).exitCode).toBe(0);
    expect((await runCx(['+work', 'exec', 'hi'], { env })).exitCode).toBe(0);
    expect(codex.read().env['CODEX_HOME']).toBe(loginHome('work'));
    // A file that appeared in the real home since the login is linked on the next launch.
    writeFileSync(join(home, 'later.config.toml'), '');
    expect((await runCx(['+work', 'exec', 'hi'], { env })).exitCode).toBe(0);
    expect(lstatSync(join(loginHome('work'), 'later.config.toml')).isSymbolicLink()).toBe(true);
    expect((await runCx(['exec', 'hi'], { env })).exitCode).toBe(0);
    expect(codex.read().env['CODEX_HOME']).toBe(home);
    expect(codex.read().env['CODEX_SQLITE_HOME']).toBeUndefined();
  });

  it('concurrent launches with the same profile all link what appeared since, and all run; two first logins at once make one home', async () => {
    const { env, home, codex, loginHome } = setUp();
    const logins = await Promise.all([runCx(['login', '+work'], { env }), runCx(['login', '+work'], { env })]);
    expect(logins.map((r) => r.exitCode)).toEqual([0, 0]);
    expect(readdirSync(join(loginHome('work'), '..'))).toEqual(['work']);
    for (const name of ['n1', 'n2', 'n3', 'n4']) writeFileSync(join(home, `${name}.config.toml`), '');
    const runs = await Promise.all([1, 2, 3, 4].map(() => runCx(['+work', 'exec', 'hi'], { env })));
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0, 0, 0]);
    expect(runs.map((r) => r.stderr).join('')).toBe('');
    for (const name of ['n1', 'n2', 'n3', 'n4']) expect(lstatSync(join(loginHome('work'), `${name}.config.toml`)).isSymbolicLink()).toBe(true);
    expect(codex.read().env['CODEX_HOME']).toBe(loginHome('work'));
  });

  it('explain names the profile\'s own login as where the login comes from, and the CODEX_HOME codex gets', async () => {
    const { env, loginHome } = setUp();
    expect((await runCx(['login', '+work'], { env })).exitCode).toBe(0);
    writeFileSync(join(loginHome('work'), 'auth.json'), '{"auth_mode":"apikey","OPENAI_API_KEY":"sk-profile"}\n', { mode: 0o600 });
    const explain = await runCx(['explain', '--json', '+work', 'exec', 'hi'], { env });
    const plan = JSON.parse(explain.stdout) as { profile: { ownLogin: boolean }; credentials: { from: string; origin: unknown }[]; env: { added: string[] } };
    expect(plan.profile.ownLogin).toBe(true);
    expect(plan.credentials.map((c) => c.origin)).toEqual([{ kind: 'chatgpt-login', profile: 'work' }]);
    expect(plan.credentials[0]?.from).toContain('profile work');
    expect(plan.env.added).toEqual(expect.arrayContaining(['CODEX_HOME', 'CODEX_SQLITE_HOME']));
    expect(explain.stdout).not.toContain('sk-profile');
    const plain = JSON.parse((await runCx(['explain', '--json', 'exec', 'hi'], { env })).stdout) as typeof plan;
    expect(plain.profile.ownLogin).toBe(false);
    expect(plain.credentials.map((c) => c.origin)).toEqual([{ kind: 'chatgpt-login' }]);
  });

  it('refuses (78, profile-login-unsafe) a login home others can read or write, rather than run with codex\'s own login', async () => {
    const { env, codex, loginHome } = setUp();
    expect((await runCx(['login', '+work'], { env })).exitCode).toBe(0);
    codex.reset();
    chmodSync(loginHome('work'), 0o755);
    const result = await runCx(['+work', 'exec', 'hi'], { env });
    expect(result.exitCode).toBe(EXIT.config);
    expect(result.stderr).toContain('cx logout +work');
    expect(codex.ran()).toBe(false);
    const explain = await runCx(['explain', '--json', '+work', 'exec', 'hi'], { env });
    const plan = JSON.parse(explain.stdout) as { findings: { code: string }[]; launch: boolean };
    expect(plan.findings.map((f) => f.code)).toContain('profile-login-unsafe');
    expect(plan.launch).toBe(false);
  });
});

describe('cx logout +PROFILE', () => {
  it('removes the login home (links unlinked, never followed) and says when there is none (66)', async () => {
    const { env, home, loginHome } = setUp();
    expect((await runCx(['login', '+work'], { env })).exitCode).toBe(0);
    expect((await runCx(['logout', '+work'], { env })).exitCode).toBe(0);
    expect(existsSync(loginHome('work'))).toBe(false);
    for (const name of ['config.toml', 'work.config.toml', 'auth.json', 'sessions', 'log']) expect(existsSync(join(home, name)), name).toBe(true);
    const again = await runCx(['logout', '+work'], { env });
    expect(again.exitCode).toBe(66);
    expect(again.stderr).toContain('no login of its own');
  });
});
