// `cx trust --list [--json]`, `cx trust --prune` and `cx untrust` on the records of earlier
// contents, through the built cx: what the list says is checked against the files, and what prune
// and untrust remove is checked in the store itself (and by whether the selection still applies).
import { mkdirSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/exit-status.ts';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { fakeCodex } from '../helpers/fake-codex.ts';

interface Box {
  root: string;
  trustDir: string;
  env: Record<string, string>;
}

function box(): Box {
  const root = realpathSync(tempDir('cx-trust-list-'));
  const codexHome = join(root, 'codex-home');
  mkdirSync(codexHome);
  writeFileSync(join(codexHome, 'work.config.toml'), 'model = "m"\n');
  const state = join(root, 'state');
  const env = cleanEnv({ CODEX_HOME: codexHome, XDG_STATE_HOME: state, CX_CODEX_BIN: fakeCodex(root).bin });
  return { root, trustDir: join(state, 'cx', 'trust'), env };
}

function repo(b: Box, name: string, content: string): string {
  const dir = join(b.root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.cxrc'), content);
  return dir;
}

function cx(b: Box, args: readonly string[], cwd: string = b.root): Promise<CxResult> {
  return runCx(args, { env: b.env, cwd, timeoutMs: 10_000 });
}

interface Listed {
  schemaVersion: number;
  store: string;
  records: { file: string | null; trustedAt: string | null; state: string; matches: boolean }[];
}

async function listed(b: Box): Promise<Listed> {
  const result = await cx(b, ['trust', '--list', '--json']);
  expect(result.exitCode, result.stderr).toBe(0);
  expect(Object.keys(JSON.parse(result.stdout) as object)[0]).toBe('schemaVersion');
  return JSON.parse(result.stdout) as Listed;
}

const stateOf = (l: Listed, file: string): string[] => l.records.filter((r) => r.file === file).map((r) => r.state).sort();

describe('cx trust --list', () => {
  it('lists each record: its file, when, and whether the file still matches (text and --json)', async () => {
    const b = box();
    const kept = repo(b, 'kept', 'profile = "work"\n');
    const edited = repo(b, 'edited', 'profile = "work"\n');
    const gone = repo(b, 'gone', 'profile = "work"\n');
    for (const dir of [kept, edited, gone]) expect((await cx(b, ['trust'], dir)).exitCode).toBe(0);
    writeFileSync(join(edited, '.cxrc'), 'profile = "work"\n# edited\n');
    rmSync(join(gone, '.cxrc'));

    const l = await listed(b);
    expect(l.schemaVersion).toBe(1);
    expect(l.store).toBe(b.trustDir);
    expect(l.records).toHaveLength(3);
    expect(stateOf(l, join(kept, '.cxrc'))).toEqual(['matches']);
    expect(stateOf(l, join(edited, '.cxrc'))).toEqual(['changed']);
    expect(stateOf(l, join(gone, '.cxrc'))).toEqual(['gone']);
    for (const r of l.records) {
      expect(Date.parse(r.trustedAt ?? '')).toBeGreaterThan(Date.now() - 600_000);
      expect(r.matches).toBe(r.state === 'matches');
    }

    const text = await cx(b, ['trust', '--list']);
    expect(text.exitCode).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.endsWith(join(kept, '.cxrc')))).toContain('trusted (matches)');
    expect(lines.find((line) => line.endsWith(join(edited, '.cxrc')))).toContain('changed since');
    expect(lines.find((line) => line.endsWith(join(gone, '.cxrc')))).toContain('file gone');
  });

  it('an empty store: no records, exit 0', async () => {
    const b = box();
    expect((await listed(b)).records).toEqual([]);
    expect((await cx(b, ['trust', '--list'])).stdout).toMatch(/^cx: no trust records/);
  });

  it('shows a path with terminal controls escaped, never raw', async () => {
    const b = box();
    const dir = repo(b, 'evil\u001b]0;PWNED\u0007dir', 'profile = "work"\n');
    expect((await cx(b, ['trust'], dir)).exitCode).toBe(0);
    const text = await cx(b, ['trust', '--list']);
    expect(text.stdout).not.toContain('\u001b');
    expect(text.stdout).toContain('\\x1b]0;PWNED\\x07dir');
  });

  it('a store others can write: refused (73) with the chmod that fixes it', async () => {
    const b = box();
    expect((await cx(b, ['trust'], repo(b, 'r', 'profile = "work"\n'))).exitCode).toBe(0);
    const { chmodSync } = await import('node:fs');
    chmodSync(b.trustDir, 0o777);
    const result = await cx(b, ['trust', '--list']);
    expect(result.exitCode).toBe(EXIT.cantCreate);
    expect(result.stderr).toContain(`chmod go-w ${b.trustDir}`);
  });
});

describe('cx trust --prune', () => {
  it('forgets the records whose file is gone or changed, says how many, keeps the rest', async () => {
    const b = box();
    const kept = repo(b, 'kept', 'profile = "work"\n');
    const edited = repo(b, 'edited', 'profile = "work"\n');
    const gone = repo(b, 'gone', 'profile = "work"\n');
    for (const dir of [kept, edited, gone]) expect((await cx(b, ['trust'], dir)).exitCode).toBe(0);
    writeFileSync(join(edited, '.cxrc'), 'profile = "work" # edited\n');
    rmSync(gone, { recursive: true });

    const pruned = await cx(b, ['trust', '--prune']);
    expect(pruned.exitCode, pruned.stderr).toBe(0);
    expect(pruned.stdout).toBe('cx: forgot 2 trust records whose file is gone or changed');
    expect(readdirSync(b.trustDir)).toHaveLength(1);
    expect((await listed(b)).records.map((r) => [r.file, r.state])).toEqual([[join(kept, '.cxrc'), 'matches']]);
    // The kept one still selects.
    const explained = JSON.parse((await cx(b, ['explain', '--json'], kept)).stdout) as { profile: { name: string; trusted: boolean } };
    expect(explained.profile).toMatchObject({ name: 'work', trusted: true });
    expect((await cx(b, ['trust', '--prune'])).stdout).toBe('cx: forgot 0 trust records whose file is gone or changed');
  });

  it('takes no FILE', async () => {
    const b = box();
    const result = await cx(b, ['trust', '--prune', 'x']);
    expect(result.exitCode).toBe(EXIT.usage);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('cx untrust', () => {
  it('drops the records of the file\'s earlier contents too (an edit reverted later does not bring trust back)', async () => {
    const b = box();
    const dir = repo(b, 'r', 'profile = "work"\n');
    expect((await cx(b, ['trust'], dir)).exitCode).toBe(0);
    writeFileSync(join(dir, '.cxrc'), 'profile = "work"\n# v2\n');
    expect((await cx(b, ['trust'], dir)).exitCode).toBe(0);
    expect(readdirSync(b.trustDir)).toHaveLength(2);

    const result = await cx(b, ['untrust'], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('(and 1 record of its earlier contents)');
    expect(readdirSync(b.trustDir)).toEqual([]);
    // Reverting to the first content: no longer trusted (before, its record would have applied again).
    writeFileSync(join(dir, '.cxrc'), 'profile = "work"\n');
    const explained = JSON.parse((await cx(b, ['explain', '--json'], dir)).stdout) as { profile: { trusted: boolean; name: string | null } };
    expect(explained.profile.trusted).toBe(false);
  });

  it('records stay private: 0600 files in a 0700 directory', async () => {
    const b = box();
    expect((await cx(b, ['trust'], repo(b, 'r', 'profile = "work"\n'))).exitCode).toBe(0);
    expect(statSync(b.trustDir).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(b.trustDir)) expect(statSync(join(b.trustDir, name)).mode & 0o777).toBe(0o600);
  });
});
