// The keyring layer (src/credentials/keyring.ts) against a real Secret Service: gnome-keyring on
// a private D-Bus, from test/setup/with-keyring.sh (npm test runs vitest inside it). The cases that
// need a keyring in a particular state (fresh, locked, hung) get their own, nested, from the same
// script, and drive keyring.ts in a child process (libsecret keeps one bus connection per process).
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { secretAccount } from '../../src/credentials/keyring-api.ts';
import { KEYRING_CANARY_ACCOUNT, keyringDelete, keyringGet, keyringList, keyringWrite } from '../../src/credentials/keyring.ts';
import { ROOT, runProgram, tempDir } from '../helpers/cx-process.ts';

const WITH_KEYRING = join(ROOT, 'test', 'setup', 'with-keyring.sh');
const KEYTAR = createRequire(import.meta.url).resolve('keytar');
const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];
const NEEDS_BUS = BUS ? '' : ' (SKIPPED: DBUS_SESSION_BUS_ADDRESS is unset; run under test/setup/with-keyring.sh, as npm test does)';
if (!BUS) console.warn(`keyring.test.ts: tests that need a keyring are skipped${NEEDS_BUS}`);
/** The bound the child processes run with (CX_KEYRING_TIMEOUT_MS). */
const TIMEOUT_MS = 800;

/** Names no other test file (sharing the harness keyring) uses. */
const tag = randomBytes(4).toString('hex').toUpperCase();
const name = (base: string): string => `CXT_${tag}_${base}`;

// A child process that runs keyring.ts operations and prints one JSON line for each, then, after
// waiting (at most 3 s) for every keytar call to settle, one line with the process state. It ends
// by itself (no process.exit): the test measures whether it can.
const DRIVER = `
import { keyringDelete, keyringGet, keyringList, keyringSettled, keyringTimedOut, keyringWrite } from './src/credentials/keyring.ts';
async function run(op: string, account: string, value: string): Promise<object> {
  if (op === 'get') return keyringGet(account);
  if (op === 'set') return keyringWrite(account, value);
  if (op === 'delete') return keyringDelete(account);
  return keyringList();
}
async function main(): Promise<void> {
  for (const step of process.argv.slice(2)) {
    const [op = '', account = '', value = ''] = step.split(':');
    const started = Date.now();
    const result = await run(op, account, value);
    process.stdout.write(JSON.stringify({ op, account, ms: Date.now() - started, ...result }) + '\\n');
  }
  const started = Date.now();
  while (!keyringSettled() && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 20));
  process.stdout.write(JSON.stringify({ settled: keyringSettled(), timedOut: keyringTimedOut(), settleMs: Date.now() - started }) + '\\n');
}
void main();
`;

let driver = '';
beforeAll(async () => {
  driver = join(tempDir('cx-keyring-driver-'), 'driver.cjs');
  await build({
    stdin: { contents: DRIVER, resolveDir: ROOT, sourcefile: 'driver.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.19',
    // keytar stays outside the bundle, as in cx's own build; import() ignores NODE_PATH, so the
    // driver (in a temp dir) imports it by its absolute path.
    plugins: [
      {
        name: 'keytar-by-path',
        setup(builder) {
          builder.onResolve({ filter: /^keytar$/ }, () => ({ path: KEYTAR, external: true }));
        },
      },
    ],
    outfile: driver,
    logLevel: 'warning',
  });
});

interface Step {
  op: string;
  account: string;
  ms: number;
  status: string;
  detail: string | null;
  value?: string | null;
  deleted?: boolean;
  accounts?: string[];
}
interface End {
  settled: boolean;
  timedOut: boolean;
  settleMs: number;
}
interface DriverRun {
  steps: Step[];
  end: End;
  /** The driver process's own lifetime, start to exit. */
  wallMs: number;
  exitCode: number | undefined;
  stderr: string;
}

function childEnv(extra: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: tempDir('cx-keyring-home-'),
    CX_KEYRING_TIMEOUT_MS: String(TIMEOUT_MS),
    ...extra,
  };
}

function parseDriver(stdout: string): { steps: Step[]; end: End; wallMs: number } {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  const wall = lines.find((l) => l.startsWith('wall='));
  const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Step | End);
  const end = json.pop() as End;
  return { steps: json as Step[], end, wallMs: wall ? Number(wall.slice(5)) : Number.NaN };
}

/**
 * Runs the driver with `steps` in a fresh keyring of its own (nested with-keyring.sh), after
 * `before` (sh, with $CX_TEST_KEYRING_PID), timing the driver process alone.
 */
async function inOwnKeyring(before: string, steps: string[]): Promise<DriverRun> {
  const script = [
    before,
    'start=$(date +%s%N)',
    '"$NODE_BIN" "$DRIVER" "$@"',
    'code=$?',
    'echo "wall=$(( ($(date +%s%N) - start) / 1000000 ))"',
    'kill -CONT "$CX_TEST_KEYRING_PID" 2>/dev/null',
    'exit $code',
  ].join('\n');
  const result = await runProgram('sh', [WITH_KEYRING, 'sh', '-c', script, 'driver', ...steps], {
    env: childEnv({ NODE_BIN: process.execPath, DRIVER: driver }),
    timeoutMs: 25_000,
  });
  return { ...parseDriver(result.stdout), exitCode: result.exitCode, stderr: result.stderr };
}

/** Runs the driver with `steps` directly, with `env` (for a bus that is missing or dead). */
async function withoutKeyring(env: Record<string, string>, steps: string[]): Promise<DriverRun> {
  const started = Date.now();
  const result = await runProgram(process.execPath, [driver, ...steps], { env: childEnv(env), timeoutMs: 25_000 });
  return { ...parseDriver(result.stdout), wallMs: Date.now() - started, exitCode: result.exitCode, stderr: result.stderr };
}

const LOCK = 'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null || exit 90';
const STOP = 'kill -STOP "$CX_TEST_KEYRING_PID" || exit 91';

describe(`keyring.ts on a real gnome-keyring${NEEDS_BUS}`, () => {
  it.skipIf(!BUS)('stores, reads, lists (names only) and deletes an entry', async () => {
    const account = name('ROUND_TRIP');
    const value = `round-trip-value-${tag}`;
    expect(await keyringWrite(account, value)).toEqual({ status: 'ok', detail: null });
    expect(await keyringGet(account)).toEqual({ value, status: 'ok', detail: null });

    const listed = await keyringList();
    expect(listed.status).toBe('ok');
    expect(listed.accounts).toContain(account);
    expect(listed.accounts).not.toContain(KEYRING_CANARY_ACCOUNT);
    expect(JSON.stringify(listed)).not.toContain(value);

    expect(await keyringDelete(account)).toEqual({ deleted: true, status: 'ok', detail: null });
    expect(await keyringGet(account)).toEqual({ value: null, status: 'ok', detail: null });
    expect(await keyringDelete(account)).toEqual({ deleted: false, status: 'ok', detail: null });
    expect((await keyringList()).accounts).not.toContain(account);
  });

  it.skipIf(!BUS)('keeps an entry for one profile apart from the global one', async () => {
    const variable = name('SCOPED');
    const global = secretAccount(variable, null);
    const work = secretAccount(variable, 'work');
    expect(work).toBe(`work/${variable}`);
    await keyringWrite(global, 'global-value');
    await keyringWrite(work, 'work-value');
    expect((await keyringGet(global)).value).toBe('global-value');
    expect((await keyringGet(work)).value).toBe('work-value');
    expect((await keyringGet(secretAccount(variable, 'home'))).value).toBeNull();
    expect((await keyringList()).accounts).toEqual(expect.arrayContaining([global, work]));
    await keyringDelete(work);
    expect((await keyringGet(global)).value).toBe('global-value');
    await keyringDelete(global);
  });

  it.skipIf(!BUS)('reads a missing entry from a fresh keyring as missing, not locked (the canary is stored then)', async () => {
    const run = await inOwnKeyring('', ['get:NOTHING_HERE', 'list', 'get:__cx_canary__']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.steps.map((s) => [s.op, s.status])).toEqual([['get', 'ok'], ['list', 'ok'], ['get', 'ok']]);
    expect(run.steps[0]?.value).toBeNull();
    expect(run.steps[1]?.accounts).toEqual([]);
    expect(run.steps[2]?.value).toBe('cx keyring canary: not a secret');
  });

  it.skipIf(!BUS)('says locked for a locked collection: get, list (which would crash keytar), delete and set', async () => {
    const run = await inOwnKeyring(`"$NODE_BIN" "$DRIVER" set:HELD:held-value >/dev/null || exit 92\n${LOCK}`, [
      'get:HELD',
      'get:NEVER_STORED',
      'list',
      'delete:HELD',
      'set:OTHER:other-value',
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.steps.map((s) => [s.op, s.status])).toEqual([
      ['get', 'locked'],
      ['get', 'locked'],
      ['list', 'locked'],
      ['delete', 'locked'],
      ['set', 'locked'],
    ]);
    for (const step of run.steps) {
      expect(step.detail).toMatch(/locked/);
      expect(step.ms).toBeLessThan(TIMEOUT_MS);
    }
    expect(run.steps[0]?.value).toBeNull();
    expect(run.steps[3]?.deleted).toBe(false);
    expect(JSON.stringify(run.steps)).not.toContain('held-value');
  });

  it.skipIf(!BUS)('says timeout, within the bound, for a daemon that owns the bus name and never answers; the process still ends at once', async () => {
    // The real daemon, stopped (SIGSTOP): it keeps org.freedesktop.secrets and its socket, and
    // never answers. keytar alone would block ~25-50 s and keep the process alive that long.
    const run = await inOwnKeyring(STOP, ['get:ANY', 'list', 'set:ANY:v', 'delete:ANY']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.steps.map((s) => [s.op, s.status])).toEqual([
      ['get', 'timeout'],
      ['list', 'timeout'],
      ['set', 'timeout'],
      ['delete', 'timeout'],
    ]);
    const [first, ...later] = run.steps;
    expect(first?.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(first?.ms).toBeLessThan(TIMEOUT_MS + 300);
    expect(first?.detail).toBe(`no answer within ${TIMEOUT_MS} ms`);
    // Not asked again in this run.
    for (const step of later) {
      expect(step.ms).toBeLessThan(50);
      expect(step.detail).toMatch(/earlier in this run/);
    }
    // The hung call was released (the D-Bus connection dropped), so the process ends by itself.
    expect(run.end).toMatchObject({ settled: true, timedOut: true });
    expect(run.end.settleMs).toBeLessThan(1000);
    expect(run.wallMs).toBeLessThan(TIMEOUT_MS + 2500);
  });
});

describe('keyring.ts without a keyring', () => {
  it('says unavailable, at once, with no session bus at all', async () => {
    const run = await withoutKeyring({}, ['get:ANY', 'set:ANY:v', 'delete:ANY', 'list']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.steps.map((s) => s.status)).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
    for (const step of run.steps) {
      expect(step.ms).toBeLessThan(TIMEOUT_MS);
      expect(step.detail).toMatch(/\S/);
      expect(step.detail).not.toContain('\n');
    }
    expect(run.end).toMatchObject({ settled: true, timedOut: false });
    expect(run.wallMs).toBeLessThan(TIMEOUT_MS + 2000);
  });

  it('says unavailable, at once, with a bus address nobody listens on', async () => {
    const dead = `unix:path=${join(tempDir('cx-dead-bus-'), 'bus')}`;
    const run = await withoutKeyring({ DBUS_SESSION_BUS_ADDRESS: dead }, ['get:ANY', 'list']);
    expect(run.steps.map((s) => s.status)).toEqual(['unavailable', 'unavailable']);
    expect(run.steps[0]?.detail).toMatch(/connect/i);
    expect(run.steps.every((s) => s.ms < TIMEOUT_MS)).toBe(true);
    expect(run.wallMs).toBeLessThan(TIMEOUT_MS + 2000);
  });
});
