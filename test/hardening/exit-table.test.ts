// One table: cx exits exactly as codex did, for every exit status 0–255 and every common
// terminating signal, through pipes and through a real terminal (a tmux pane), under each runtime
// (Node 20: spawn; Node 22: execve); and Ctrl-C typed at the terminal reaches codex exactly once.
//
// Kept cheap: each (runtime, table) is ONE shell loop that runs cx once per row and writes
// `row:$?` lines, so a row costs one cx start and no test machinery. The loops of one file run
// side by side (pty loops start in beforeAll; the tests await them).
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CX_BIN, RUNTIMES, cleanEnv, tempDir } from '../helpers/cx-process.ts';
import { type ProgramResult, SYSTEM_PATH, launchModeOf, mapLimit, readIfExists, run, shQuote, waitFor, writeScript } from '../helpers/fake-codex.ts';
import { tmuxServer } from '../helpers/tmux.ts';

const CODES = Array.from({ length: 256 }, (_, code) => code);
/**
 * Through pipes, test/launch/exit-status.test.ts already runs all 256 statuses under the spawn
 * runtime; here the pipe table is the edges and every 17th status, which keeps this file under a
 * minute on two cores (each row is a Node start). CX_TEST_FULL_EXIT=1 runs all 256 here too.
 */
const EDGE_CODES = [0, 1, 2, 3, 63, 64, 69, 70, 74, 77, 78, 124, 125, 126, 127, 128, 129, 130, 131, 134, 137, 141, 143, 192, 253, 254, 255];
const PIPE_CODES = process.env['CX_TEST_FULL_EXIT'] === '1' ? CODES : [...new Set([...EDGE_CODES, ...CODES.filter((code) => code % 17 === 5)])].sort((a, b) => a - b);
/** The common terminating signals, by name without SIG. */
const SIGNALS = ['HUP', 'INT', 'QUIT', 'ILL', 'ABRT', 'FPE', 'KILL', 'SEGV', 'PIPE', 'ALRM', 'TERM', 'USR1', 'USR2'] as const;
const number = (name: string): number => constants.signals[`SIG${name}` as NodeJS.Signals];
/** One loop of 256 cx runs takes ~25 s on a busy 2-core machine; bounded generously. */
const LOOP_TIMEOUT_MS = 100_000;

const tmux = tmuxServer('cx-exit-table');
afterAll(() => tmux.close());

// ---------------------------------------------------------------------------------------------
// Fakes. Each appends "ARG tty|no-tty" to its log (so every row proves codex ran, and where), then
// exits with its argument or kills itself with the signal it names.

interface Fakes {
  dir: string;
  exit: string;
  kill: string;
  log: string;
}

function fakes(): Fakes {
  const dir = tempDir('cx-exit-table-');
  const log = join(dir, 'codex.log');
  const record = `if [ -t 0 ] && [ -t 1 ] && [ -t 2 ]; then t=tty; else t=no-tty; fi\necho "$1 $t" >> ${shQuote(log)}\n`;
  return {
    dir,
    log,
    exit: writeScript(join(dir, 'codex-exit'), `${record}exit "$1"\n`),
    // No core files (SEGV, ABRT, QUIT, ILL, FPE); `exit 99` only if the signal did not end it.
    kill: writeScript(join(dir, 'codex-kill'), `ulimit -c 0 2>/dev/null\n${record}kill -"$1" $$\nexit 99\n`),
  };
}

function logLines(f: Fakes): string[] {
  return (readIfExists(f.log) ?? '').split('\n').filter((line) => line !== '');
}

/**
 * A POSIX shell loop running `NODE cx ROW` with codex `bin` once per row, writing `ROW:$?` to
 * `out`. It survives INT and QUIT itself (a trap, not an ignore: its children start with the
 * default actions) and leaves no core files. In a pane it ends by moving the result into place.
 */
function loopScript(path: string, node: string, bin: string, rows: readonly (string | number)[], out: string, home: string): string {
  return writeScript(
    path,
    [
      "trap ':' INT QUIT",
      'ulimit -c 0 2>/dev/null',
      `for row in ${rows.join(' ')}; do`,
      `  env -i PATH=${shQuote(SYSTEM_PATH)} HOME=${shQuote(home)} TERM=xterm LANG=C.UTF-8 CX_CODEX_BIN=${shQuote(bin)} ${shQuote(node)} ${shQuote(CX_BIN)} "$row"`,
      `  echo "$row:$?" >> ${shQuote(`${out}.part`)}`,
      'done',
      `mv ${shQuote(`${out}.part`)} ${shQuote(out)}`,
      '',
    ].join('\n'),
  );
}

/** `ROW:STATUS` lines -> status by row. */
function statuses(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z0-9]+):(\d+)$/.exec(line);
    if (match) found.set(match[1] as string, Number(match[2]));
  }
  return found;
}

/** Rows whose status was not the expected one (with what was seen), for a readable failure. */
function mismatches(seen: ReadonlyMap<string, number>, expected: ReadonlyMap<string, number>): string[] {
  const wrong: string[] = [];
  for (const [row, want] of expected) if (seen.get(row) !== want) wrong.push(`${row}: want ${want}, got ${String(seen.get(row))}`);
  for (const row of seen.keys()) if (!expected.has(row)) wrong.push(`${row}: unexpected row`);
  return wrong;
}

const codeTable = new Map(CODES.map((code) => [String(code), code]));
const signalTable = new Map(SIGNALS.map((name) => [name, 128 + number(name)]));

// ---------------------------------------------------------------------------------------------
// Through a terminal: one tmux pane per (runtime, table), all started at once.

interface PaneLoop {
  fakes: Fakes;
  /** Settles with the loop's output once the pane's shell has finished. */
  done: Promise<{ text: string; ms: number }>;
}

function paneLoop(node: string, kind: 'exit' | 'kill', rows: readonly (string | number)[]): PaneLoop {
  const f = fakes();
  const out = join(f.dir, 'statuses');
  const script = loopScript(join(f.dir, 'loop'), node, kind === 'exit' ? f.exit : f.kill, rows, out, f.dir);
  const started = Date.now();
  tmux.run('new-session', '-d', '-s', `t${randomBytes(4).toString('hex')}`, '-x', '80', '-y', '24', script);
  const done = waitFor(`the pane's loop (${kind}, ${node})`, () => readIfExists(out), LOOP_TIMEOUT_MS, 100).then((text) => ({ text, ms: Date.now() - started }));
  // A failure is reported by the test that awaits it, not as an unhandled rejection.
  done.catch(() => {});
  return { fakes: f, done };
}

const panes = new Map<string, { codes: PaneLoop; signals: PaneLoop }>();
beforeAll(() => {
  if (!tmux.available) return;
  for (const runtime of RUNTIMES) {
    panes.set(runtime.name, { codes: paneLoop(runtime.node, 'exit', CODES), signals: paneLoop(runtime.node, 'kill', SIGNALS) });
  }
});

// Through pipes first: these run while the panes' loops (started in beforeAll) run beside them.
for (const runtime of RUNTIMES) {
  const mode = launchModeOf(runtime.node);

  describe(`through pipes — ${runtime.name}`, () => {
    it(`exit statuses (${PIPE_CODES.length === 256 ? 'all 0–255' : `${PIPE_CODES.length} of 0–255`}): the shell sees exactly codex's; cx prints nothing`, { timeout: LOOP_TIMEOUT_MS + 10_000 }, async () => {
      const f = fakes();
      const started = Date.now();
      const result = await pipeLoop(runtime.node, f.exit, PIPE_CODES, f.dir);
      const ms = Date.now() - started;
      expect(result.timedOut).toBe(false);
      expect(result.stderr).toBe('');
      // Nothing but the loop's own lines: cx and codex wrote nothing to the pipe.
      expect(result.stdout).toBe(PIPE_CODES.map((code) => `${code}:${code}\n`).join(''));
      expect(logLines(f)).toEqual(PIPE_CODES.map((code) => `${code} no-tty`));
      console.log(`exit table, pipes, ${runtime.name} (${mode}): ${PIPE_CODES.length} statuses in ${ms} ms`);
    });

    it(`codex killed by each of ${SIGNALS.join(' ')}: the shell sees 128+N`, { timeout: 60_000 }, async () => {
      const f = fakes();
      const result = await pipeLoop(runtime.node, f.kill, SIGNALS, f.dir);
      expect(result.stderr).toBe('');
      expect(mismatches(statuses(result.stdout), signalTable)).toEqual([]);
      expect(result.stdout.split('\n').filter((line) => line !== '')).toHaveLength(SIGNALS.length);
    });

    it(`codex killed by each of ${SIGNALS.join(' ')}: cx itself dies by that signal, silently`, { timeout: 60_000 }, async () => {
      const f = fakes();
      const env = cleanEnv({ PATH: SYSTEM_PATH, CX_CODEX_BIN: f.kill });
      // `exec` keeps cx the shell's direct child (so the result is cx's own end); no core files.
      const results = await mapLimit(SIGNALS, 4, async (name) => ({
        name,
        ...(await run('/bin/sh', ['-c', 'ulimit -c 0; exec "$0" "$@"', runtime.node, CX_BIN, name], { env, cwd: f.dir, timeoutMs: 20_000 })),
      }));
      const wrong = results.filter((r) => r.signal !== `SIG${r.name}` || r.exitCode !== undefined || r.stdout !== '' || r.stderr !== '' || r.timedOut);
      expect(wrong).toEqual([]);
    });
  });
}

for (const runtime of RUNTIMES) {
  const mode = launchModeOf(runtime.node);

  describe.skipIf(!tmux.available)(`through a terminal (tmux) — ${runtime.name}`, () => {
    it('every exit status 0–255: the shell sees exactly codex\'s, and codex had the terminal every time', { timeout: LOOP_TIMEOUT_MS + 10_000 }, async () => {
      const loop = panes.get(runtime.name)?.codes as PaneLoop;
      const { text, ms } = await loop.done;
      expect(mismatches(statuses(text), codeTable)).toEqual([]);
      expect(logLines(loop.fakes)).toEqual(CODES.map((code) => `${code} tty`));
      console.log(`exit table, pty, ${runtime.name} (${mode}): 256 statuses in ${ms} ms`);
    });

    it(`codex killed by each of ${SIGNALS.join(' ')}: the shell sees 128+N`, { timeout: LOOP_TIMEOUT_MS + 10_000 }, async () => {
      const loop = panes.get(runtime.name)?.signals as PaneLoop;
      const { text } = await loop.done;
      expect(mismatches(statuses(text), signalTable)).toEqual([]);
      expect(logLines(loop.fakes)).toEqual(SIGNALS.map((name) => `${name} tty`));
    });
  });
}

/**
 * The loop through pipes: cx's stdin /dev/null, its stdout and stderr the pipes this process reads.
 * The shell's own notes on a child killed by a signal ("Hangup", "Quit", …) go to /dev/null, so
 * that stderr holds only what cx and codex wrote.
 */
function pipeLoop(node: string, bin: string, rows: readonly (string | number)[], dir: string): Promise<ProgramResult> {
  const script = writeScript(
    join(dir, 'pipe-loop'),
    [
      'ulimit -c 0 2>/dev/null',
      'exec 3>&2 2>/dev/null',
      `for row in ${rows.join(' ')}; do`,
      // The subshell takes the redirections and becomes cx (exec), so the loop's shell, which
      // reports, waits for cx with its own stderr.
      `  ( exec env -i PATH=${shQuote(SYSTEM_PATH)} HOME=${shQuote(dir)} LANG=C.UTF-8 CX_CODEX_BIN=${shQuote(bin)} ${shQuote(node)} ${shQuote(CX_BIN)} "$row" < /dev/null 2>&3 )`,
      '  echo "$row:$?"',
      'done',
      '',
    ].join('\n'),
  );
  return run('/bin/sh', [script], { env: { PATH: SYSTEM_PATH }, cwd: dir, timeoutMs: LOOP_TIMEOUT_MS });
}

// ---------------------------------------------------------------------------------------------
// Ctrl-C typed at the terminal: the terminal signals the whole foreground group (cx and codex);
// cx neither forwards it nor dies of it, so codex gets it exactly once.

/** Perl, for the counting fake: it runs a handler once per delivery (a shell's trap runs once for two that arrive together). */
const PERL = '/usr/bin/perl';
const HAS_PERL = existsSync(PERL);

type Ending = 'exit' | 'die' | 'own-group';

/**
 * A codex that counts SIGINTs (one log line per delivery) until the release file appears, waits
 * 400 ms more (for a late, forwarded copy), then exits 100+count, or (`die`) kills itself with
 * SIGINT. `own-group`: it first leaves the terminal's foreground process group, so that only a
 * SIGINT cx passed on could reach it.
 */
function countingFake(dir: string, ending: Ending): { bin: string; ready: string; log: string; release: string } {
  const ready = join(dir, 'ready');
  const log = join(dir, 'ints');
  const release = join(dir, 'release');
  const q = (path: string): string => `'${path.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  const bin = join(dir, 'codex');
  writeFileSync(
    bin,
    [
      `#!${PERL}`,
      'use strict;',
      'use warnings;',
      'use Time::HiRes qw(time sleep);',
      'my $got = 0;',
      `$SIG{INT} = sub { $got++; open(my $f, '>>', ${q(log)}) or die; print $f "INT\\n"; close $f; };`,
      ending === 'own-group' ? 'setpgrp(0, 0) or die;' : '',
      `open(my $r, '>', ${q(ready)}) or die; print $r "$$\\n"; close $r;`,
      'my $until = time + 20;',
      `sleep 0.02 while !-e ${q(release)} && time < $until;`,
      '$until = time + 0.4;',
      'sleep 0.02 while time < $until;',
      ending === 'die' ? "$SIG{INT} = 'DEFAULT'; kill 'INT', $$; sleep 1; exit 99;" : 'exit 100 + $got;',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return { bin, ready, log, release };
}

const PRESSES = 2;

/**
 * Runs cx in a pane and presses Ctrl-C PRESSES times, each once codex has logged the one before
 * (unless it is in its own group) and 400 ms have passed, time for a forwarded copy to arrive and
 * be counted. A copy that reaches codex before it has taken the terminal's own is merged with it
 * by the kernel and cannot be told apart: the `own-group` case is the one that proves cx passes
 * nothing on.
 */
async function ctrlC(node: string, ending: Ending): Promise<{ status: number; ints: number }> {
  const dir = tempDir('cx-exit-table-ctrl-c-');
  const fake = countingFake(dir, ending);
  const out = join(dir, 'status');
  const script = loopScript(join(dir, 'wrapper'), node, fake.bin, ['exec'], out, dir);
  const session = `c${randomBytes(4).toString('hex')}`;
  tmux.run('new-session', '-d', '-s', session, '-x', '80', '-y', '24', script);
  await waitFor('codex to start in the pane', () => readIfExists(fake.ready)?.includes('\n'), 30_000);
  const ints = (): number => (readIfExists(fake.log) ?? '').split('\n').filter((line) => line === 'INT').length;
  for (let press = 1; press <= PRESSES; press += 1) {
    tmux.run('send-keys', '-t', session, 'C-c');
    if (ending !== 'own-group') await waitFor(`codex to catch Ctrl-C #${press}`, () => ints() >= press, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
  writeFileSync(fake.release, '');
  const text = await waitFor('the pane\'s shell to record cx\'s status', () => readIfExists(out), 30_000);
  return { status: statuses(text).get('exec') ?? -1, ints: ints() };
}

describe.skipIf(!tmux.available || !HAS_PERL)('Ctrl-C at the terminal reaches codex exactly once', () => {
  const cases = RUNTIMES.flatMap((runtime) => [
    { runtime, ending: 'exit' as const, what: 'codex counts them and exits', status: 100 + PRESSES, ints: PRESSES },
    { runtime, ending: 'die' as const, what: 'codex counts them, then dies by SIGINT', status: 130, ints: PRESSES },
    { runtime, ending: 'own-group' as const, what: 'codex outside the foreground group gets none from cx', status: 100, ints: 0 },
  ]);
  it.concurrent.each(cases)(`$runtime.name: ${PRESSES} presses, $what -> the shell sees $status`, { timeout: 45_000 }, async ({ runtime, ending, status, ints }) => {
    expect(await ctrlC(runtime.node, ending)).toEqual({ status, ints });
  });
});
