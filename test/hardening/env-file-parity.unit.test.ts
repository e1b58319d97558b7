// The .env parity test (env-file-parity.test.ts) replayed in-process from the real codex's recorded
// answers (test/fixtures/env-file-parity.json): the same files, the same comparison, no codex run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/credentials/env-file-parse.ts';
import { NUL_CASES, PARITY_ENV, PARITY_RECORDING, type ParityRecording, generatedEnvFiles } from './env-file-cases.ts';
import { parityMismatches } from './env-file-parity-check.ts';

const RECORDING = JSON.parse(readFileSync(PARITY_RECORDING, 'utf8')) as ParityRecording;
const FILES = generatedEnvFiles(120);

describe('$CODEX_HOME/.env: cx predicts what the real codex loaded (recorded)', () => {
  it('the recording holds every generated file', () => {
    expect(RECORDING.files.map((f) => f.label)).toEqual(FILES.map((f) => f.label));
    expect(RECORDING.nul.map((n) => n.label)).toEqual(NUL_CASES.map(([label]) => label));
  });

  it(`${FILES.length} generated files: same variables and values, every other line reported, nothing else`, () => {
    const base = RECORDING.base;
    const given = { PATH: base['PATH'] ?? '', HOME: base['HOME'] ?? '', CODEX_HOME: base['CODEX_HOME'] ?? '', ...PARITY_ENV };
    const mismatches: string[] = [];
    for (const file of FILES) {
      const changes = RECORDING.files.find((f) => f.label === file.label)?.changes ?? { set: {}, unset: [] };
      const env: Record<string, string> = { ...base, ...changes.set };
      for (const name of changes.unset) delete env[name];
      mismatches.push(...parityMismatches({ label: file.label, bytes: file.bytes, given, base, env }));
    }
    expect(mismatches).toEqual([]);
  });

  it('a NUL byte in a value codex sets crashed it; cx reports exactly that line', () => {
    for (const [label, bytes, line] of NUL_CASES) {
      expect(RECORDING.nul.find((n) => n.label === label)?.crashed, label).toBe(line !== null);
      const fatal = parseDotenv(bytes, PARITY_ENV).problems.filter((p) => p.kind === 'nul-in-value');
      expect(fatal.map((p) => p.line), label).toEqual(line === null ? [] : [line]);
    }
  });
});
