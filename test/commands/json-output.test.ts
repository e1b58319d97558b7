// Every cx command that prints information takes --json and prints one JSON object whose first
// key is schemaVersion (an integer), through the built cx. Sentinel secrets are planted in the
// environment, $CODEX_HOME/.env and (with a keyring) the keyring; no output carries one.
import { randomBytes } from 'node:crypto';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { fakeCodex } from '../helpers/fake-codex.ts';

const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];
const SENTINEL = `sentinel-${randomBytes(12).toString('hex')}`;
const SECRET_NAME = `CXJ_${randomBytes(4).toString('hex').toUpperCase()}_KEY`;
const printed: string[] = [];

const root = realpathSync(tempDir('cx-json-'));
const codexHome = join(root, 'codex-home');
mkdirSync(codexHome);
// A profile file, a legacy table (for migrate), an .env holding a key, a .cxrc to trust.
writeFileSync(join(codexHome, 'work.config.toml'), 'model_provider = "azure"\nmodel = "gpt-5"\n[model_providers.azure]\nname = "Azure"\nbase_url = "https://x.openai.azure.com/openai"\nenv_key = "AZURE_OPENAI_API_KEY"\nwire_api = "responses"\n');
writeFileSync(join(codexHome, 'config.toml'), '[profiles.legacy]\nmodel = "gpt-5"\n');
writeFileSync(join(codexHome, '.env'), `AZURE_OPENAI_API_KEY=${SENTINEL}\n`, { mode: 0o600 });
const repo = join(root, 'repo');
mkdirSync(repo);
writeFileSync(join(repo, '.cxrc'), 'profile = "work"\n');
const shimDir = join(root, 'shim-bin');
mkdirSync(shimDir);
const env = cleanEnv({
  CODEX_HOME: codexHome,
  XDG_STATE_HOME: join(root, 'state'),
  CX_CODEX_BIN: fakeCodex(root).bin,
  OPENAI_API_KEY: SENTINEL,
  CX_KEYRING_TIMEOUT_MS: '1500',
  ...(BUS ? { DBUS_SESSION_BUS_ADDRESS: BUS } : { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }),
});

async function cx(args: readonly string[], input?: string): Promise<CxResult> {
  const result = await runCx(args, { env, cwd: repo, timeoutMs: 20_000, ...(input === undefined ? {} : { input }) });
  printed.push(result.stdout, result.stderr);
  return result;
}

/** The one JSON object a command printed; schemaVersion its first key, an integer. */
function document(result: CxResult): Record<string, unknown> {
  const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
  expect(Object.keys(parsed)[0]).toBe('schemaVersion');
  expect(Number.isInteger(parsed['schemaVersion'])).toBe(true);
  return parsed;
}

afterAll(async () => {
  if (BUS) await cx(['secret', 'rm', SECRET_NAME]);
  // No output of any run in this file carries a planted secret.
  for (const text of printed) expect(text).not.toContain(SENTINEL);
});

describe('--json: one object, schemaVersion first', () => {
  it.each([
    ['explain', ['explain', '--json', '+work', 'exec', 'hi'], ['profile', 'credentials', 'command']],
    ['doctor', ['doctor', '--json', '--cx-only', '+work'], ['overallStatus', 'checks']],
    ['profiles', ['profiles', '--json'], ['codexHome', 'selected', 'profiles']],
    ['migrate (dry run)', ['migrate', '--json'], ['configPath', 'written', 'migrated', 'left']],
  ] as const)('%s', async (_name, args, keys) => {
    const result = await cx(args);
    const parsed = document(result);
    for (const key of keys) expect(parsed).toHaveProperty(key);
  });

  it('migrate --json names what it would move, and --write --json what it did (with the backup)', async () => {
    const dry = document(await cx(['migrate', '--json'])) as { migrated: { name: string; target: string }[]; written: boolean };
    expect(dry.written).toBe(false);
    expect(dry.migrated.map((m) => [m.name, m.target])).toEqual([['legacy', join(codexHome, 'legacy.config.toml')]]);
    const done = document(await cx(['migrate', '--write', '--json'])) as { written: boolean; backup: string | null };
    expect(done.written).toBe(true);
    expect(done.backup).toMatch(/config\.toml\.cx-backup-/);
  });

  it('trust --list --json and trust --prune --json', async () => {
    expect((await cx(['trust'])).exitCode).toBe(0);
    const listed = document(await cx(['trust', '--list', '--json'])) as { records: { file: string; state: string }[] };
    expect(listed.records).toEqual([expect.objectContaining({ file: join(repo, '.cxrc'), state: 'matches' })]);
    const pruned = document(await cx(['trust', '--prune', '--json'])) as { pruned: unknown[] };
    expect(pruned.pruned).toEqual([]);
  });

  it('shim install/uninstall --json: the shim written and removed, nothing else on stdout', async () => {
    const installed = await cx(['shim', 'install', shimDir, '--json']);
    expect(installed.exitCode, installed.stderr).toBe(0);
    const doc = document(installed) as { action: string; shims: { path: string; outcome: string }[]; warnings: string[] };
    expect(doc.action).toBe('install');
    expect(doc.shims).toEqual([{ path: join(shimDir, 'codex'), outcome: 'installed' }]);
    expect(doc.warnings.length).toBeGreaterThan(0); // shimDir is not on PATH: said in the object
    expect(installed.stderr).toBe('');
    const removed = document(await cx(['shim', 'uninstall', shimDir, '--json'])) as { shims: { outcome: string }[] };
    expect(removed.shims).toEqual([{ path: join(shimDir, 'codex'), outcome: 'removed' }]);
  });

  it.skipIf(!BUS)('secret ls --json: names and scopes, never a value', async () => {
    expect((await cx(['secret', 'set', SECRET_NAME], `${SENTINEL}\n`)).exitCode).toBe(0);
    const doc = document(await cx(['secret', 'ls', '--json'])) as { entries: { name: string; scope: string; profile: string | null }[] };
    expect(doc.entries).toContainEqual({ name: SECRET_NAME, scope: 'global', profile: null });
  });

  it('--json on a command that takes none is a usage error (64)', async () => {
    expect((await cx(['completion', 'bash', '--json'])).exitCode).toBe(64);
  });
});
