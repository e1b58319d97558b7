// cx reads $CODEX_HOME/.env as the real codex does (each of the supported range;
// src/credentials/env-file-parse.ts). For
// each generated file, `codex sandbox -- env -0` shows exactly which variables codex set, and
// to what; cx's parser must predict the same, and account for every line it did not set (a
// problem naming the line), so that cx can warn about each line codex skips silently.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDroppedName, parseDotenv } from '../../src/credentials/env-file-parse.ts';
import { codexRange } from '../helpers/codex-range.ts';
import { type CxResult, runProgram, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, mapLimit, parseEnvDump } from '../helpers/fake-codex.ts';
import { PARITY_ENV, generatedEnvFiles } from './env-file-cases.ts';

const FILES = generatedEnvFiles(120);

interface CodexSaw {
  result: CxResult;
  env: Record<string, string> | null;
}

function baseEnv(codexHome: string, home: string): Record<string, string> {
  return { PATH: SYSTEM_PATH, HOME: home, CODEX_HOME: codexHome, ...PARITY_ENV };
}

/** What codex's environment was after loading this .env (null when it did not get as far as the command). */
async function codexLoads(codex: string, bytes: Buffer | null): Promise<CodexSaw & { given: Record<string, string>; cwd: string }> {
  const root = tempDir('cx-dotenv-parity-');
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  if (bytes !== null) writeFileSync(join(codexHome, '.env'), bytes, { mode: 0o600 });
  const given = baseEnv(codexHome, root);
  // env -0: values may hold newlines (codex's variables are always valid UTF-8).
  const result = await runProgram(codex, ['sandbox', '--', '/usr/bin/env', '-0'], { env: given, cwd: root, timeoutMs: 10_000 });
  if (result.exitCode !== 0 || result.stdout === '') return { result, env: null, given, cwd: root };
  return { result, env: parseEnvDump(Buffer.from(result.stdout, 'utf8')), given, cwd: root };
}

/** codex's environment with no .env (its own variables), or null where `codex sandbox` cannot run. */
function baselineOf(codex: string): Record<string, string> | null {
  const root = tempDir('cx-dotenv-parity-');
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  const run = spawnSync(codex, ['sandbox', '--', '/usr/bin/env', '-0'], { env: baseEnv(codexHome, root), cwd: root, timeout: 10_000 });
  return run.status === 0 && run.stdout.length > 0 ? parseEnvDump(run.stdout) : null;
}

/** Lines that are neither blank nor a comment (1-based), as a person reading the file sees them. */
function meaningfulLines(bytes: Buffer): number[] {
  const text = bytes.toString('latin1');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: number[] = [];
  lines.forEach((line, i) => {
    const t = line.replace(/^[\s\u00a0\ufeff]+|[\s\u00a0]+$/g, '').replace(/^\xef\xbb\xbf/, '');
    if (t !== '' && !t.startsWith('#')) out.push(i + 1);
  });
  return out;
}

// `codex sandbox` needs what its Linux sandbox needs (it runs here as root and as a user); where it
// cannot run, these cases are skipped rather than passed.
describe.each(codexRange())('$CODEX_HOME/.env: cx predicts what the real codex $version ($end) loads', (codex) => {
  const BASELINE = baselineOf(codex.bin);
  it.skipIf(BASELINE === null)(`${FILES.length} generated files: same variables and values, every other line reported`, async () => {
    const base = BASELINE ?? {};
    const mismatches: string[] = [];
    await mapLimit(FILES, 3, async (file) => {
      const saw = await codexLoads(codex.bin, file.bytes);
      const parsed = parseDotenv(file.bytes, saw.given);
      if (saw.env === null) {
        mismatches.push(`${file.label}: codex failed (${String(saw.result.exitCode)}): ${saw.result.stderr.slice(0, 300)}`);
        return;
      }
      // What cx predicts: codex's own environment, then each variable in order (a later one wins).
      // (The baseline run's own variables, moved to this run's directories.)
      const predicted: Record<string, string> = { ...base, HOME: saw.given['HOME'] ?? '', CODEX_HOME: saw.given['CODEX_HOME'] ?? '', PWD: saw.cwd };
      for (const entry of parsed.entries) if (!isDroppedName(entry.name)) predicted[entry.name] = entry.value;
      const names = new Set([...Object.keys(predicted), ...Object.keys(saw.env)]);
      for (const name of names) {
        if (predicted[name] !== saw.env[name]) {
          mismatches.push(`${file.label}: ${name}: cx predicts ${JSON.stringify(predicted[name])}, codex has ${JSON.stringify(saw.env[name])}\n${JSON.stringify(file.bytes.toString('latin1'))}`);
        }
      }
      // Every meaningful line is a variable codex sets, or inside a reported problem.
      const covered = new Set<number>();
      for (const span of [...parsed.entries, ...parsed.problems]) for (let l = span.line; l <= span.lastLine; l += 1) covered.add(l);
      for (const line of meaningfulLines(file.bytes)) {
        if (!covered.has(line)) mismatches.push(`${file.label}: line ${line} is neither set nor reported\n${JSON.stringify(file.bytes.toString('latin1'))}\n${JSON.stringify(parsed)}`);
      }
      // A problem never covers a line whose variable codex set.
      for (const problem of parsed.problems) {
        for (const entry of parsed.entries) {
          if (entry.line >= problem.line && entry.line <= problem.lastLine) mismatches.push(`${file.label}: line ${entry.line} is both set and reported`);
        }
      }
    });
    expect(mismatches).toEqual([]);
  }, 60_000);

  it.skipIf(BASELINE === null)('a NUL byte in a value makes codex crash; cx reports exactly that line (and nothing for NULs codex never sets)', async () => {
    const cases: [string, Buffer, number | null][] = [
      ['in a value', Buffer.from('TN1=ok\nTN2=a\0b\nTN3=ok\n'), 2],
      ['in a quoted value', Buffer.from('TN1=ok\n\nTN2="a\0b"\n'), 3],
      ['in a comment', Buffer.from('TN1=ok\n# a\0b\nTN3=ok\n'), null],
      ['in a name', Buffer.from('TN1=ok\nT\0N2=ab\nTN3=ok\n'), null],
      ['in a CODEX_ value (codex drops the name)', Buffer.from('TN1=ok\nCODEX_TN2=a\0b\nTN3=ok\n'), null],
    ];
    for (const [label, bytes, line] of cases) {
      const saw = await codexLoads(codex.bin, bytes);
      const fatal = parseDotenv(bytes, saw.given).problems.filter((p) => p.kind === 'nul-in-value');
      expect(saw.result.exitCode === 0, `${label}: codex exit ${String(saw.result.exitCode)}`).toBe(line === null);
      if (line !== null) expect(saw.result.stderr, label).toContain('panicked');
      expect(fatal.map((p) => p.line), label).toEqual(line === null ? [] : [line]);
    }
  }, 30_000);
});
