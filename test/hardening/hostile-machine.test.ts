// Broken and hostile machines (issue 11's runtime items, issue 17 §1): each case is a machine state
// (a hung keyring, a NUL byte in an AWS secret, a FIFO where git metadata belongs, a closed pipe, a
// signal during `aws sso login`, a trust store someone else can write, CI with a terminal…) plus a
// command through the built cx, against a recording fake codex or the real codex on loopback. Every
// case asserts: no planted sentinel in any output or in any file cx wrote, finished within 5 s, the
// documented status, and codex launched or not as expected.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { type CxResult, CX_BIN, NATIVE_CODEX, NODE_MODULES_BIN, RUNTIMES, runProgram } from '../helpers/cx-process.ts';
import { looksLikeStackTrace, writeScript } from '../helpers/fake-codex.ts';
import { type PrivateKeyring, startPrivateKeyring } from '../helpers/private-keyring.ts';
import { type Front, type ResponsesStandIn, startResponsesStandIn, startWebSocketRefusingFront } from '../helpers/responses-stand-in.ts';
import { type Box, makeBox, snapshot, snapshotDiff } from './harness.ts';

const BOUND_MS = 5_000;
const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];
const NEEDS_BUS = BUS ? '' : ' (SKIPPED: needs gnome-keyring and dbus, as test/setup/with-keyring.sh provides)';

/** A sentinel secret, unique per call: it must appear in no output and no file cx wrote. */
function sentinel(what: string): string {
  return `SENTINEL-${what}-${randomBytes(8).toString('hex')}`;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Run {
  result: CxResult;
  ms: number;
  /** What changed under HOME, with the content of every added or changed regular file. */
  written: string[];
}

/** Runs the built cx in `box` (HOME snapshotted before and after), bounded. */
async function runIn(box: Box, args: readonly string[], options: { env?: Record<string, string>; node?: string; cwd?: string; input?: string } = {}): Promise<Run> {
  const before = snapshot(box.home);
  const started = Date.now();
  const result = await runProgram(options.node ?? process.execPath, [CX_BIN, ...args], {
    env: { ...box.env, ...options.env },
    cwd: options.cwd ?? box.cwd,
    timeoutMs: BOUND_MS * 3,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  const ms = Date.now() - started;
  const written = snapshotDiff(before, snapshot(box.home)).map((line) => {
    const match = /^(?:added|changed) (\.\/[^:]*)/.exec(line);
    if (match?.[1] === undefined) return line;
    try {
      return `${line}\n${readFileSync(join(box.home, match[1]), 'utf8')}`;
    } catch {
      return line;
    }
  });
  return { result, ms, written };
}

interface Want {
  status: number;
  /** Whether codex (the box's recording fake) ran. */
  launched?: boolean;
  sentinels?: readonly string[];
  /** The one error (or notice) line must match. */
  stderr?: RegExp;
}

function shown(run: Run): string {
  return `status ${String(run.result.exitCode)} signal ${String(run.result.signal)} in ${run.ms} ms\n--- stderr\n${run.result.stderr}\n--- stdout\n${run.result.stdout.slice(0, 1500)}`;
}

/** The checks every case shares. */
function check(box: Box, run: Run, want: Want): void {
  const text = shown(run);
  expect(run.result.timedOut, text).toBe(false);
  expect(run.ms, `took longer than ${BOUND_MS} ms\n${text}`).toBeLessThan(BOUND_MS);
  expect(run.result.exitCode, text).toBe(want.status);
  expect(looksLikeStackTrace(run.result.stderr), text).toBe(false);
  expect(run.result.stderr, text).not.toContain('internal error');
  for (const value of want.sentinels ?? []) {
    expect(run.result.stdout.includes(value) || run.result.stderr.includes(value), `a sentinel was printed\n${text}`).toBe(false);
    for (const entry of run.written) expect(entry.includes(value), `a sentinel was written: ${entry.split('\n')[0] ?? ''}`).toBe(false);
  }
  if (want.stderr) expect(run.result.stderr, text).toMatch(want.stderr);
  if (want.launched !== undefined) expect(box.fake.ran(), `codex ${want.launched ? 'did not run' : 'ran'}\n${text}`).toBe(want.launched);
}

// ---------------------------------------------------------------------------------------------
// 1. A hung keyring (issue 11 item 1): the daemon owns the bus name and never answers.

/** A private keyring holding OPENAI_API_KEY (via `cx secret set`), then stopped. */
async function hungKeyring(box: Box, key: string): Promise<PrivateKeyring> {
  const keyring = await startPrivateKeyring();
  cleanups.push(() => keyring.close());
  box.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.bus;
  box.env['CX_KEYRING_TIMEOUT_MS'] = '800';
  const stored = await runProgram(process.execPath, [CX_BIN, 'secret', 'set', 'OPENAI_API_KEY'], { env: box.env, input: key });
  expect(stored.exitCode, stored.stderr).toBe(0);
  process.kill(keyring.pid, 'SIGSTOP');
  return keyring;
}

async function openaiStandIn(box: Box): Promise<ResponsesStandIn> {
  const standIn = await startResponsesStandIn();
  const front: Front = await startWebSocketRefusingFront(standIn);
  cleanups.push(() => standIn.close(), () => front.close());
  writeFileSync(join(box.codexHome, 'config.toml'), `model = "gpt-5.5"\nopenai_base_url = "${front.url}/v1"\n[analytics]\nenabled = false\n`);
  return standIn;
}

const REAL_EXEC = ['exec', '--skip-git-repo-check', '--disable', 'unbounded_connection_retries', 'say hi'];

describe.each(RUNTIMES)(`a hung keyring, $name${NEEDS_BUS}`, ({ node }) => {
  it.skipIf(!BUS)('the real codex runs: the request arrives, one notice, cx exits 0 as codex did', async () => {
    const box = makeBox();
    const key = sentinel('openai-key');
    await hungKeyring(box, key);
    const standIn = await openaiStandIn(box);
    box.env['CX_CODEX_BIN'] = NATIVE_CODEX;
    const run = await runIn(box, REAL_EXEC, { node, env: { PATH: `${NODE_MODULES_BIN}${delimiter}${box.env['PATH'] ?? ''}` } });
    check(box, run, { status: 0, sentinels: [key] });
    expect(standIn.turns(), shown(run)).toHaveLength(1);
    const notices = run.result.stderr.split('\n').filter((line) => line.startsWith('cx: '));
    expect(notices, shown(run)).toEqual([expect.stringMatching(/^cx: warning: the keyring did not answer in time/)]);
  });

  it.skipIf(!BUS)('a codex that outlives the keyring release is not sent SIGTERM; cx mirrors its status', async () => {
    const box = makeBox();
    const key = sentinel('openai-key');
    await hungKeyring(box, key);
    box.env['CX_CODEX_BIN'] = writeScript(join(box.root, 'slow', 'codex'), `trap 'echo TERM > ${box.root}/slow/caught; exit 143' TERM\nsleep 1\n: > ${box.root}/slow/done\nexit 7\n`);
    const run = await runIn(box, ['exec', 'hi'], { node });
    check(box, run, { status: 7, sentinels: [key], stderr: /^cx: warning: the keyring did not answer in time/ });
    expect(spawnSync('ls', [join(box.root, 'slow')], { encoding: 'utf8' }).stdout.split('\n')).toContain('done');
  });
});

void mkdirSync;
void EXIT;
