// test/setup/check-system.sh (the first step of `npm test`): on a machine without the tools the
// tests drive, ONE line naming them and the command that installs them, exit 69; silent otherwise.
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runProgram, tempDir } from '../helpers/cx-process.ts';
import { writeScript } from '../helpers/fake-codex.ts';

const SCRIPT = join(ROOT, 'test', 'setup', 'check-system.sh');
/** What the script itself runs besides the tools it checks. */
const BASICS = ['sh', 'node', 'dirname', 'id'];

/** A PATH directory with only the basics and `extra` (links to the real programs), plus stubs. */
function pathWith(extra: readonly string[], stubs: Record<string, string> = {}): string {
  const dir = tempDir('cx-check-path-');
  for (const name of [...BASICS, ...extra]) {
    const real = (process.env['PATH'] ?? '/usr/bin:/bin').split(':').map((d) => join(d, name)).find((p) => existsSync(p));
    if (real) symlinkSync(real, join(dir, name));
  }
  for (const [name, body] of Object.entries(stubs)) writeScript(join(dir, name), body);
  return dir;
}

const NEEDS = readFileSync(join(ROOT, 'test', 'setup', 'system-needs.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => line.trim().split(/\s+/) as [string, string, string]);

describe('check-system.sh', () => {
  it('control: on this machine (which npm test runs on) it passes silently', async () => {
    const result = await runProgram('/bin/sh', [SCRIPT], { env: { PATH: process.env['PATH'] ?? '', HOME: tempDir() } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toBe('');
  });

  it('missing commands: one line naming them and the apt-get command for their packages, exit 69', async () => {
    const present = NEEDS.filter(([kind, what]) => kind === 'command' && what !== 'tmux' && what !== 'fish').map(([, what]) => what);
    const result = await runProgram('/bin/sh', [SCRIPT], { env: { PATH: pathWith(present), HOME: tempDir() } });
    expect(result.exitCode).toBe(69);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines).toHaveLength(1);
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    expect(lines[0]).toBe(`npm test: missing on this machine: tmux, fish; install with: ${sudo}apt-get install -y --no-install-recommends tmux fish (.ci/run does this)`);
  });

  it('keytar not installed: its build\'s needs are checked too, and `npm ci` follows the packages', async () => {
    const root = tempDir('cx-check-root-');
    mkdirSync(join(root, 'test', 'setup'), { recursive: true });
    mkdirSync(join(root, 'node_modules'));
    copyFileSync(SCRIPT, join(root, 'test', 'setup', 'check-system.sh'));
    copyFileSync(join(ROOT, 'test', 'setup', 'system-needs.txt'), join(root, 'test', 'setup', 'system-needs.txt'));
    writeFileSync(join(root, 'package.json'), '{}');
    const commands = NEEDS.filter(([kind]) => kind === 'command').map(([, what]) => what);
    const path = pathWith(commands, { 'pkg-config': '#!/bin/sh\nexit 1\n' });
    const result = await runProgram('/bin/sh', [join(root, 'test', 'setup', 'check-system.sh')], { env: { PATH: path, HOME: tempDir() } });
    expect(result.exitCode).toBe(69);
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    expect(result.stderr).toBe(`npm test: missing on this machine: the headers of libsecret-1, keytar (node_modules; the keyring tests need it); install with: ${sudo}apt-get install -y --no-install-recommends libsecret-1-dev && npm ci (.ci/run does this)`);
  });
});
