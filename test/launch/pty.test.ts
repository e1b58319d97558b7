// cx under a real terminal (a tmux pane): codex gets the TTY, and Ctrl-C / Ctrl-\ reach codex
// exactly once (the terminal signals the whole foreground group; cx neither forwards nor dies of
// them), and cx then exits as codex did.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CX_BIN, RUNTIMES, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, readIfExists, shQuote, waitFor, writeScript } from '../helpers/fake-codex.ts';
import { tmuxServer } from '../helpers/tmux.ts';

const tmux = tmuxServer('cx-pty');
afterAll(() => tmux.close());

type Ending = 'exit 3' | 'die by the signal';

/**
 * A codex that records whether stdin/stdout/stderr are TTYs, traps INT and QUIT (one log line per
 * delivery), and after the first one waits 300 ms (to catch a second, forwarded copy) and ends.
 */
function ttyFake(dir: string, ending: Ending): { bin: string; ready: string; log: string; tty: string } {
  const ready = join(dir, 'ready');
  const log = join(dir, 'log');
  const tty = join(dir, 'tty');
  const end = ending === 'exit 3' ? 'exit 3' : 'trap - "$last"; kill -"$last" $$; exit 99';
  const bin = writeScript(
    join(dir, 'codex'),
    [
      'got=0',
      'last=',
      `trap 'got=$((got + 1)); last=INT; echo INT >> ${shQuote(log)}' INT`,
      `trap 'got=$((got + 1)); last=QUIT; echo QUIT >> ${shQuote(log)}' QUIT`,
      'if [ -t 0 ] && [ -t 1 ] && [ -t 2 ]; then t=tty; else t=not-a-tty; fi',
      `echo "$t" > ${shQuote(tty)}`,
      `: > ${shQuote(log)}`,
      `echo "$$ $PPID" > ${shQuote(ready)}`,
      'i=0',
      'while [ "$got" -eq 0 ] && [ "$i" -lt 400 ]; do sleep 0.05; i=$((i + 1)); done',
      '[ "$got" -eq 0 ] && exit 98',
      'j=0',
      'while [ "$j" -lt 6 ]; do sleep 0.05; j=$((j + 1)); done',
      end,
      '',
    ].join('\n'),
  );
  return { bin, ready, log, tty };
}

interface PaneRun {
  status: number;
  deliveries: string[];
  tty: string;
}

/** Runs cx in a new tmux pane through a shell that records cx's exit status; sends `key` once codex is ready. */
async function runInPane(node: string, ending: Ending, key: string): Promise<PaneRun> {
  const dir = tempDir('cx-pty-');
  const fake = ttyFake(dir, ending);
  const status = join(dir, 'status');
  // The shell survives the key's signal (a trap, not an ignore, so its children start with defaults).
  const wrapper = writeScript(
    join(dir, 'wrapper'),
    [
      "trap ':' INT QUIT",
      `env -i PATH=${shQuote(SYSTEM_PATH)} HOME=${shQuote(dir)} TERM=xterm CX_CODEX_BIN=${shQuote(fake.bin)} ${shQuote(node)} ${shQuote(CX_BIN)} exec hello`,
      `echo "$?" > ${shQuote(`${status}.tmp`)} && mv ${shQuote(`${status}.tmp`)} ${shQuote(status)}`,
      '',
    ].join('\n'),
  );
  const session = `s${randomBytes(4).toString('hex')}`;
  tmux.run('new-session', '-d', '-s', session, '-x', '80', '-y', '24', wrapper);
  await waitFor('codex to start in the pane', () => readIfExists(fake.ready)?.includes('\n'));
  tmux.run('send-keys', '-t', session, key);
  const code = await waitFor('the pane\'s shell to record cx\'s status', () => readIfExists(status)?.trim());
  return {
    status: Number(code),
    deliveries: (readIfExists(fake.log) ?? '').split('\n').filter((line) => line !== ''),
    tty: (readIfExists(fake.tty) ?? '').trim(),
  };
}

describe.skipIf(!tmux.available)('under a real terminal (tmux)', () => {
  for (const runtime of RUNTIMES) {
    describe(runtime.name, () => {
      it('Ctrl-C reaches codex exactly once; codex handles it and exits 3; cx exits 3; codex had a TTY', async () => {
        const run = await runInPane(runtime.node, 'exit 3', 'C-c');
        expect(run.tty).toBe('tty');
        expect(run.deliveries).toEqual(['INT']);
        expect(run.status).toBe(3);
      });

      it('Ctrl-C that kills codex makes cx die of SIGINT too (the shell sees 130)', async () => {
        const run = await runInPane(runtime.node, 'die by the signal', 'C-c');
        expect(run.deliveries).toEqual(['INT']);
        expect(run.status).toBe(130);
      });

      it('Ctrl-\\ reaches codex exactly once; cx dies of SIGQUIT with it (the shell sees 131)', async () => {
        const run = await runInPane(runtime.node, 'die by the signal', 'C-\\');
        expect(run.deliveries).toEqual(['QUIT']);
        expect(run.status).toBe(131);
      });
    });
  }

  it('leaves no pane behind', () => {
    expect(existsSync(CX_BIN)).toBe(true);
    const sessions = tmux.attempt('list-sessions');
    // Every pane ended with its wrapper (the server itself stays up until afterAll closes it).
    expect(sessions.stdout.trim()).toBe('');
  });
});
