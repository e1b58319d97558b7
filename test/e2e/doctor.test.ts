// `cx doctor` with the REAL codex (each end of the supported range): cx's checks and codex's own `codex
// doctor --json`, merged. codex's provider checks probe a loopback Responses stand-in this file
// owns, so "codex doctor ran, with the plan's config and environment" is asserted on what arrived
// there, not on what cx says.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDIN_KEY_VAR, writeCodexHome } from '../helpers/codex-home.ts';
import { type CodexUnderTest, codexRange } from '../helpers/codex-range.ts';
import { type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH } from '../helpers/fake-codex.ts';
import { startPrivateKeyring } from '../helpers/private-keyring.ts';

const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];

interface DoctorCheck {
  id: string;
  category: string;
  status: 'ok' | 'warning' | 'fail' | 'skipped';
  summary: string;
  remediation: string | null;
  details: Record<string, string | string[]>;
}

interface DoctorJson {
  schemaVersion: number;
  overallStatus: string;
  checks: Record<string, DoctorCheck>;
  codex: { ran: boolean; exitCode: number | null; overallStatus: string | null; version: string | null };
}

/**
 * What codex doctor's provider checks probe (both ends of the range): HEAD {base_url}/responses (any answer
 * is "reachable") and GET {base_url}/models (a 404 there fails the check), recorded with headers.
 * The Responses stand-in answers 404 to both, so this small server stands in for the provider here.
 */
interface Probe {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}
let server: Server;
const standIn = { url: '', requests: [] as Probe[] };
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      standIn.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      const models = req.method === 'GET' && (req.url ?? '').startsWith('/v1/models');
      res.writeHead(models ? 200 : 404, { 'content-type': 'application/json' });
      res.end(models ? '{"object":"list","data":[]}' : '');
    });
  });
  server.requestTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const KEY = `doctor-key-${randomBytes(12).toString('hex')}`;

/** A healthy setup: the stand-in provider, its key in the environment, the real codex. */
function healthy(codex: CodexUnderTest, profiles: Record<string, string> = {}): { env: Record<string, string>; home: string; cwd: string } {
  const home = writeCodexHome({ standInUrl: standIn.url, model: 'gpt-test', profiles });
  const env = cleanEnv({ CODEX_HOME: home, CX_CODEX_BIN: codex.bin, [STANDIN_KEY_VAR]: KEY, PATH: SYSTEM_PATH });
  const cwd = tempDir('cx-doctor-cwd-');
  return { env, home, cwd };
}

function parse(result: CxResult): DoctorJson {
  expect(result.stdout.trim().startsWith('{'), `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(true);
  return JSON.parse(result.stdout) as DoctorJson;
}

function ids(report: DoctorJson, prefix: string): string[] {
  return Object.keys(report.checks).filter((id) => id.startsWith(prefix));
}

describe.each(codexRange())('cx doctor with the real codex $version ($end)', (codex) => {
  it('a healthy CODEX_HOME: exit 0, cx.* and codex.* checks in one JSON object, codex doctor ran against the stand-in', async () => {
    const { env, cwd } = healthy(codex);
    const before = standIn.requests.length;
    const result = await runCx(['doctor', '--json'], { env, cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = parse(result);
    expect(report.schemaVersion).toBe(1);
    expect(['ok', 'warning']).toContain(report.overallStatus);
    expect(report.codex).toMatchObject({ ran: true, exitCode: 0, version: codex.version });
    for (const id of ['cx.codex.found', 'cx.codex.version', 'cx.codex.doctor', 'cx.config.codex', 'cx.config.profiles', 'cx.config.cx', 'cx.config.cxrc', 'cx.profiles', 'cx.selection', 'cx.trust', 'cx.env-file', 'cx.keyring', 'cx.credentials', 'cx.plan']) {
      expect(report.checks[id], id).toBeDefined();
    }
    // codex's own ids, kept as codex names them.
    for (const id of ['codex.auth.credentials', 'codex.config.load', 'codex.network.provider_reachability']) expect(report.checks[id], id).toBeDefined();
    expect(report.checks['codex.auth.credentials']?.status).toBe('ok');
    expect(report.checks['codex.network.provider_reachability']?.status).toBe('ok');
    // Within the supported range: ok, not a warning.
    expect(report.checks['cx.codex.version']).toMatchObject({ status: 'ok' });
    expect(report.checks['cx.codex.version']?.summary).toContain(codex.version);
    expect(report.checks['cx.credentials']).toMatchObject({ status: 'ok' });
    expect(report.checks['cx.credentials']?.summary).toContain(`${STANDIN_KEY_VAR}: environment (${STANDIN_KEY_VAR}); already in codex’s environment`);
    for (const check of Object.values(report.checks)) {
      expect(['ok', 'warning', 'fail', 'skipped']).toContain(check.status);
      expect(check.status, `${check.id}: ${check.summary}`).not.toBe('fail');
      expect(typeof check.summary).toBe('string');
    }
    // codex doctor probed the provider cx's plan points at: the far side saw it.
    const probes = standIn.requests.slice(before);
    const models = probes.find((p) => p.method === 'GET' && p.path.startsWith('/v1/models'));
    expect(models, probes.map((p) => `${p.method} ${p.path}`).join('\n')).toBeDefined();
    // …and saw the key in the environment cx gave it (never its value in the report).
    expect(report.checks['codex.auth.credentials']?.details['provider auth env var']).toBe(`${STANDIN_KEY_VAR} (present)`);
    expect(result.stdout).not.toContain(KEY);
  });

  it('human form: one line per check, cx first then codex, and a count', async () => {
    const { env, cwd } = healthy(codex);
    const result = await runCx(['doctor'], { env, cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    const firstCx = lines.findIndex((l) => /^ {2}(ok {2}|WARN|FAIL|skip) {2}cx\./.test(l));
    const firstCodex = lines.findIndex((l) => /^ {2}(ok {2}|WARN|FAIL|skip) {2}codex\./.test(l));
    expect(firstCx).toBeGreaterThan(0);
    expect(firstCodex).toBeGreaterThan(firstCx);
    expect(lines.some((l) => /^ {2}ok {4}codex\.auth\.credentials /.test(l))).toBe(true);
    expect(result.stdout).toMatch(/\n0 failed · \d+ warnings? · \d+ ok/);
    expect(result.stdout).not.toContain(KEY);
  });

  it('a malformed profile file: a fail naming file:line, every other check still there, exit 1', async () => {
    const { env, home, cwd } = healthy(codex, { good: 'model = "m-good"\n', broken: 'model = "m"\nmodel_provider = "unterminated\n' });
    const result = await runCx(['doctor', '--json'], { env, cwd });
    expect(result.exitCode, result.stderr).toBe(1);
    const report = parse(result);
    expect(report.overallStatus).toBe('fail');
    const profiles = report.checks['cx.config.profiles'];
    expect(profiles?.status).toBe('fail');
    expect(profiles?.summary).toContain(`${join(home, 'broken.config.toml')}:2`);
    expect(profiles?.remediation).toBeTruthy();
    expect(report.checks['cx.config.codex']?.status).toBe('ok');
    expect(report.checks['cx.keyring']).toBeDefined();
    expect(report.checks['cx.plan']?.status).toBe('ok'); // the broken profile is not selected here
    expect(ids(report, 'codex.').length).toBeGreaterThan(5);
    expect(report.codex.ran).toBe(true);
  });

  it('the malformed profile selected (+broken): the plan fails naming file:line, and doctor goes on', async () => {
    const { env, home, cwd } = healthy(codex, { broken: 'model = "m"\nmodel_provider = "unterminated\n' });
    const result = await runCx(['doctor', '--json', '+broken'], { env, cwd });
    expect(result.exitCode, result.stderr).toBe(1);
    const report = parse(result);
    expect(report.checks['cx.plan']?.status).toBe('fail');
    expect(report.checks['cx.plan']?.summary).toContain(`${join(home, 'broken.config.toml')}:2`);
    expect(report.checks['cx.selection']?.status).toBe('skipped');
    expect(report.checks['cx.codex.found']?.status).toBe('ok');
    expect(report.checks['cx.codex.version']?.status).toBe('ok');
    expect(ids(report, 'codex.').length).toBeGreaterThan(5);
  });

  it('malformed codex config, cx config and .cxrc: each its own fail with file:line, all in one run', async () => {
    const { env, home, cwd } = healthy(codex);
    writeFileSync(join(home, 'config.toml'), 'model = "x"\n[model_providers.a\n');
    const cxConfig = join(env['HOME'] as string, 'cx.toml');
    writeFileSync(cxConfig, 'default_profile = "a"\nrules = [\n');
    const repo = join(cwd, 'repo');
    mkdirSync(repo);
    writeFileSync(join(repo, '.cxrc'), 'profile = "a"\n[require\n');
    const result = await runCx(['doctor', '--json'], { env: { ...env, CX_CONFIG: cxConfig }, cwd: repo });
    expect(result.exitCode, result.stderr).toBe(1);
    const report = parse(result);
    expect(report.checks['cx.config.codex']?.summary).toContain(`${join(home, 'config.toml')}:2`);
    expect(report.checks['cx.config.cx']?.summary).toContain(`${cxConfig}:`);
    expect(report.checks['cx.config.cxrc']?.summary).toContain(`${join(repo, '.cxrc')}:2`);
    for (const id of ['cx.config.codex', 'cx.config.cx', 'cx.config.cxrc', 'cx.plan']) expect(report.checks[id]?.status, id).toBe('fail');
    expect(report.checks['cx.codex.found']?.status).toBe('ok');
    expect(report.checks['cx.keyring']).toBeDefined();
    expect(report.checks['cx.env-file']).toBeDefined();
  });

  it('the selected profile reaches codex doctor as -c overrides (codex refuses -p for doctor)', async () => {
    // The profile points the provider at a port nothing listens on: codex's reachability check sees it.
    const { env, cwd } = healthy(codex, { elsewhere: '[model_providers.standin]\nname = "elsewhere"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "CX_TEST_KEY"\nwire_api = "responses"\n' });
    const plain = parse(await runCx(['doctor', '--json'], { env, cwd }));
    expect(plain.checks['codex.network.provider_reachability']?.status).toBe('ok');
    const result = await runCx(['doctor', '--json', '+elsewhere'], { env, cwd });
    const report = parse(result);
    expect(report.checks['cx.selection']?.summary).toContain('profile elsewhere, selected by +elsewhere');
    expect(report.checks['cx.codex.doctor']?.details['profile']).toBe('elsewhere, as -c overrides');
    expect(report.checks['codex.network.provider_reachability']?.status).toBe('fail');
    expect(result.exitCode).toBe(1);
  });

  it('no codex: a fail with a remediation, codex doctor not run, exit 1', async () => {
    const { env, cwd } = healthy(codex);
    const noCodex = { ...env };
    delete noCodex['CX_CODEX_BIN'];
    const result = await runCx(['doctor', '--json'], { env: noCodex, cwd });
    expect(result.exitCode, result.stderr).toBe(1);
    const report = parse(result);
    expect(report.checks['cx.codex.found']).toMatchObject({ status: 'fail' });
    expect(report.checks['cx.codex.found']?.summary).toContain('codex not found');
    expect(report.checks['cx.codex.found']?.remediation).toContain('npm i -g @openai/codex');
    expect(report.checks['cx.codex.doctor']?.status).toBe('skipped');
    expect(report.codex).toEqual({ ran: false, exitCode: null, overallStatus: null, version: null });
    expect(ids(report, 'codex.')).toEqual([]);
    // The rest of cx's checks still ran.
    expect(report.checks['cx.config.codex']?.status).toBe('ok');
    const human = await runCx(['doctor'], { env: noCodex, cwd });
    expect(human.exitCode).toBe(1);
    // Joined where doctor wrapped the line at 100 columns.
    expect(human.stdout.replace(/\n {10,}/g, ' ')).toMatch(/ {2}FAIL {2}cx\.codex\.found +codex not found.* — install it with `npm i -g @openai\/codex`/);
  });

  it('a CODEX_HOME that does not exist is a fail (codex refuses to start)', async () => {
    const { env, cwd } = healthy(codex);
    const missing = join(tempDir(), 'nope');
    const result = await runCx(['doctor', '--json', '--cx-only'], { env: { ...env, CODEX_HOME: missing }, cwd });
    expect(result.exitCode).toBe(1);
    expect(parse(result).checks['cx.config.codex']?.summary).toContain(`CODEX_HOME=${missing} does not exist`);
  });

  it.skipIf(!BUS)('the keyring up: ok; a key only in the keyring reaches codex doctor; sentinel secrets from env, .env and keyring never printed', async () => {
    const keyring = await startPrivateKeyring();
    try {
      const secrets = {
        keyring: `sentinel-keyring-${randomBytes(12).toString('hex')}`,
        env: `sentinel-env-${randomBytes(12).toString('hex')}`,
        dotenv: `sentinel-dotenv-${randomBytes(12).toString('hex')}`,
      };
      const { env: base, home, cwd } = healthy(codex);
      const env: Record<string, string> = { ...base, DBUS_SESSION_BUS_ADDRESS: keyring.bus, CX_KEYRING_TIMEOUT_MS: '3000', OTHER_API_KEY: secrets.env, HTTP_PROXY_PASSWORD: secrets.env };
      delete env[STANDIN_KEY_VAR];
      writeFileSync(join(home, '.env'), `UNRELATED_TOKEN=${secrets.dotenv}\n`, { mode: 0o600 });
      const set = await runCx(['secret', 'set', STANDIN_KEY_VAR], { env, cwd, input: `${secrets.keyring}\n` });
      expect(set.exitCode, set.stderr).toBe(0);
      const json = await runCx(['doctor', '--json'], { env, cwd });
      const human = await runCx(['doctor'], { env, cwd });
      for (const result of [json, human]) {
        for (const [where, value] of Object.entries(secrets)) expect(`${result.stdout}${result.stderr}`, where).not.toContain(value);
      }
      expect(json.exitCode, json.stdout).toBe(0);
      const report = parse(json);
      expect(report.checks['cx.keyring']?.status).toBe('ok');
      expect(report.checks['cx.credentials']?.summary).toContain(`${STANDIN_KEY_VAR}: keyring (global); set for codex, kept from its tools`);
      // codex doctor ran with the environment cx's plan gives codex: the key from the keyring was there.
      expect(report.checks['codex.auth.credentials']?.status).toBe('ok');
      expect(report.checks['codex.auth.credentials']?.details['provider auth env var']).toBe(`${STANDIN_KEY_VAR} (present)`);
      expect(report.checks['cx.env-file']?.details['names']).toEqual(['UNRELATED_TOKEN']);
    } finally {
      await keyring.close();
    }
  }, 30_000);
});

