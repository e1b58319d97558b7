// cx reads $CODEX_HOME/.env as the real codex 0.169 does (src/credentials/env-file-parse.ts). For
// each generated file, `codex sandbox -- env -0` shows exactly which variables codex set, and
// to what; cx's parser must predict the same, and account for every line it did not set (a
// problem naming the line, never one on blank and comment lines alone), so that cx can warn about
// each line codex skips silently. What codex answered is recorded in
// test/fixtures/env-file-parity.json, which env-file-parity.unit.test.ts replays in-process (the
// unit set Stryker runs); here a recording that no longer matches the pinned codex fails.
// To record again: CX_RECORD=1 npx vitest run --config test/vitest.config.ts test/hardening/env-file-parity.test.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/credentials/env-file-parse.ts';
import { NATIVE_CODEX, ROOT, type CxResult, runProgram, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, mapLimit, parseEnvDump } from '../helpers/fake-codex.ts';
import { NUL_CASES, PARITY_ENV, PARITY_RECORDING, type ParityRecording, generatedEnvFiles } from './env-file-cases.ts';
import { parityMismatches } from './env-file-parity-check.ts';

const FILES = generatedEnvFiles(120);

interface CodexSaw {
  result: CxResult;
  env: Record<string, string> | null;
}

function baseEnv(codexHome: string, home: string): Record<string, string> {
  return { PATH: SYSTEM_PATH, HOME: home, CODEX_HOME: codexHome, ...PARITY_ENV };
}

/** What codex's environment was after loading this .env (null when it did not get as far as the command). */
async function codexLoads(bytes: Buffer | null): Promise<CodexSaw & { given: Record<string, string>; cwd: string }> {
  const root = tempDir('cx-dotenv-parity-');
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  if (bytes !== null) writeFileSync(join(codexHome, '.env'), bytes, { mode: 0o600 });
  const given = baseEnv(codexHome, root);
  // env -0: values may hold newlines (codex's variables are always valid UTF-8).
  const result = await runProgram(NATIVE_CODEX, ['sandbox', '--', '/usr/bin/env', '-0'], { env: given, cwd: root, timeoutMs: 10_000 });
  if (result.exitCode !== 0 || result.stdout === '') return { result, env: null, given, cwd: root };
  return { result, env: parseEnvDump(Buffer.from(result.stdout, 'utf8')), given, cwd: root };
}

/** codex's environment with no .env (its own variables), or null where `codex sandbox` cannot run. */
const BASELINE: Record<string, string> | null = (() => {
  const root = tempDir('cx-dotenv-parity-');
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  const run = spawnSync(NATIVE_CODEX, ['sandbox', '--', '/usr/bin/env', '-0'], { env: baseEnv(codexHome, root), cwd: root, timeout: 10_000 });
  return run.status === 0 && run.stdout.length > 0 ? parseEnvDump(run.stdout) : null;
})();

/** Where the recording puts a run's directories, so that it is the same from run to run. */
const PLACE = { HOME: '/cx-parity', CODEX_HOME: '/cx-parity/codex-home', PWD: '/cx-parity' };

/** What this .env changed in codex's environment, with this run's directories replaced by PLACE. */
function changes(moved: Record<string, string>, env: Record<string, string>): ParityRecording['files'][number]['changes'] {
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (moved[name] !== value) set[name] = value;
  return { set, unset: Object.keys(moved).filter((name) => env[name] === undefined) };
}

// `codex sandbox` needs what its Linux sandbox needs (it runs here as root and as a user); where it
// cannot run, these cases are skipped rather than passed.
describe.skipIf(BASELINE === null)('$CODEX_HOME/.env: cx predicts what the real codex loads', () => {
  // (Without this checkout's path, which codex puts in PATH.)
  const recording: ParityRecording = { base: { ...(BASELINE ?? {}), ...PLACE, PATH: (BASELINE?.['PATH'] ?? '').replaceAll(ROOT, '/cx-root/') }, files: [], nul: [] };

  it(`${FILES.length} generated files: same variables and values, every other line reported`, async () => {
    const base = BASELINE ?? {};
    const mismatches: string[] = [];
    await mapLimit(FILES, 3, async (file) => {
      const saw = await codexLoads(file.bytes);
      if (saw.env === null) {
        mismatches.push(`${file.label}: codex failed (${String(saw.result.exitCode)}): ${saw.result.stderr.slice(0, 300)}`);
        return;
      }
      // (The baseline run's own variables, moved to this run's directories.)
      const moved = { ...base, HOME: saw.given['HOME'] ?? '', CODEX_HOME: saw.given['CODEX_HOME'] ?? '', PWD: saw.cwd };
      mismatches.push(...parityMismatches({ label: file.label, bytes: file.bytes, given: saw.given, base: moved, env: saw.env }));
      recording.files.push({ label: file.label, changes: changes(moved, saw.env) });
    });
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('a NUL byte in a value makes codex crash; cx reports exactly that line (and nothing for NULs codex never sets)', async () => {
    for (const [label, bytes, line] of NUL_CASES) {
      const saw = await codexLoads(bytes);
      const fatal = parseDotenv(bytes, saw.given).problems.filter((p) => p.kind === 'nul-in-value');
      expect(saw.result.exitCode === 0, `${label}: codex exit ${String(saw.result.exitCode)}`).toBe(line === null);
      if (line !== null) expect(saw.result.stderr, label).toContain('panicked');
      expect(fatal.map((p) => p.line), label).toEqual(line === null ? [] : [line]);
      recording.nul.push({ label, crashed: saw.result.exitCode !== 0 && saw.result.stderr.includes('panicked') });
    }
  }, 30_000);

  it('the recording the unit set replays is what codex answered here', () => {
    recording.files.sort((a, b) => FILES.findIndex((f) => f.label === a.label) - FILES.findIndex((f) => f.label === b.label));
    const text = `${JSON.stringify(recording, null, 1)}\n`;
    if (process.env['CX_RECORD'] === '1') writeFileSync(PARITY_RECORDING, text);
    const kept: ParityRecording = JSON.parse(readFileSync(PARITY_RECORDING, 'utf8')) as ParityRecording;
    expect(kept.files).toEqual(recording.files);
    expect(kept.nul).toEqual(recording.nul);
  });
});
