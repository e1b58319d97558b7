// The recorded answers of the real codex that the unit set reads (test/fixtures/codex-cli/): its
// `--help`, and the error `codex -p x doctor` prints, which lists the commands that take -p. Here
// the pinned codex is asked again, so a recording that no longer matches fails the full suite.
// To record again: CX_RECORD=1 npx vitest run --config test/vitest.config.ts test/plan/codex-cli-live.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CxResult, NATIVE_CODEX, ROOT, runProgram, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH } from '../helpers/fake-codex.ts';

const DIR = join(ROOT, 'test', 'fixtures', 'codex-cli');

async function ask(args: string[]): Promise<CxResult> {
  const home = tempDir('cx-codex-cli-');
  return runProgram(NATIVE_CODEX, args, { env: { PATH: SYSTEM_PATH, HOME: home, CODEX_HOME: home }, cwd: home, timeoutMs: 10_000 });
}

function check(name: string, live: string): void {
  const path = join(DIR, name);
  if (process.env['CX_RECORD'] === '1') writeFileSync(path, live);
  expect(live, `${path} is out of date: record it again (see the top of this file)`).toBe(readFileSync(path, 'utf8'));
}

describe('recorded codex answers (test/fixtures/codex-cli) are what the pinned codex says', () => {
  it('codex --help', async () => {
    const run = await ask(['--help']);
    expect(run.exitCode).toBe(0);
    check('help.txt', run.stdout);
  });

  it('the commands that take -p (the error of `codex -p x doctor`)', async () => {
    const run = await ask(['-p', 'x', 'doctor']);
    expect(run.exitCode).toBe(1);
    // Only the first line: a backtrace follows.
    const line = run.stderr.split('\n').find((l) => l.includes('--profile only applies')) ?? '';
    expect(line).not.toBe('');
    check('profile-commands.txt', `${line}\n`);
  });
});
