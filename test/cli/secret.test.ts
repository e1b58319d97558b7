// `cx secret` as users run it: the built cx against a real gnome-keyring on a private D-Bus
// (test/setup/with-keyring.sh; npm test runs vitest inside it). A keyring in a particular state
// (locked, hung) is a nested one of its own. A sentinel secret is planted and looked for in
// everything cx prints: only `get --reveal` may show it.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { CX_BIN, type CxResult, ROOT, cleanEnv, runCx, runProgram, tempDir } from '../helpers/cx-process.ts';
import { tmuxServer } from '../helpers/tmux.ts';

const WITH_KEYRING = join(ROOT, 'test', 'setup', 'with-keyring.sh');
const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];
const NEEDS_BUS = BUS ? '' : ' (SKIPPED: DBUS_SESSION_BUS_ADDRESS is unset; run under test/setup/with-keyring.sh, as npm test does)';
if (!BUS) console.warn(`secret.test.ts: tests that need a keyring are skipped${NEEDS_BUS}`);
const TIMEOUT_MS = 800;
const tmux = tmuxServer('cx-secret');
afterAll(() => tmux.close());
const MISSING = 66;

const tag = randomBytes(4).toString('hex').toUpperCase();
const name = (base: string): string => `CXS_${tag}_${base}`;
/** A secret that must never appear in what cx prints, except through `get --reveal`. */
const SENTINEL = `sentinel-${randomBytes(12).toString('hex')}`;

/**
 * codex's config for these runs: a provider reading each name `set` stores here (else `set` warns
 * that nothing reads it), and the profile `work` (`set --profile P` refuses a profile that does not exist).
 */
const STORED = ['API_KEY', 'SCOPED', 'NEWLINES', 'ARGUMENT', 'EMPTY', 'LOCKED', 'HUNG', 'TYPED', 'ABORTED', 'SENTINEL', 'MEANT'];
const CODEX_HOME = tempDir('cx-secret-codex-');
writeFileSync(join(CODEX_HOME, 'config.toml'), STORED.map((base) => `[model_providers.p-${base.toLowerCase()}]\nbase_url = "https://x/v1"\nenv_key = "${name(base)}"\n`).join('\n'));
writeFileSync(join(CODEX_HOME, 'work.config.toml'), 'model = "m"\n');

/** Everything cx printed in this file's runs, but for `get --reveal`'s stdout. */
const printed: string[] = [];

function env(extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv({ ...(BUS ? { DBUS_SESSION_BUS_ADDRESS: BUS } : {}), CX_KEYRING_TIMEOUT_MS: String(TIMEOUT_MS), CODEX_HOME, ...extra });
}

async function cx(args: string[], options: { input?: string; env?: Record<string, string>; reveal?: boolean } = {}): Promise<CxResult> {
  const result = await runCx(['secret', ...args], { env: options.env ?? env(), ...(options.input === undefined ? {} : { input: options.input }) });
  printed.push(result.stderr);
  if (!options.reveal) printed.push(result.stdout);
  return result;
}

/** Runs `script` (sh; cx is "$CX") inside a keyring of its own (nested with-keyring.sh). */
function inOwnKeyring(script: string): Promise<CxResult> {
  const cxFn = 'cx() { "$NODE_BIN" "$CX_BIN" "$@"; }';
  return runProgram('sh', [WITH_KEYRING, 'sh', '-c', `${cxFn}\n${script}`], {
    env: env({ NODE_BIN: process.execPath, CX_BIN }),
    timeoutMs: 25_000,
  });
}

describe(`cx secret with a real keyring${NEEDS_BUS}`, () => {
  afterAll(async () => {
    if (!BUS) return;
    for (const [n, profile] of [
      ['API_KEY', null],
      ['SCOPED', null],
      ['SCOPED', 'work'],
      ['NEWLINES', null],
    ] as const) {
      await cx(['rm', name(n), ...(profile ? ['--profile', profile] : [])]);
    }
  });

  it.skipIf(!BUS)('set from stdin, get (presence), get --reveal, ls (names only), rm', async () => {
    const variable = name('API_KEY');
    const set = await cx(['set', variable], { input: `${SENTINEL}\n` });
    expect(set.exitCode, set.stderr).toBe(0);
    expect(set.stdout).toBe(`cx: stored ${variable} (global) in the keyring (service cx, account ${variable})`);
    expect(set.stderr).toBe('');

    const get = await cx(['get', variable]);
    expect(get.exitCode).toBe(0);
    expect(get.stdout).toBe(`${variable}: stored in the keyring, global (service cx, account ${variable}; keyring ok)`);

    const reveal = await cx(['get', variable, '--reveal'], { reveal: true });
    expect(reveal.exitCode).toBe(0);
    expect(reveal.stdout).toBe(SENTINEL); // one trailing newline was dropped on the way in
    expect(reveal.stderr).toBe('');

    const ls = await cx(['ls']);
    expect(ls.exitCode).toBe(0);
    expect(ls.stdout.split('\n')[0]).toMatch(/^NAME +SCOPE$/);
    expect(ls.stdout).toMatch(new RegExp(`^${variable} +global$`, 'm'));
    expect(ls.stdout).not.toContain('__cx_canary__');

    const rm = await cx(['rm', variable]);
    expect(rm.exitCode).toBe(0);
    expect(rm.stdout).toBe(`cx: removed ${variable} (global) from the keyring (service cx, account ${variable})`);
    const gone = await cx(['get', variable]);
    expect(gone.exitCode).toBe(MISSING);
    expect(gone.stdout).toBe('');
    expect(gone.stderr).toBe(`cx: ${variable} is not stored in the keyring (service cx, account ${variable})`);
    const again = await cx(['rm', variable]);
    expect(again.exitCode).toBe(MISSING);
    expect((await cx(['ls'])).stdout).not.toContain(variable);
  });

  it.skipIf(!BUS)('an entry for a profile wins over the global one; other profiles get the global one', async () => {
    const variable = name('SCOPED');
    expect((await cx(['set', variable], { input: 'global-value' })).exitCode).toBe(0);
    const scoped = await cx(['set', variable, '--profile', 'work'], { input: 'work-value' });
    expect(scoped.stdout).toBe(`cx: stored ${variable} (profile work) in the keyring (service cx, account work/${variable})`);

    expect((await cx(['get', variable, '--profile', 'work', '--reveal'], { reveal: true })).stdout).toBe('work-value');
    expect((await cx(['get', variable, '--profile=other', '--reveal'], { reveal: true })).stdout).toBe('global-value');
    expect((await cx(['get', variable, '--reveal'], { reveal: true })).stdout).toBe('global-value');
    expect((await cx(['get', variable, '--profile', 'other'])).stdout).toBe(
      `${variable}: stored in the keyring, global; no entry for profile other, so the global one applies (service cx, account ${variable}; keyring ok)`,
    );
    expect((await cx(['get', variable, '--profile', 'work'])).stdout).toContain(`profile work (service cx, account work/${variable}; keyring ok)`);

    const all = (await cx(['ls'])).stdout;
    expect(all).toMatch(new RegExp(`^${variable} +global$`, 'm'));
    expect(all).toMatch(new RegExp(`^${variable} +profile work$`, 'm'));
    const other = (await cx(['ls', '--profile', 'other'])).stdout;
    expect(other).toMatch(new RegExp(`^${variable} +global$`, 'm'));
    expect(other).not.toContain('profile work');

    // rm --profile removes only that profile's entry.
    expect((await cx(['rm', variable, '--profile', 'work'])).exitCode).toBe(0);
    expect((await cx(['get', variable, '--profile', 'work', '--reveal'], { reveal: true })).stdout).toBe('global-value');
  });

  it.skipIf(!BUS)('names: --profile P must exist (78, did you mean, nothing stored); a NAME nothing reads is stored with a warning; get/rm of a typo say the stored name meant', async () => {
    const variable = name('MEANT');
    const typo = await cx(['set', variable, '--profile', 'wrok'], { input: SENTINEL });
    expect(typo.exitCode).toBe(EXIT.config);
    expect(typo.stderr).toBe("cx: profile wrok does not exist (no wrok.config.toml and no [profiles.wrok] in codex's config); those that exist: work — did you mean --profile work?");
    expect((await cx(['get', variable, '--profile', 'wrok'])).exitCode).toBe(MISSING);

    const unread = name('UNREAD');
    const stored = await cx(['set', unread], { input: 'v' });
    expect(stored.exitCode).toBe(0);
    expect(stored.stderr).toBe(`cx: warning: no provider in codex's config or profiles reads ${unread} (env_key), so cx will never deliver it`);
    expect((await cx(['rm', unread])).exitCode).toBe(0);

    expect((await cx(['set', variable], { input: 'v' })).stderr).toBe('');
    const mistyped = `${variable.slice(0, -2)}TN`; // …_MEANT -> …_MEATN
    const get = await cx(['get', mistyped]);
    expect(get.exitCode).toBe(MISSING);
    expect(get.stderr).toMatch(new RegExp(` — did you mean ${variable}\\?$`));
    const rm = await cx(['rm', mistyped]);
    expect(rm.exitCode).toBe(MISSING);
    expect(rm.stderr).toMatch(new RegExp(`nothing removed — did you mean ${variable}\\?$`));
    expect((await cx(['rm', variable])).exitCode).toBe(0);
  });

  it.skipIf(!BUS)('drops exactly one trailing newline from stdin', async () => {
    const variable = name('NEWLINES');
    await cx(['set', variable], { input: 'two\n\n' });
    // runCx strips one final newline from stdout: `two\n` + the newline get --reveal adds.
    expect((await cx(['get', variable, '--reveal'], { reveal: true })).stdout).toBe('two\n');
    await cx(['set', variable], { input: 'crlf\r\n' });
    expect((await cx(['get', variable, '--reveal'], { reveal: true })).stdout).toBe('crlf');
  });

  it.skipIf(!BUS)('refuses a value given as an argument (64, without showing it) and stores nothing', async () => {
    const variable = name('ARGUMENT');
    const result = await cx(['set', variable, SENTINEL]);
    expect(result.exitCode).toBe(EXIT.usage);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('takes no value argument');
    expect(result.stderr).toContain('shell history');
    expect((await cx(['get', variable])).exitCode).toBe(MISSING);
  });

  it.skipIf(!BUS)('refuses an empty value (64) and stores nothing', async () => {
    const variable = name('EMPTY');
    for (const input of ['', '\n']) {
      const result = await cx(['set', variable], { input });
      expect(result.exitCode).toBe(EXIT.usage);
      expect(result.stderr).toBe(`cx: the value for ${variable} is empty; nothing stored — cx secret rm ${variable} removes an entry`);
    }
    // stdin not a terminal and closed (/dev/null): empty too.
    expect((await runCx(['secret', 'set', variable], { env: env() })).exitCode).toBe(EXIT.usage);
    expect((await cx(['get', variable])).exitCode).toBe(MISSING);
  });

  it.skipIf(!BUS)('says locked (74, one line) for a locked keyring', async () => {
    const variable = name('LOCKED');
    const result = await inOwnKeyring(
      [
        `printf v | cx secret set ${variable} >/dev/null || exit 90`,
        'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null || exit 91',
        `cx secret get ${variable}`,
      ].join('\n'),
    );
    printed.push(result.stdout, result.stderr);
    expect(result.exitCode).toBe(EXIT.keyring);
    expect(result.stdout).toBe('');
    const own = result.stderr.split('\n').filter((l) => l.startsWith('cx:'));
    expect(own).toEqual([expect.stringMatching(/^cx: the keyring is locked \(.*\) — unlock it/)]);
  });

  it.skipIf(!BUS)('says it did not answer (74, one line) for a hung keyring, and exits within the bound', async () => {
    const variable = name('HUNG');
    const result = await inOwnKeyring(
      [
        // The same lookup against the keyring while it answers: what starting cx and keytar costs
        // on this machine right now (it is the bound's slack, so load cannot fail the test).
        'start=$(date +%s%N)',
        `cx secret get ${variable} >/dev/null 2>&1`,
        'echo "ref=$(( ($(date +%s%N) - start) / 1000000 ))"',
        'kill -STOP "$CX_TEST_KEYRING_PID" || exit 90',
        'start=$(date +%s%N)',
        `cx secret get ${variable}`,
        'code=$?',
        'echo "wall=$(( ($(date +%s%N) - start) / 1000000 ))"',
        `printf v | cx secret set ${variable}`,
        'echo "set=$?"',
        'kill -CONT "$CX_TEST_KEYRING_PID"',
        'exit $code',
      ].join('\n'),
    );
    printed.push(result.stdout, result.stderr);
    expect(result.exitCode).toBe(EXIT.keyring);
    expect(result.stdout).toMatch(/set=74/);
    const wall = Number(/wall=([0-9]+)/.exec(result.stdout)?.[1]);
    expect(wall).toBeGreaterThanOrEqual(TIMEOUT_MS);
    // Bounded: the wait, plus what an answered lookup took just before, plus a second for the
    // refusal itself (an unbounded D-Bus call would wait ~25 s).
    const ref = Number(/ref=([0-9]+)/.exec(result.stdout)?.[1]);
    expect(ref).toBeGreaterThan(0);
    expect(wall).toBeLessThan(TIMEOUT_MS + Math.max(ref, 1000) + 1000);
    const own = result.stderr.split('\n').filter((l) => l.startsWith('cx:'));
    expect(own[0]).toBe(
      `cx: the keyring did not answer in time (no answer within ${TIMEOUT_MS} ms) — the keyring daemon may be hung; CX_KEYRING_TIMEOUT_MS sets the wait (now ${TIMEOUT_MS} ms)`,
    );
    expect(own).toHaveLength(2); // get's line and set's line
  });

  it.skipIf(!BUS || !tmux.available)('reads the value at a hidden prompt in a terminal (tmux); Ctrl-C stores nothing', async () => {
    const typed = await promptInPane(name('TYPED'), [['-l', SENTINEL], ['BSpace'], ['-l', 'Z'], ['Enter']]);
    expect(typed.status).toBe(0);
    expect(typed.shown).toContain(`cx: value for ${name('TYPED')} (global; input hidden):`);
    expect(typed.after).toContain(`cx: stored ${name('TYPED')} (global)`);
    printed.push(typed.shown, typed.after);
    // Backspace took the last character off; nothing typed was shown.
    expect((await cx(['get', name('TYPED'), '--reveal'], { reveal: true })).stdout).toBe(`${SENTINEL.slice(0, -1)}Z`);
    await cx(['rm', name('TYPED')]);

    const aborted = await promptInPane(name('ABORTED'), [['-l', SENTINEL], ['C-c']]);
    printed.push(aborted.shown, aborted.after);
    expect(aborted.status).toBe(130);
    expect(aborted.after).toContain('cx: aborted; nothing stored');
    expect((await cx(['get', name('ABORTED')])).exitCode).toBe(MISSING);
  });

  it.skipIf(!BUS)('never prints the sentinel secret except through get --reveal', async () => {
    // Every run above, plus the commands' errors with the sentinel near them.
    const variable = name('SENTINEL');
    await cx(['set', variable], { input: SENTINEL });
    await cx(['get', variable]);
    await cx(['get', variable, '--profile', 'work']);
    await cx(['ls']);
    await cx(['set', variable, `--value=${SENTINEL}`]);
    await cx(['set', `--${SENTINEL}`]);
    await cx([SENTINEL]);
    await cx(['rm', variable, SENTINEL]);
    await cx(['rm', variable]);
    expect(printed.length).toBeGreaterThan(30);
    expect(printed.filter((text) => text.includes(SENTINEL))).toEqual([]);
  });
});

describe('cx secret without a keyring', () => {
  it('exits 74 with one line when there is no keyring service', async () => {
    const dead = `unix:path=${join(tempDir('cx-dead-bus-'), 'bus')}`;
    for (const args of [['get', 'SOME_KEY'], ['ls'], ['rm', 'SOME_KEY']]) {
      const result = await runCx(['secret', ...args], { env: env({ DBUS_SESSION_BUS_ADDRESS: dead }) });
      expect(result.exitCode).toBe(EXIT.keyring);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^cx: the keyring is not available \(Could not connect: .*\) — cx secret needs the OS keyring/);
    }
    const set = await runCx(['secret', 'set', 'SOME_KEY'], { env: env({ DBUS_SESSION_BUS_ADDRESS: dead }), input: SENTINEL });
    expect(set.exitCode).toBe(EXIT.keyring);
    expect(`${set.stdout}${set.stderr}`).not.toContain(SENTINEL);
  });

  it('rejects bad usage with 64 before touching the keyring', async () => {
    const bad: [string[], RegExp][] = [
      [[], /needs a command: set, get, rm or ls/],
      [['frob'], /unknown command frob/],
      [['get'], /needs the NAME/],
      [['get', '9LIVES'], /^cx: the NAME given is not a valid variable name \(not shown\): use letters, digits and _/],
      [['get', 'A-B'], /not a valid variable name/],
      [['get', 'OK', '--profile', 'no/slash'], /^cx: the profile name given to --profile is not valid \(not shown\)/],
      [['get', 'OK', '--profile'], /not enough arguments following: --profile/],
      [['ls', 'NAME'], /takes no NAME/],
      [['rm', 'A', 'B'], /takes one NAME/],
      [['set', 'A', '--reveal'], /unknown argument: --reveal/],
      [['get', 'A', '--bogus'], /unknown argument: --bogus \(cx secret\)/],
    ];
    for (const [args, message] of bad) {
      const result = await runCx(['secret', ...args], { env: env({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }) });
      expect(result.exitCode, args.join(' ')).toBe(EXIT.usage);
      expect(result.stderr).toMatch(message);
      // What was typed where a NAME or profile belongs may be a secret: never echoed.
      for (const bogus of ['9LIVES', 'A-B', 'no/slash']) expect(result.stderr).not.toContain(bogus);
      expect(result.stderr.split('\n')).toHaveLength(1);
    }
  });

  it('prints its help', async () => {
    const result = await runCx(['secret', '--help'], { env: env() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('usage: cx secret set|get|rm|ls');
    expect(result.stdout).toContain(`${EXIT.keyring} the keyring is not available, locked or`);
  });
});

// ---------------------------------------------------------------------------------------------
// The hidden prompt, in a real terminal (a tmux pane).

function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface PromptRun {
  shown: string;
  after: string;
  status: number;
}

/** Runs `cx secret set NAME` in a tmux pane, waits for the prompt, sends `keys` (tmux send-keys arguments). */
async function promptInPane(variable: string, keys: string[][]): Promise<PromptRun> {
  const work = tempDir('cx-secret-pane-');
  const status = join(work, 'status');
  const release = join(work, 'release');
  const assignments = Object.entries({ ...env(), TERM: 'xterm' }).map(([k, v]) => `${k}=${shQuote(v)}`);
  const wrapper = join(work, 'wrapper');
  writeFileSync(
    wrapper,
    [
      `env -i ${assignments.join(' ')} ${shQuote(process.execPath)} ${shQuote(CX_BIN)} secret set ${variable}`,
      `echo "$?" > ${shQuote(`${status}.tmp`)} && mv ${shQuote(`${status}.tmp`)} ${shQuote(status)}`,
      'i=0',
      `while [ ! -e ${shQuote(release)} ] && [ "$i" -lt 300 ]; do sleep 0.05; i=$((i + 1)); done`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  const session = `s${randomBytes(4).toString('hex')}`;
  tmux.run('new-session', '-d', '-s', session, '-x', '200', '-y', '20', `sh ${shQuote(wrapper)}`);
  try {
    const shown = await waitFor('the hidden prompt', () => {
      const pane = tmux.run('capture-pane', '-p', '-J', '-t', session);
      return pane.includes('input hidden') && pane;
    });
    for (const key of keys) tmux.run('send-keys', '-t', session, ...key);
    const code = await waitFor("cx's exit status", () => (existsSync(status) ? readFileSync(status, 'utf8').trim() : undefined));
    const after = tmux.run('capture-pane', '-p', '-J', '-t', session);
    return { shown, after, status: Number(code) };
  } finally {
    writeFileSync(release, '');
    tmux.attempt('kill-session', '-t', session);
  }
}
