// src/config/atomic-write.ts under contention, with real processes: 50 writers of distinct contents
// to one path (a reader watching all along) and 50 writers of distinct files into one directory
// none of them has yet. Readers only ever see one writer's whole content, the last rename wins
// whole, nothing temporary is left, files are 0600 and the directories cx made 0700.
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/config/atomic-write.ts';
import { ROOT, tempDir } from '../helpers/cx-process.ts';
import { type ProgramResult, SYSTEM_PATH, start, waitFor } from '../helpers/fake-codex.ts';

const WRITERS = 50;
const ROUNDS = 20;

/**
 * Writer `id`'s content in `round`: a header naming both, then a body whose length differs per
 * writer (so a torn or mixed file cannot pass for a whole one), then a footer. Plain JavaScript,
 * shared verbatim by the writers and this file.
 */
const CONTENT_JS = `function content(id, round) {
  const unit = '<' + id + '.' + round + '>';
  return 'writer ' + id + ' round ' + round + '\\n' + unit.repeat(Math.ceil((24000 + id * 517) / unit.length)) + '\\nend ' + id + ' ' + round + '\\n';
}`;
const content = new Function(`${CONTENT_JS}\nreturn content;`)() as (id: number, round: number) => string;

// One writer: says it is ready, waits for the go file (so that all 50 start writing together,
// whatever their start-up times), then writes its content ROUNDS times.
const DRIVER = `
import { existsSync, writeFileSync } from 'node:fs';
import { writeFileAtomic } from './src/config/atomic-write.ts';
${CONTENT_JS}
const [mode = '', target = '', id = '', rounds = '', ready = '', go = ''] = process.argv.slice(2);
writeFileSync(ready, '');
const deadline = Date.now() + 60_000;
const pause = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(go)) {
  if (Date.now() > deadline) process.exit(3);
  Atomics.wait(pause, 0, 0, 2);
}
for (let round = 0; round < Number(rounds); round += 1) {
  writeFileAtomic(mode === 'same' ? target : target + '/file-' + id, content(Number(id), round));
}
`;

/** Which writer and round this text is the whole content of, or null. */
function whoseWhole(text: string): { id: number; round: number } | null {
  const match = /^writer (\d+) round (\d+)\n/.exec(text);
  if (!match) return null;
  const id = Number(match[1]);
  const round = Number(match[2]);
  return text === content(id, round) ? { id, round } : null;
}

let driver = '';
beforeAll(async () => {
  const dir = tempDir('cx-atomic-driver-');
  driver = join(dir, 'driver.cjs');
  await build({
    stdin: { contents: DRIVER, resolveDir: ROOT, sourcefile: 'driver.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20.19',
    outfile: driver,
    logLevel: 'silent',
  });
});

interface Writers {
  results: ProgramResult[];
  /** Every read the watcher made while the writers ran, by what it saw. */
  reads: { whole: number; missing: number; torn: string[] };
}

/** Starts WRITERS writers, waits until all are ready, lets them go, and (optionally) reads `watch` until they end. */
async function runWriters(mode: 'same' | 'distinct', target: string, watch: string | null): Promise<Writers> {
  const sync = tempDir('cx-atomic-sync-');
  const go = join(sync, 'go');
  const writers = Array.from({ length: WRITERS }, (_, id) =>
    start(process.execPath, [driver, mode, target, String(id), String(ROUNDS), join(sync, `ready-${id}`), go], { env: { PATH: SYSTEM_PATH }, timeoutMs: 90_000 }),
  );
  const all = Promise.all(writers.map((w) => w.result));
  await waitFor('all writers to be ready', () => readdirSync(sync).length >= WRITERS || writers.some((w) => w.finished()), 60_000);
  writeFileSync(go, '');
  const reads = { whole: 0, missing: 0, torn: [] as string[] };
  let seenOnce = false;
  while (watch !== null && !writers.every((w) => w.finished())) {
    let text: string | null = null;
    try {
      text = readFileSync(watch, 'utf8');
    } catch {
      // Before the first rename there is no file; after it, there must always be one.
      if (seenOnce) reads.missing += 1;
    }
    if (text !== null) {
      seenOnce = true;
      if (whoseWhole(text)) reads.whole += 1;
      else reads.torn.push(`${text.length} bytes: ${text.slice(0, 40)}…${text.slice(-20)}`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { results: await all, reads };
}

function expectAllWritersOk(results: ProgramResult[]): void {
  const wrong = results.map((r, id) => ({ id, ...r })).filter((r) => r.exitCode !== 0 || r.signal !== undefined || r.timedOut || r.stderr !== '');
  expect(wrong).toEqual([]);
}

function mode(path: string): string {
  return (lstatSync(path).mode & 0o777).toString(8);
}

describe('writeFileAtomic under contention (50 processes)', () => {
  it(`${WRITERS} writers × ${ROUNDS} rounds of distinct contents to one path: every read is one writer's whole content; the last rename wins whole; no temp file`, { timeout: 120_000 }, async () => {
    const root = tempDir('cx-atomic-same-');
    // Three levels none of which exists: every writer creates them at once.
    const target = join(root, 'a', 'b', 'c', 'record');
    const started = Date.now();
    const { results, reads } = await runWriters('same', target, target);
    const ms = Date.now() - started;
    expectAllWritersOk(results);

    expect(reads.torn, 'reads that were not one writer\'s whole content').toEqual([]);
    expect(reads.missing, 'reads that found no file after the first rename').toBe(0);
    expect(reads.whole, 'the watcher saw the file while the writers ran').toBeGreaterThan(0);

    // The last rename was some writer's last round: its content, whole.
    const final = whoseWhole(readFileSync(target, 'utf8'));
    expect(final, 'the final file is one writer\'s whole content').not.toBeNull();
    expect(final?.round).toBe(ROUNDS - 1);

    expect(readdirSync(join(root, 'a', 'b', 'c'))).toEqual(['record']);
    expect(mode(target)).toBe('600');
    for (const dir of ['a', 'a/b', 'a/b/c']) expect(mode(join(root, dir)), dir).toBe('700');
    console.log(`atomic-write, one path: ${WRITERS * ROUNDS} writes by ${WRITERS} processes in ${ms} ms; ${reads.whole} reads during them, all whole`);
  });

  it(`${WRITERS} writers × ${ROUNDS} rounds, each to its own file in one new directory: every file whole, 0600, nothing else`, { timeout: 120_000 }, async () => {
    const root = tempDir('cx-atomic-distinct-');
    const dir = join(root, 'state', 'cx', 'trust');
    const { results } = await runWriters('distinct', dir, null);
    expectAllWritersOk(results);
    const names = readdirSync(dir).sort();
    expect(names).toEqual(Array.from({ length: WRITERS }, (_, id) => `file-${id}`).sort());
    for (let id = 0; id < WRITERS; id += 1) {
      const file = join(dir, `file-${id}`);
      expect(readFileSync(file, 'utf8') === content(id, ROUNDS - 1), `file-${id} is writer ${id}'s last content`).toBe(true);
      expect(mode(file)).toBe('600');
    }
    for (const made of ['state', 'state/cx', 'state/cx/trust']) expect(mode(join(root, made)), made).toBe('700');
  });
});

describe('writeFileAtomic when it cannot finish', () => {
  it('a target that is a directory: it throws, the directory is untouched and no temp file is left', () => {
    const root = tempDir('cx-atomic-fail-');
    const target = join(root, 'record');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept\n');
    expect(() => writeFileAtomic(target, 'new\n')).toThrow();
    expect(readdirSync(root)).toEqual(['record']);
    expect(readdirSync(target)).toEqual(['inside']);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept\n');
  });

  it('an existing file readable by others is replaced by a private one (0600), whole', () => {
    const root = tempDir('cx-atomic-mode-');
    const target = join(root, 'record');
    writeFileSync(target, 'old\n', { mode: 0o644 });
    writeFileAtomic(target, 'new\n');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(mode(target)).toBe('600');
    expect(readdirSync(root)).toEqual(['record']);
    expect(existsSync(`${target}.tmp`)).toBe(false);
  });
});
