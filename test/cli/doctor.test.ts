// `cx doctor` through the built cx, with fake codex programs that record being run and print a
// chosen report, and with real files: .env permissions, a keyring with no D-Bus, AWS SSO caches
// written as the AWS CLI writes them, .cxrc trust. Then the pure parts (src/doctor/) directly.
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Check, doctorExitStatus, overallStatus } from '../../src/doctor/check.ts';
import { parseCodexDoctor, redact } from '../../src/doctor/codex-checks.ts';
import { findingChecks } from '../../src/doctor/findings.ts';
import { type AwsIni, ssoTarget, ssoTokenCheck } from '../../src/doctor/aws-sso.ts';
import { type AwsStandIn, startAwsStandIn } from '../helpers/aws-stand-in.ts';
import { supportedRange } from '../helpers/codex-range.ts';
import { CX_BIN, type CxResult, cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { SYSTEM_PATH, readIfExists, shQuote, waitFor, writeScript } from '../helpers/fake-codex.ts';
import { tmuxServer } from '../helpers/tmux.ts';

const RANGE = supportedRange();
/** Releases just outside the range: the oldest's previous minor, the newest's next minor. */
function shifted(version: string, by: number): string {
  const [major, minor] = version.split('.').map(Number) as [number, number];
  return `${major}.${minor + by}.0`;
}

interface DoctorJson {
  overallStatus: string;
  checks: Record<string, { id: string; status: string; summary: string; remediation: string | null; details: Record<string, unknown> }>;
  codex: { ran: boolean; exitCode: number | null; overallStatus: string | null; version: string | null };
}

function parse(result: CxResult): DoctorJson {
  try {
    return JSON.parse(result.stdout) as DoctorJson;
  } catch {
    throw new Error(`not JSON (exit ${String(result.exitCode)}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

interface Fake {
  bin: string;
  /** argv of every run, in the order they finished writing. */
  calls(): string[][];
  /** What `doctor --json` prints, and its exit status. */
  report(text: string, status?: number): void;
}

/**
 * A codex that logs each argv (NUL-separated, one line per run), answers --version, and prints
 * the chosen report for `doctor`. FAKE_SLEEP in its environment makes it hang that long first.
 */
function fakeDoctorCodex(): Fake {
  const dir = tempDir('cx-doctor-fake-');
  const log = join(dir, 'calls');
  const report = join(dir, 'report');
  const status = join(dir, 'status');
  writeFileSync(log, '');
  const bin = writeScript(
    join(dir, 'codex'),
    [
      `{ printf '%s\\0' "$@"; printf '\\n'; } >> ${shQuote(log)}`,
      '[ -n "$FAKE_SLEEP" ] && exec sleep "$FAKE_SLEEP"',
      'for a in "$@"; do',
      '  case "$a" in',
      `    --version) echo "codex-cli ${RANGE.newest}"; exit 0 ;;`,
      `    doctor) cat ${shQuote(report)} 2>/dev/null; exit "$(cat ${shQuote(status)} 2>/dev/null || echo 0)" ;;`,
      '  esac',
      'done',
      'exit 0',
      '',
    ].join('\n'),
  );
  return {
    bin,
    calls: () => {
      const { readFileSync } = process.getBuiltinModule('node:fs');
      return readFileSync(log, 'utf8').split('\n').slice(0, -1).map((line) => line.split('\0').slice(0, -1));
    },
    report: (text, code = 0) => {
      writeFileSync(report, text);
      writeFileSync(status, String(code));
    },
  };
}

function codexReport(checks: Record<string, { status: string; summary: string; remediation?: string | null; details?: Record<string, unknown> }>, overall = 'ok'): string {
  const full = Object.fromEntries(Object.entries(checks).map(([id, c]) => [id, { id, category: id.split('.')[0], details: {}, remediation: null, durationMs: 1, ...c }]));
  return JSON.stringify({ schemaVersion: 1, generatedAt: '0s since unix epoch', overallStatus: overall, codexVersion: RANGE.newest, checks: full });
}

const KEY = `doctor-cli-key-${randomBytes(12).toString('hex')}`;
const PROVIDER = '[model_providers.p]\nname = "p"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "CX_DOCTOR_KEY"\nwire_api = "responses"\n';

/** A CODEX_HOME with provider `p` (key in the environment), a fake codex, no D-Bus. */
function setup(profiles: Record<string, string> = {}, config = `model_provider = "p"\nmodel = "m"\n${PROVIDER}`): { env: Record<string, string>; home: string; cwd: string; fake: Fake } {
  const base = cleanEnv();
  const home = join(base['HOME'] as string, '.codex');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'config.toml'), config);
  for (const [name, body] of Object.entries(profiles)) writeFileSync(join(home, `${name}.config.toml`), body);
  const fake = fakeDoctorCodex();
  fake.report(codexReport({ 'auth.credentials': { status: 'ok', summary: 'auth is provided by the active model provider' } }));
  const env = { ...base, PATH: SYSTEM_PATH, CODEX_HOME: home, CX_CODEX_BIN: fake.bin, CX_DOCTOR_KEY: KEY };
  return { env, home, cwd: tempDir('cx-doctor-cwd-'), fake };
}

describe('cx doctor: codex runs', () => {
  it('--cx-only runs no codex at all; without it, codex --version and codex doctor --json', async () => {
    const { env, cwd, fake } = setup();
    const only = await runCx(['doctor', '--cx-only', '--json'], { env, cwd });
    expect(only.exitCode, only.stderr).toBe(0);
    expect(fake.calls()).toEqual([]);
    const report = parse(only);
    expect(report.codex).toEqual({ ran: false, exitCode: null, overallStatus: null, version: null });
    expect(report.checks['cx.codex.doctor']).toMatchObject({ status: 'skipped' });
    expect(report.checks['cx.codex.version']).toMatchObject({ status: 'skipped' });
    expect(Object.keys(report.checks).filter((id) => id.startsWith('codex.'))).toEqual([]);

    const full = await runCx(['doctor', '--json'], { env, cwd });
    expect(full.exitCode, full.stderr).toBe(0);
    expect(fake.calls().sort()).toEqual([['--version'], ['doctor', '--json']]);
    const merged = parse(full);
    expect(merged.codex).toEqual({ ran: true, exitCode: 0, overallStatus: 'ok', version: RANGE.newest });
    expect(merged.checks['cx.codex.version']).toMatchObject({ status: 'ok', summary: `codex-cli ${RANGE.newest} (cx is tested with codex ${RANGE.oldest} to ${RANGE.newest})` });
    expect(merged.checks['codex.auth.credentials']).toMatchObject({ id: 'codex.auth.credentials', status: 'ok', summary: 'auth is provided by the active model provider' });
  });

  it('codex doctor gets the selected profile as -c overrides, before `doctor` (it refuses -p)', async () => {
    const { env, cwd, fake } = setup({ work: 'model = "m-work"\n[model_providers.p]\nbase_url = "http://127.0.0.1:8/v1"\n' });
    const result = await runCx(['doctor', '+work', '--json'], { env, cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const doctorCall = fake.calls().find((argv) => argv.includes('doctor'));
    expect(doctorCall).toEqual(['-c', 'model="m-work"', '-c', 'model_providers.p.base_url="http://127.0.0.1:8/v1"', 'doctor', '--json']);
    expect(parse(result).checks['cx.selection']?.summary).toBe('profile work, selected by +work');
  });

  it('codex doctor failing checks make doctor exit 1; its statuses, ids and remediations are kept', async () => {
    const { env, cwd, fake } = setup();
    fake.report(codexReport({ 'auth.credentials': { status: 'fail', summary: 'no Codex credentials were found', remediation: 'Run codex login' }, 'updates.status': { status: 'warning', summary: 'meh' } }, 'fail'), 1);
    const result = await runCx(['doctor', '--json'], { env, cwd });
    expect(result.exitCode).toBe(1);
    const report = parse(result);
    expect(report.overallStatus).toBe('fail');
    expect(report.codex).toMatchObject({ ran: true, exitCode: 1, overallStatus: 'fail' });
    expect(report.checks['codex.auth.credentials']).toMatchObject({ status: 'fail', remediation: 'Run codex login', category: 'auth' });
    expect(report.checks['codex.updates.status']?.status).toBe('warning');
    // codex's own doctor failed: its run is never shown as ok.
    expect(report.checks['cx.codex.doctor']?.status).toBe('fail');
    expect(report.checks['cx.codex.doctor']?.summary).toContain('exited 1: 2 checks, overall fail (failed: codex.auth.credentials)');
    const human = await runCx(['doctor'], { env, cwd });
    expect(unwrapped(human.stdout)).toMatch(/ {2}FAIL {2}codex\.auth\.credentials +no Codex credentials were found — Run codex login/);
    expect(unwrapped(human.stdout)).toMatch(/ {2}FAIL {2}cx\.codex\.doctor +`codex doctor --json` exited 1/);
  });

  it('a codex doctor that prints no report: a warning after exit 0, a fail after exit 2, with its first stderr line', async () => {
    const { env, cwd, fake } = setup();
    fake.report('', 0);
    const quiet = parse(await runCx(['doctor', '--json'], { env, cwd }));
    expect(quiet.checks['cx.codex.doctor']).toMatchObject({ status: 'warning' });
    const dir = tempDir();
    const ancient = shifted(RANGE.oldest, -1);
    const old = writeScript(join(dir, 'codex'), `case "$1" in --version) echo "codex-cli ${ancient}";; *) echo "error: unrecognized subcommand 'doctor'" >&2; exit 2;; esac\n`);
    const result = await runCx(['doctor', '--json'], { env: { ...env, CX_CODEX_BIN: old }, cwd });
    expect(result.exitCode).toBe(1);
    const report = parse(result);
    expect(report.checks['cx.codex.doctor']?.status).toBe('fail');
    expect(report.checks['cx.codex.doctor']?.summary).toContain("exited 2 without a report: error: unrecognized subcommand 'doctor'");
    expect(report.checks['cx.codex.version']?.summary).toBe(`codex-cli ${ancient}: older than the codex range cx is tested with (${RANGE.oldest} to ${RANGE.newest})`);
  });

  it.each([
    { place: 'older than', version: shifted(RANGE.oldest, -1), fix: 'upgrade codex' },
    { place: 'newer than', version: shifted(RANGE.newest, 1), fix: 'cx has not been checked against this codex' },
    { place: 'within', version: RANGE.oldest, fix: null },
    { place: 'within', version: RANGE.newest, fix: null },
  ])('a codex $version ($place the range): a warning naming the range outside it, ok inside', async ({ place, version, fix }) => {
    const { env, cwd } = setup();
    const dir = tempDir();
    const codex = writeScript(join(dir, 'codex'), `case "$1" in --version) echo "codex-cli ${version}";; *) exit 0;; esac\n`);
    const report = parse(await runCx(['doctor', '--json'], { env: { ...env, CX_CODEX_BIN: codex }, cwd }));
    const check = report.checks['cx.codex.version'];
    expect(check?.details['tested range']).toBe(`${RANGE.oldest} to ${RANGE.newest}`);
    if (fix === null) {
      expect(check).toMatchObject({ status: 'ok', remediation: null });
      return;
    }
    expect(check).toMatchObject({ status: 'warning', summary: `codex-cli ${version}: ${place} the codex range cx is tested with (${RANGE.oldest} to ${RANGE.newest})` });
    expect(check?.remediation).toContain(fix);
    expect(check?.remediation).toContain(`npm i -g @openai/codex@${RANGE.newest}`);
    const text = await runCx(['doctor'], { env: { ...env, CX_CODEX_BIN: codex }, cwd });
    expect(text.stdout).toMatch(new RegExp(` {2}WARN {2}cx\\.codex\\.version +codex-cli ${version.replace(/\./g, '\\.')}: ${place}`));
  });

  it('a hung codex is bounded (CX_DOCTOR_TIMEOUT_MS): both runs fail in time, the report still prints', async () => {
    const { env, cwd } = setup();
    const started = Date.now();
    const result = await runCx(['doctor', '--json'], { env: { ...env, FAKE_SLEEP: '30', CX_DOCTOR_TIMEOUT_MS: '400' }, cwd, timeoutMs: 15_000 });
    const elapsed = Date.now() - started;
    expect(result.exitCode, result.stderr).toBe(1);
    expect(elapsed).toBeLessThan(5_000);
    const report = parse(result);
    expect(report.checks['cx.codex.doctor']?.summary).toBe('`codex doctor --json` did not finish within 400 ms');
    expect(report.checks['cx.codex.version']?.summary).toContain('did not finish within 400 ms');
    expect(report.codex.ran).toBe(true);
  });

  it("nothing secret and no control characters from codex's report reach the output", async () => {
    const { env, cwd, fake } = setup();
    fake.report(codexReport({ 'auth.credentials': { status: 'warning', summary: `key is ${KEY}\u001b]0;pwned\u0007`, details: { key: KEY, 'a\u009bb': ['x', KEY] } } }));
    for (const args of [['doctor'], ['doctor', '--json']]) {
      const result = await runCx(args, { env, cwd });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout).not.toContain(KEY);
      expect(result.stdout).toContain('[redacted]');
      expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
    const report = parse(await runCx(['doctor', '--json'], { env, cwd }));
    expect(report.checks['codex.auth.credentials']?.summary).toBe('key is [redacted]\\x1b]0;pwned\\x07');
  });
});

describe('cx doctor: arguments', () => {
  it('a bad argument is 64; --help says the exit status is a report', async () => {
    const { env, cwd } = setup();
    for (const args of [['doctor', '--frobnicate'], ['doctor', '+'], ['doctor', '+a', '+b'], ['doctor', '+bad/name'], ['doctor', 'exec']]) {
      const result = await runCx(args, { env, cwd });
      expect(result.exitCode, args.join(' ')).toBe(64);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^cx: .*`cx doctor --help` shows its usage$/m);
    }
    const help = await runCx(['doctor', '--help'], { env, cwd });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Exit status is a report, not a refusal: 0 when no check failed, 1 when any did');
    expect((await runCx(['--cx-help'], { env, cwd })).stdout).toContain('cx doctor [+PROFILE]');
  });

  it('-- CODEX ARGS: the plan checked is the one for those arguments', async () => {
    const { env, cwd } = setup();
    const report = parse(await runCx(['doctor', '--json', '--cx-only', '--', 'exec', 'say hi'], { env, cwd }));
    expect(report.checks['cx.plan']?.summary).toContain("exec 'say hi'");
    // codex login runs no model: nothing to look up.
    const login = parse(await runCx(['doctor', '--json', '--cx-only', '--', 'login'], { env, cwd }));
    expect(login.checks['cx.credentials']?.summary).toBe('not looked up: this codex command runs no model');
  });
});

describe('cx doctor: files and credential sources', () => {
  it('a group-readable $CODEX_HOME/.env is a warning with `chmod 600 PATH`; a private one is ok; values never shown', async () => {
    const { env, home, cwd } = setup();
    const secret = `dotenv-${randomBytes(12).toString('hex')}`;
    const path = join(home, '.env');
    writeFileSync(path, `SOME_TOKEN=${secret}\n`, { mode: 0o640 });
    chmodSync(path, 0o640);
    const open = await runCx(['doctor', '--json', '--cx-only'], { env, cwd });
    expect(open.exitCode, open.stderr).toBe(0);
    expect(parse(open).checks['cx.env-file']).toMatchObject({ status: 'warning', remediation: `chmod 600 ${path}` });
    expect(parse(open).checks['cx.env-file']?.summary).toContain('readable by group or others (mode 0640)');
    const human = await runCx(['doctor', '--cx-only'], { env, cwd });
    expect(human.stdout).toContain(`WARN  cx.env-file`);
    expect(human.stdout).toContain(`chmod 600 ${path}`);
    chmodSync(path, 0o600);
    const closed = parse(await runCx(['doctor', '--json', '--cx-only'], { env, cwd }));
    expect(closed.checks['cx.env-file']).toMatchObject({ status: 'ok', details: { names: ['SOME_TOKEN'], mode: '0600' } });
    for (const result of [open, human]) expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
  });

  it('a keyring with no D-Bus is a warning, fast; with secrets stored by cx it says they cannot be read', async () => {
    const { env, cwd } = setup();
    for (const bus of [null, `unix:path=${join(tempDir(), 'no-bus')}`]) {
      const started = Date.now();
      const result = await runCx(['doctor', '--json', '--cx-only'], { env: bus === null ? env : { ...env, DBUS_SESSION_BUS_ADDRESS: bus }, cwd });
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(result.exitCode, result.stderr).toBe(0);
      const keyring = parse(result).checks['cx.keyring'];
      expect(keyring?.status).toBe('warning');
      expect(keyring?.summary).toMatch(/^the OS keyring is not available/);
    }
    mkdirSync(join(env['XDG_STATE_HOME'] as string, 'cx'), { recursive: true });
    writeFileSync(join(env['XDG_STATE_HOME'] as string, 'cx', 'keyring-in-use'), '');
    const used = parse(await runCx(['doctor', '--json', '--cx-only'], { env, cwd }));
    expect(used.checks['cx.keyring']?.summary).toContain('secrets stored with `cx secret` cannot be read');
  });

  it('a profile whose key is only in the keyring, with the keyring down: the finding fails, exit 1', async () => {
    const { env, cwd } = setup({ kr: 'model_provider = "kr"\n[model_providers.kr]\nname = "kr"\nbase_url = "http://127.0.0.1:9/v1"\nenv_key = "CX_DOCTOR_ONLY_IN_KEYRING"\nwire_api = "responses"\n' });
    const result = await runCx(['doctor', '--json', '--cx-only', '+kr'], { env, cwd });
    expect(result.exitCode).toBe(1);
    const report = parse(result);
    expect(report.checks['cx.finding.credential-missing']?.status).toBe('fail');
    expect(report.checks['cx.credentials']?.summary).toContain('not found: CX_DOCTOR_ONLY_IN_KEYRING');
    expect(report.checks['cx.plan']?.status).toBe('fail');
  });

  it('legacy [profiles.X] tables: a warning pointing at `cx migrate`', async () => {
    const { env, cwd } = setup({}, `model_provider = "p"\n${PROVIDER}\n[profiles.old]\nmodel = "o"\n`);
    const report = parse(await runCx(['doctor', '--json', '--cx-only'], { env, cwd }));
    expect(report.checks['cx.profiles']?.status).toBe('warning');
    expect(report.checks['cx.profiles']?.remediation).toContain('cx migrate');
    expect(report.checks['cx.profiles']?.summary).toContain('legacy [profiles.NAME] tables');
  });
});

describe('cx doctor: .cxrc trust', () => {
  it('untrusted and selecting: a warning with `cx trust PATH`; trusted: ok; strict: the plan finding fails', async () => {
    const { env, cwd } = setup({ work: 'model = "m-work"\n' });
    const cxrc = join(cwd, '.cxrc');
    writeFileSync(cxrc, 'profile = "work"\n');
    const untrusted = parse(await runCx(['doctor', '--json', '--cx-only'], { env, cwd }));
    expect(untrusted.checks['cx.trust']).toMatchObject({ status: 'warning', remediation: `read it, then run \`cx trust ${cxrc}\`` });
    expect(untrusted.checks['cx.selection']?.summary).toBe("no profile selected here: codex's config.toml alone");
    // The plan's own finding says the same, at the same level: not repeated.
    expect(untrusted.checks['cx.finding.cxrc-untrusted']).toBeUndefined();

    const strict = await runCx(['doctor', '--json', '--cx-only'], { env: { ...env, CX_STRICT: '1' }, cwd });
    expect(strict.exitCode).toBe(1);
    expect(parse(strict).checks['cx.finding.cxrc-untrusted']?.status).toBe('fail');

    expect((await runCx(['trust'], { env, cwd })).exitCode).toBe(0);
    const trusted = parse(await runCx(['doctor', '--json', '--cx-only'], { env, cwd }));
    expect(trusted.checks['cx.trust']).toMatchObject({ status: 'ok' });
    expect(trusted.checks['cx.trust']?.summary).toBe(`${cxrc} is trusted (selects profile work)`);
    expect(trusted.checks['cx.selection']?.summary).toBe(`profile work, selected by ${cxrc}:1`);
    expect(trusted.checks['cx.selection']?.details['steps']).toContain(`cxrc: work decided (${cxrc}:1) — trusted`);
  });
});

describe('cx doctor: AWS SSO behind a Bedrock profile', () => {
  let aws: AwsStandIn;
  beforeAll(async () => {
    aws = await startAwsStandIn();
  });
  afterAll(async () => {
    await aws.close();
  });

  interface Sso {
    env: Record<string, string>;
    cwd: string;
    token: string;
  }

  /** A bedrock profile `bedrock` using AWS profile `dev` (SSO, sso_session form) or `role` (chained to `dev`). */
  function ssoSetup(options: { expiresInMs: number; refresh?: boolean; awsProfile?: string; legacy?: boolean; noCache?: boolean }): Sso {
    const { env, cwd } = setup({ bedrock: `model_provider = "amazon-bedrock"\nmodel = "openai.gpt-oss-120b"\n[model_providers.amazon-bedrock.aws]\nregion = "us-east-1"\nprofile = "${options.awsProfile ?? 'dev'}"\n` });
    const home = env['HOME'] as string;
    const token = `sso-token-${randomBytes(12).toString('hex')}`;
    mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    const startUrl = 'https://corp.awsapps.com/start';
    const dev = options.legacy
      ? `[profile dev]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Developer\n`
      : `[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Developer\n\n[sso-session corp]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`;
    writeFileSync(join(home, '.aws', 'config'), `${dev}\n[profile role]\nrole_arn = arn:aws:iam::111122223333:role/R\nsource_profile = dev\nregion = us-east-1\n`);
    const cacheId = options.legacy ? startUrl : 'corp';
    const cached = {
      startUrl,
      region: 'us-east-1',
      accessToken: token,
      expiresAt: new Date(Date.now() + options.expiresInMs).toISOString(),
      ...(options.refresh ? { clientId: 'cid', clientSecret: `cs-${token}`, refreshToken: `rt-${token}`, registrationExpiresAt: new Date(Date.now() + 86_400_000).toISOString() } : {}),
    };
    if (!options.noCache) writeFileSync(join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(cacheId).digest('hex')}.json`), JSON.stringify(cached));
    if (options.expiresInMs > 0) aws.ssoAccessTokens.add(token);
    return {
      env: { ...env, AWS_CONFIG_FILE: join(home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'), AWS_EC2_METADATA_DISABLED: 'true', ...aws.endpointEnv() },
      cwd,
      token,
    };
  }

  async function doctor(sso: Sso): Promise<{ result: CxResult; report: DoctorJson }> {
    const result = await runCx(['doctor', '--json', '--cx-only', '+bedrock'], { env: sso.env, cwd: sso.cwd });
    const human = await runCx(['doctor', '--cx-only', '+bedrock'], { env: sso.env, cwd: sso.cwd });
    for (const text of [result.stdout, result.stderr, human.stdout, human.stderr]) expect(text).not.toContain(sso.token);
    return { result, report: parse(result) };
  }

  it('an expired SSO token: a fail with `aws sso login --profile P`, exit 1, the token never shown', async () => {
    const { result, report } = await doctor(ssoSetup({ expiresInMs: -3_600_000 }));
    expect(result.exitCode).toBe(1);
    const check = report.checks['cx.aws.sso'];
    expect(check).toMatchObject({ status: 'fail', remediation: 'aws sso login --profile dev' });
    expect(check?.summary).toMatch(/^SSO session corp of AWS profile dev: expired at \d{4}-\d\d-\d\dT.*Z \(1h 0m ago\)$/);
    // The plan saw the same (its finding is folded into this check, not repeated).
    expect(report.checks['cx.plan']?.status).toBe('fail');
    expect(report.checks['cx.finding.aws-sso-expired']).toBeUndefined();
  });

  it('the text form: the SSO command once (cx.plan points at cx.aws.sso), every line within 100 columns in a pipe, colour only when asked', async () => {
    const sso = ssoSetup({ expiresInMs: -3_600_000 });
    const human = await runCx(['doctor', '--cx-only', '+bedrock'], { env: sso.env, cwd: sso.cwd });
    expect(human.exitCode).toBe(1);
    expect(human.stdout.match(/aws sso login/g)).toHaveLength(1);
    expect(unwrapped(human.stdout)).toMatch(/FAIL {2}cx\.plan +cx would not launch codex here \(exit 69\): see cx\.aws\.sso — or pass --cx-force to launch anyway/);
    expect(Math.max(...human.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
    expect(human.stdout).not.toContain('\u001b[');
    const forced = await runCx(['doctor', '--cx-only', '+bedrock'], { env: { ...sso.env, FORCE_COLOR: '1', NO_COLOR: '' }, cwd: sso.cwd });
    expect(forced.stdout).toContain('  \u001b[31mFAIL\u001b[39m  cx.aws.sso');
    expect(forced.stdout.replace(/\u001b\[\d+m/g, '')).toBe(human.stdout);
    const noColour = await runCx(['doctor', '--cx-only', '+bedrock'], { env: { ...sso.env, NO_COLOR: '1' }, cwd: sso.cwd });
    expect(noColour.stdout).not.toContain('\u001b[');
  });

  it('reads the AWS config as the SDK does: a byte that is not UTF-8 in a comment does not hide the profile', async () => {
    const sso = ssoSetup({ expiresInMs: -3_600_000 });
    const config = join(sso.env['HOME'] as string, '.aws', 'config');
    writeFileSync(config, Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n'), readFileSync(config)]));
    const { report } = await doctor(sso);
    // The same verdict as with a clean file (doctor used to read it strictly and call the profile missing).
    expect(report.checks['cx.aws.sso']).toMatchObject({ status: 'fail', remediation: 'aws sso login --profile dev' });
  });

  it('through a role chained to the SSO profile, the remediation names the SSO profile', async () => {
    const { report } = await doctor(ssoSetup({ expiresInMs: -60_000, awsProfile: 'role' }));
    expect(report.checks['cx.aws.sso']).toMatchObject({ status: 'fail', remediation: 'aws sso login --profile dev' });
    expect(report.checks['cx.aws.sso']?.summary).toContain('of AWS profile role (through dev)');
  });

  it('a valid token: ok, with its expiry; the plan resolves credentials through the AWS stand-in', async () => {
    const { result, report } = await doctor(ssoSetup({ expiresInMs: 8 * 3_600_000 }));
    expect(result.exitCode, result.stdout).toBe(0);
    expect(report.checks['cx.aws.sso']?.status).toBe('ok');
    expect(report.checks['cx.aws.sso']?.summary).toMatch(/signed in until .* \(in 7h 59m\)|signed in until .* \(in 8h 0m\)/);
    // The real source, and its lifetime, in the words explain uses.
    expect(report.checks['cx.credentials']?.summary).toMatch(/^provider amazon-bedrock: aws profile dev: SSO session corp \(AWS profile dev\), token expires at \d{4}-\d\d-\d\dT[0-9:.]+Z; codex resolves the AWS profile itself \(cx checked it\)$/);
  });

  it('in a terminal, an expired SSO session is reported, never renewed: doctor does not run `aws sso login`', async () => {
    const tmux = tmuxServer('cx-doctor');
    if (!tmux.available) return;
    try {
      const sso = ssoSetup({ expiresInMs: -3_600_000 });
      const dir = tempDir('cx-doctor-tty-');
      // An `aws` first on PATH that records being run (a launch in a terminal would run it).
      const awsRan = join(dir, 'aws-ran');
      writeScript(join(dir, 'bin', 'aws'), `echo "$@" > ${shQuote(awsRan)}\nexit 1\n`);
      const env = { ...sso.env, PATH: `${join(dir, 'bin')}:${SYSTEM_PATH}` };
      const out = join(dir, 'out');
      const status = join(dir, 'status');
      // Exactly this environment: the pane would otherwise inherit the tmux server's, and CI=true
      // there (as in CI itself) means nobody is at the terminal, so explain would not renew.
      const cx = `env -i ${Object.entries(env).map(([k, v]) => shQuote(`${k}=${v}`)).join(' ')} ${shQuote(process.execPath)} ${shQuote(CX_BIN)}`;
      // stdin and stderr are the pane's terminal (what cx asks before renewing); stdout goes to a file.
      const wrapper = writeScript(join(dir, 'run'), `cd ${shQuote(sso.cwd)}\n${cx} doctor --cx-only +bedrock > ${shQuote(out)}\necho $? > ${shQuote(status)}\n`);
      // The same launch plan, as a check that the terminal is one cx would ask in: explain renews.
      const explainWrapper = writeScript(join(dir, 'explain'), `cd ${shQuote(sso.cwd)}\n${cx} explain +bedrock > /dev/null\n`);
      tmux.run('new-session', '-d', '-s', 'doctor', '-x', '120', '-y', '30', wrapper);
      const complete = (path: string) => (): string | undefined => {
        const text = readIfExists(path);
        return text?.endsWith('\n') ? text : undefined;
      };
      const code = await waitFor('doctor to finish', complete(status), 15_000);
      expect(code.trim()).toBe('1');
      expect(unwrapped(readIfExists(out) ?? '')).toMatch(/FAIL {2}cx\.aws\.sso .* — aws sso login --profile dev/);
      expect(readIfExists(awsRan)).toBeUndefined();
      tmux.run('new-session', '-d', '-s', 'explain', '-x', '120', '-y', '30', explainWrapper);
      expect((await waitFor('explain to run aws', complete(awsRan), 15_000)).trim()).toBe('sso login --profile dev');
    } finally {
      tmux.close();
    }
  });

  it('an expired token with a cached refresh token is a warning; a legacy profile expired is a fail; no cache is a fail', async () => {
    expect((await doctor(ssoSetup({ expiresInMs: -60_000, refresh: true }))).report.checks['cx.aws.sso']?.status).toBe('warning');
    const legacy = (await doctor(ssoSetup({ expiresInMs: -60_000, legacy: true }))).report.checks['cx.aws.sso'];
    expect(legacy).toMatchObject({ status: 'fail', remediation: 'aws sso login --profile dev' });
    expect(legacy?.summary).toContain('the SSO login of AWS profile dev');
    const none = (await doctor(ssoSetup({ expiresInMs: 0, noCache: true }))).report.checks['cx.aws.sso'];
    expect(none).toMatchObject({ status: 'fail', remediation: 'aws sso login --profile dev' });
    expect(none?.summary).toContain('no cached token');
  });
});

describe('doctor, the pure parts', () => {
  const check = (id: string, status: Check['status']): Check => ({ id, category: 'x', status, summary: id, remediation: null, details: {} });

  it('overall status and exit status: any fail → fail/1, else any warning → warning/0', () => {
    expect(overallStatus([check('a', 'ok'), check('b', 'skipped')])).toBe('ok');
    expect(overallStatus([check('a', 'ok'), check('b', 'warning')])).toBe('warning');
    expect(overallStatus([check('a', 'fail'), check('b', 'warning')])).toBe('fail');
    expect(doctorExitStatus([check('a', 'warning')])).toBe(0);
    expect(doctorExitStatus([check('a', 'fail')])).toBe(1);
  });

  it('findings: error → fail, warning → warning, info → ok; covered ones folded only when not worse; duplicates numbered', () => {
    const checks = findingChecks(
      [
        { level: 'error', code: 'model-unknown', message: 'one' },
        { level: 'error', code: 'model-unknown', message: 'two' },
        { level: 'info', code: 'data-residency', message: 'info' },
        { level: 'warning', code: 'keyring-unavailable', message: 'covered' },
        { level: 'error', code: 'credential-missing', message: 'worse than the check' },
      ],
      [check('cx.keyring', 'warning'), check('cx.credentials', 'warning')],
      null,
    );
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['cx.finding.model-unknown', 'fail'],
      ['cx.finding.model-unknown.2', 'fail'],
      ['cx.finding.data-residency', 'ok'],
      ['cx.finding.credential-missing', 'fail'],
    ]);
    expect(findingChecks([], [], null).map((c) => [c.id, c.status])).toEqual([['cx.findings', 'ok']]);
    expect(findingChecks(null, [], 'boom')[0]).toMatchObject({ id: 'cx.findings', status: 'skipped' });
    const withFix = findingChecks([{ level: 'warning', code: 'x', message: 'm', fix: 'do y' } as never], [], null);
    expect(withFix[0]?.remediation).toBe('do y');
  });

  it("codex's report: ids prefixed, unknown statuses shown and counted as warnings, junk refused", () => {
    const report = parseCodexDoctor(codexReport({ 'a.b': { status: 'idle', summary: 's', details: { n: 3, list: ['x', 1] } } }));
    expect(report?.checks).toEqual([{ id: 'codex.a.b', category: 'a', status: 'warning', codexStatus: 'idle', summary: 's', remediation: null, details: { n: '3', list: ['x', '1'] }, durationMs: 1 }]);
    for (const junk of ['', 'not json', '[]', '{}', '{"checks": []}']) expect(parseCodexDoctor(junk)).toBeNull();
  });

  it('redact replaces every secret of 6+ characters in every string, keys included', () => {
    expect(redact({ a: 'x secret1 y', b: ['secret1'], secret1: 1, short: 'abc' }, ['secret1', 'abc'])).toEqual({ a: 'x [redacted] y', b: ['[redacted]'], '[redacted]': 1, short: 'abc' });
  });

  it('the SSO verdict: chain followed, windows as the SDK has them', () => {
    const ini = (text: Record<string, Record<string, string>>): Map<string, Map<string, string>> => new Map(Object.entries(text).map(([k, v]) => [k, new Map(Object.entries(v))]));
    const files: AwsIni = {
      configPath: '/c',
      config: ini({ 'profile a': { role_arn: 'r', source_profile: 'b' }, 'profile b': { sso_session: 's' }, 'sso-session s': { sso_start_url: 'u', sso_region: 'r' }, 'profile c': { sso_session: 'missing' }, 'profile plain': { region: 'x' } }),
      credentials: ini({ keys: { aws_access_key_id: 'x' } }),
    };
    expect(ssoTarget(files, 'a')).toEqual({ kind: 'sso', profile: 'a', loginProfile: 'b', session: 's', cacheId: 's' });
    expect(ssoTarget(files, 'c')).toMatchObject({ kind: 'misconfigured', problem: '[sso-session missing] is not in /c' });
    expect(ssoTarget(files, 'plain').kind).toBe('not-sso');
    expect(ssoTarget(files, 'keys').kind).toBe('not-sso');
    expect(ssoTarget(files, 'nope').kind).toBe('missing-profile');
    const target = { kind: 'sso' as const, profile: 'b', loginProfile: 'b', session: 's', cacheId: 's' };
    const now = new Date('2030-01-01T00:00:00Z');
    const at = (ms: number, extra = {}): string => JSON.stringify({ accessToken: 't', expiresAt: new Date(now.getTime() + ms).toISOString(), ...extra });
    expect(ssoTokenCheck(target, '/p', { kind: 'text', text: at(6 * 60_000) }, now).status).toBe('ok');
    expect(ssoTokenCheck(target, '/p', { kind: 'text', text: at(4 * 60_000) }, now).status).toBe('warning');
    expect(ssoTokenCheck(target, '/p', { kind: 'text', text: at(-1) }, now).status).toBe('fail');
    expect(ssoTokenCheck(target, '/p', { kind: 'text', text: '{"expiresAt": "2031-01-01T00:00:00Z"}' }, now).status).toBe('fail');
    expect(ssoTokenCheck(target, '/p', { kind: 'unreadable', reason: 'is a directory, not a file' }, now).summary).toContain('/p is a directory');
  });
});

/** doctor's text with each wrapped line joined back to the line it continues. */
function unwrapped(text: string): string {
  return text.replace(/\n {10,}/g, ' ');
}
