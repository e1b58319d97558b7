// 50 cx processes at once in one state directory and one keyring: trusting, untrusting, storing
// secrets, launching codex with AWS credentials fetched from the loopback AWS stand-in (and cached
// in the keyring), and plain launches. Afterwards no record is lost or left behind, nothing under
// the state directory is partial, temporary or readable by others, the keyring holds exactly what
// was stored, and every codex got exactly what a lone launch gives it. A second wave with the AWS
// cache warm makes no AWS request at all.
//
// The keyring is a private gnome-keyring on a private D-Bus (test/helpers/private-keyring.ts), so
// nothing here meets another test file's entries. Without the harness bus (not run under
// test/setup/with-keyring.sh, as npm test does) the file is skipped.
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsStandIn, startAwsStandIn } from '../helpers/aws-stand-in.ts';
import { type CxResult, RUNTIMES, cleanEnv, runCx, runProgram, tempDir } from '../helpers/cx-process.ts';
import { type Recorder, type Recording, looksLikeStackTrace, mapLimit, recorderFake } from '../helpers/fake-codex.ts';
import { type PrivateKeyring, startPrivateKeyring } from '../helpers/private-keyring.ts';

const BUS = process.env['DBUS_SESSION_BUS_ADDRESS'];
if (!BUS) console.warn('concurrency.test.ts: skipped (not under test/setup/with-keyring.sh, as npm test runs it)');

/** 50 Node processes at once on a 2-core machine: each is bounded generously, and so is the whole. */
const PROCESS_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 240_000;
/**
 * Each keyring operation's bound inside cx. The default (1500 ms) is about a hung keyring; with 50
 * processes queueing on one gnome-keyring daemon and two cores, an answer can take longer than that,
 * and what this file tests is that concurrent writers lose nothing, not the timeout.
 */
const KEYRING_TIMEOUT_MS = '30000';
const AWS_PROFILE = 'cxc-sso';
const AWS_ACCOUNT = `aws:${AWS_PROFILE}`;
const AWS_VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;
const GUARD = /^(\d+):(exec|spawn):1$/;

let keyring: PrivateKeyring | null = null;
let aws: AwsStandIn | null = null;
beforeAll(async () => {
  if (!BUS) return;
  [keyring, aws] = await Promise.all([startPrivateKeyring(), startAwsStandIn()]);
});
afterAll(async () => {
  await Promise.all([keyring?.close(), aws?.close()]);
});

function standIn(): AwsStandIn {
  if (aws === null) throw new Error('no AWS stand-in');
  return aws;
}

// ---------------------------------------------------------------------------------------------
// The sandbox: HOME (CODEX_HOME with profiles `other` and `bed`, ~/.aws with an SSO profile whose
// cached token the stand-in accepts), repositories with .cxrc files, a state dir cx creates.

interface Sandbox {
  root: string;
  home: string;
  repos: string;
  stateHome: string;
  env: Record<string, string>;
}

function sandbox(): Sandbox {
  const root = realpathSync(tempDir('cx-concurrency-'));
  const home = join(root, 'home');
  const codexHome = join(home, '.codex');
  const repos = join(root, 'repos');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(repos);
  writeFileSync(join(codexHome, 'other.config.toml'), 'model = "model-other"\n');
  writeFileSync(join(codexHome, 'bed.config.toml'), 'model_provider = "amazon-bedrock"\nmodel = "openai.gpt-5.5"\n[model_providers.amazon-bedrock.aws]\nregion = "eu-west-1"\n');

  const session = `${AWS_PROFILE}-session`;
  const accessToken = `sso-access-${randomBytes(12).toString('hex')}`;
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(
    join(home, '.aws', 'config'),
    `[profile ${AWS_PROFILE}]\nsso_session = ${session}\nsso_account_id = 111122223333\nsso_role_name = Developer\n\n[sso-session ${session}]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`,
  );
  writeFileSync(
    join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(session).digest('hex')}.json`),
    JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'us-east-1', accessToken, expiresAt: new Date(Date.now() + 8 * 3_600_000).toISOString() }),
  );
  standIn().ssoAccessTokens.add(accessToken);

  const stateHome = join(root, 'state');
  const env = cleanEnv({
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: stateHome,
    CODEX_HOME: codexHome,
    DBUS_SESSION_BUS_ADDRESS: keyring?.bus ?? 'unix:path=/nonexistent',
    CX_KEYRING_TIMEOUT_MS: KEYRING_TIMEOUT_MS,
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...standIn().endpointEnv(),
  });
  return { root, home, repos, stateHome, env };
}

/** A repository holding a .cxrc; returns the .cxrc's path. */
function cxrc(box: Sandbox, name: string, content: string): string {
  const dir = join(box.repos, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.cxrc'), content);
  return join(dir, '.cxrc');
}

function trustKey(path: string): string {
  return createHash('sha256').update(path).update('\0').update(readFileSync(path, 'utf8')).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Jobs: what one cx process of a wave does, and what it must print.

type Job =
  | { kind: 'trust' | 'untrust'; file: string; node: string }
  | { kind: 'secret'; name: string; value: string; node: string }
  | { kind: 'launch'; label: string; aws: boolean; cwd: string; args: string[]; env: Record<string, string>; fake: Recorder; node: string };

type Launch = Extract<Job, { kind: 'launch' }>;

function describeJob(job: Job): string {
  switch (job.kind) {
    case 'trust':
    case 'untrust':
      return `cx ${job.kind} ${job.file}`;
    case 'secret':
      return `cx secret set ${job.name}`;
    case 'launch':
      return `launch ${job.label}`;
  }
}

function runJob(box: Sandbox, job: Job): Promise<CxResult> {
  const base = { node: job.node, timeoutMs: PROCESS_TIMEOUT_MS };
  switch (job.kind) {
    case 'trust':
    case 'untrust':
      return runCx([job.kind, job.file], { ...base, env: box.env, cwd: box.root });
    case 'secret':
      // Piped, with the newline a shell's echo adds (cx drops one).
      return runCx(['secret', 'set', job.name], { ...base, env: box.env, cwd: box.root, input: `${job.value}\n` });
    case 'launch':
      return runCx(job.args, { ...base, env: { ...box.env, ...job.env }, cwd: job.cwd });
  }
}

/** Every job of a wave started at once; then every one must have ended as it should. */
async function wave(box: Sandbox, jobs: readonly Job[]): Promise<{ results: CxResult[]; ms: number }> {
  for (const job of jobs) if (job.kind === 'launch') job.fake.reset();
  const started = Date.now();
  const results = await Promise.all(jobs.map((job) => runJob(box, job)));
  const ms = Date.now() - started;
  const wrong: string[] = [];
  jobs.forEach((job, i) => {
    const r = results[i] as CxResult;
    const shown = `${describeJob(job)}: status ${String(r.exitCode)} signal ${String(r.signal)} timedOut ${String(r.timedOut)}\n  stderr: ${r.stderr}\n  stdout: ${r.stdout.slice(0, 500)}`;
    if (r.timedOut || r.signal !== undefined || r.exitCode !== 0 || looksLikeStackTrace(r.stderr)) {
      wrong.push(shown);
      return;
    }
    if (job.kind === 'trust' && !(r.stdout.startsWith(`cx: trusted ${job.file} as it is now`) && r.stderr === '')) wrong.push(shown);
    if (job.kind === 'untrust' && !(r.stdout === `cx: no longer trusting ${job.file}` && r.stderr === '')) wrong.push(shown);
    if (job.kind === 'secret' && !(r.stdout.startsWith(`cx: stored ${job.name} (global) in the keyring`) && r.stderr === '')) wrong.push(shown);
    if (job.kind === 'launch' && (r.stdout !== '' || !job.fake.ran())) wrong.push(`${shown}\n  codex ran: ${String(job.fake.ran())}`);
  });
  expect(wrong, `${wrong.length} of ${jobs.length} processes did not end as they should`).toEqual([]);
  return { results, ms };
}

// ---------------------------------------------------------------------------------------------
// What a launch gave codex, made comparable across runs: cx's pid in CX_LAUNCH_GUARD (checked
// against codex's pid or parent) and, for AWS launches, which issued credentials codex got.

interface Seen {
  argv: string[];
  env: Record<string, string>;
  stderr: string;
  /** The AWS credentials codex got (AWS launches), as `KEY SECRET TOKEN`. */
  aws: string | null;
}

function seen(job: Launch, result: CxResult, recording: Recording): Seen {
  const env = { ...recording.env };
  const guard = GUARD.exec(env['CX_LAUNCH_GUARD'] ?? '');
  expect(guard, `${job.label}: CX_LAUNCH_GUARD ${String(env['CX_LAUNCH_GUARD'])}`).not.toBeNull();
  const [, pid, mode] = guard as RegExpExecArray;
  // spawn: cx is codex's parent; exec: cx became codex.
  expect(Number(pid), `${job.label}: CX_LAUNCH_GUARD names cx`).toBe(mode === 'exec' ? recording.pid : recording.ppid);
  env['CX_LAUNCH_GUARD'] = `PID:${mode ?? ''}:1`;
  let delivered: string | null = null;
  if (job.aws) {
    delivered = AWS_VARS.map((name) => env[name] ?? '(none)').join(' ');
    for (const name of AWS_VARS) env[name] = `(${name})`;
  }
  return { argv: recording.argv, env, stderr: result.stderr, aws: delivered };
}

function issuedTriple(keyId: string): string | null {
  const issued = standIn().issued.get(keyId);
  return issued ? `${issued.accessKeyId} ${issued.secretAccessKey} ${issued.sessionToken}` : null;
}

// ---------------------------------------------------------------------------------------------
// The state directory, listed whole, and the keyring, read with secret-tool.

interface Listing {
  /** Relative path -> `dir 700` / `file 600 SIZE`, for everything under the state dir. */
  entries: Map<string, string>;
}

function listState(box: Sandbox): Listing {
  const entries = new Map<string, string>();
  const walk = (path: string, rel: string): void => {
    const stat = lstatSync(path);
    const mode = (stat.mode & 0o7777).toString(8);
    if (stat.isDirectory()) {
      entries.set(rel, `dir ${mode}`);
      for (const name of readdirSync(path).sort()) walk(join(path, name), rel === '.' ? name : `${rel}/${name}`);
    } else if (stat.isFile()) {
      entries.set(rel, `file ${mode} ${stat.size}`);
    } else {
      entries.set(rel, `other ${mode}`);
    }
  };
  walk(box.stateHome, '.');
  return { entries };
}

/** Everything under the state dir is a known directory (0700), a trust record or the marker (0600); the records are exactly `trusted`. */
function expectState(box: Sandbox, trusted: readonly string[], marker: boolean): void {
  const { entries } = listState(box);
  const unknown: string[] = [];
  const records: string[] = [];
  for (const [rel, what] of entries) {
    if (rel === '.' || rel === 'cx' || rel === 'cx/trust') {
      if (what !== 'dir 700') unknown.push(`${rel}: ${what} (want dir 700)`);
    } else if (rel === 'cx/keyring-in-use') {
      if (what !== 'file 600 0') unknown.push(`${rel}: ${what} (want file 600 0)`);
    } else if (/^cx\/trust\/[0-9a-f]{64}$/.test(rel) && what.startsWith('file 600 ')) {
      records.push(rel.slice('cx/trust/'.length));
    } else {
      unknown.push(`${rel}: ${what}`);
    }
  }
  expect(unknown, `unexpected entries under the state dir:\n${[...entries].map(([p, w]) => `  ${p} ${w}`).join('\n')}`).toEqual([]);
  expect(entries.has('cx/keyring-in-use'), 'the keyring-in-use marker').toBe(marker);
  expect(records.sort()).toEqual(trusted.map(trustKey).sort());
  // Each record is whole: JSON naming the path and the hash of the content it trusts.
  for (const file of trusted) {
    const body = JSON.parse(readFileSync(join(box.stateHome, 'cx', 'trust', trustKey(file)), 'utf8')) as Record<string, unknown>;
    expect(body).toEqual({ path: file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), trustedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  }
}

/** Paths under `dir` whose name looks like a temporary or partial file. */
function strayTemps(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (/\.tmp$|\.tmp\.|~$|\.partial$|\.swp$/.test(entry.name)) found.push(full);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return found;
}

async function secretTool(box: Sandbox, args: string[]): Promise<CxResult> {
  return runProgram('secret-tool', args, { env: box.env, timeoutMs: 15_000 });
}

async function keyringValue(box: Sandbox, account: string): Promise<string | null> {
  const lookup = await secretTool(box, ['lookup', 'service', 'cx', 'account', account]);
  return lookup.exitCode === 0 ? lookup.stdout : null;
}

/** How many keyring items the account has (concurrent writers must not leave duplicates). */
async function keyringItems(box: Sandbox, account: string): Promise<number> {
  const search = await secretTool(box, ['search', '--all', 'service', 'cx', 'account', account]);
  return (search.stdout.match(/^\[\//gm) ?? []).length + (search.stderr.match(/^\[\//gm) ?? []).length;
}

/** The AWS cache entry, which must parse as complete credentials from issued by the stand-in. */
async function awsCacheTriple(box: Sandbox): Promise<string> {
  const text = await keyringValue(box, AWS_ACCOUNT);
  expect(text, `no ${AWS_ACCOUNT} entry in the keyring`).not.toBeNull();
  const entry = JSON.parse(text ?? '') as Record<string, unknown>;
  expect(Object.keys(entry).sort()).toEqual(['accessKeyId', 'config', 'expiration', 'secretAccessKey', 'sessionToken', 'source', 'v']);
  expect(entry).toMatchObject({ v: 1, source: 'sso' });
  const issued = standIn().issued.get(String(entry['accessKeyId']));
  expect(issued, 'the cached key was issued by the stand-in').toBeDefined();
  expect(entry['secretAccessKey']).toBe(issued?.secretAccessKey);
  expect(entry['sessionToken']).toBe(issued?.sessionToken);
  expect(entry['expiration']).toBe(issued?.expiration.toISOString());
  return issuedTriple(String(entry['accessKeyId'])) ?? '';
}

// ---------------------------------------------------------------------------------------------

describe.skipIf(!BUS)('50 cx processes at once in one state dir and one keyring', () => {
  it('trust, untrust, secret set, AWS-credential launches and plain launches: nothing lost, nothing partial, nothing readable by others; the warm wave asks AWS nothing', { timeout: TEST_TIMEOUT_MS }, async () => {
    const box = sandbox();
    const tag = randomBytes(3).toString('hex');
    // A provider reads each secret stored below (else `cx secret set` warns that nothing reads it).
    const read = Array.from({ length: 10 }, (_, i) => `[model_providers.s${i}]\nbase_url = "https://x/v1"\nenv_key = "CXC_${tag.toUpperCase()}_S${i}"\n`);
    writeFileSync(join(box.env['CODEX_HOME'] as string, 'config.toml'), read.join(''));
    const node = (i: number): string => (RUNTIMES[i % RUNTIMES.length] ?? RUNTIMES[0])?.node ?? process.execPath;
    const plainDir = join(box.repos, 'plain');
    mkdirSync(plainDir);

    // The .cxrc files: t* trusted in wave 1 (t0-t9 untrusted again in wave 2), u* trusted before and
    // untrusted in wave 1, k* trusted before and kept, w* never trusted, n* trusted in wave 2.
    const files = (prefix: string, count: number, profile: string): string[] =>
      Array.from({ length: count }, (_, i) => cxrc(box, `${prefix}${i}`, `profile = "${profile}"\n# ${prefix}${i} ${tag}\n`));
    const t = files('t', 15, 'other');
    const u = files('u', 10, 'other');
    const k = files('k', 5, 'other');
    const w = files('w', 3, 'other');
    const n = files('n', 5, 'other');

    // Launches, each with its own recording codex: 10 Bedrock via the SSO profile, 5 in a trusted
    // repository (-p other), 3 in an untrusted one (a warning, no -p), 2 with no .cxrc.
    const fakes = join(box.root, 'fakes');
    const launch = (label: string, awsLaunch: boolean, cwd: string, i: number): Launch => {
      const fake = recorderFake(join(fakes, label, 'codex'));
      return {
        kind: 'launch',
        label,
        aws: awsLaunch,
        cwd,
        args: awsLaunch ? ['+bed', 'exec', 'hi'] : ['exec', 'hi'],
        env: { CX_CODEX_BIN: fake.bin, ...(awsLaunch ? { AWS_PROFILE } : {}) },
        fake,
        node: node(i),
      };
    };
    const awsLaunches = Array.from({ length: 10 }, (_, i) => launch(`aws${i}`, true, plainDir, i));
    const plainLaunches = [
      ...k.map((file, i) => launch(`trusted${i}`, false, join(file, '..'), i)),
      ...w.map((file, i) => launch(`untrusted${i}`, false, join(file, '..'), i + 1)),
      launch('none0', false, plainDir, 0),
      launch('none1', false, plainDir, 1),
    ];
    const launches = [...awsLaunches, ...plainLaunches];

    // Before: k* and u* trusted (no state dir exists until then).
    const pre = await mapLimit([...k, ...u], 4, (file) => runCx(['trust', file], { env: box.env, cwd: box.root, timeoutMs: 30_000 }));
    for (const r of pre) expect(r.exitCode, r.stderr).toBe(0);

    // The control: each launch alone, one after another, each AWS one with a cold cache (cleared
    // after it, so wave 1 starts cold too).
    const control = new Map<string, Seen>();
    const controlStarted = Date.now();
    for (const job of launches) {
      job.fake.reset();
      const r = await runJob(box, job);
      expect(r.exitCode, `${job.label} (alone): ${r.stderr}`).toBe(0);
      control.set(job.label, seen(job, r, job.fake.read()));
      if (job.aws) {
        expect((await secretTool(box, ['clear', 'service', 'cx', 'account', AWS_ACCOUNT])).exitCode).toBe(0);
      }
    }
    const controlMs = Date.now() - controlStarted;
    // What a lone launch gives codex, spelled out once.
    expect(control.get('aws0')?.argv).toEqual(['-c', 'web_search="disabled"', '-c', 'shell_environment_policy.exclude=["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]', '-p', 'bed', 'exec', 'hi']);
    expect(control.get('aws0')?.aws).toMatch(/^ASIA\S+ \S+ \S+$/);
    expect(control.get('trusted0')?.argv).toEqual(['-p', 'other', 'exec', 'hi']);
    expect(control.get('untrusted0')?.argv).toEqual(['exec', 'hi']);
    expect(control.get('untrusted0')?.stderr).toMatch(/^cx: warning: .*not trusted/);
    expect(control.get('none0')?.argv).toEqual(['exec', 'hi']);
    for (const label of ['aws0', 'trusted0', 'none0']) expect(control.get(label)?.stderr, label).toBe('');
    expect(await keyringValue(box, AWS_ACCOUNT)).toBeNull();
    // The AWS launches cached credentials in the keyring, which marks it as in use (plan-credentials.ts).
    expectState(box, [...k, ...u], true);

    const secrets1 = Array.from({ length: 5 }, (_, i) => ({ name: `CXC_${tag.toUpperCase()}_S${i}`, value: `välue ${i} ${randomBytes(16).toString('hex')} = "x"` }));
    const homeBefore = listHome(box);

    // Wave 1: 15 trust, 10 untrust, 10 AWS launches (cold cache), 5 secret set, 10 plain launches.
    const jobs1: Job[] = interleave([
      t.map((file, i): Job => ({ kind: 'trust', file, node: node(i) })),
      u.map((file, i): Job => ({ kind: 'untrust', file, node: node(i + 1) })),
      awsLaunches,
      secrets1.map((s, i): Job => ({ kind: 'secret', ...s, node: node(i) })),
      plainLaunches,
    ]);
    expect(jobs1).toHaveLength(50);
    const awsMark1 = standIn().requests.length;
    const issuedBefore1 = new Set(standIn().issued.keys());
    const wave1 = await wave(box, jobs1);

    expectState(box, [...k, ...t], true);
    expect(strayTemps(box.root)).toEqual([]);
    expect(listHome(box), 'cx wrote nothing under HOME').toEqual(homeBefore);
    for (const s of secrets1) {
      expect(await keyringValue(box, s.name), s.name).toBe(s.value);
      expect(await keyringItems(box, s.name), `${s.name}: keyring items`).toBe(1);
    }
    const cached1 = await awsCacheTriple(box);
    const awsRequests1 = standIn().requests.slice(awsMark1);
    expect(awsRequests1.map((r) => `${r.service} ${r.action}`).filter((a) => a !== 'sso GetRoleCredentials')).toEqual([]);
    expect(awsRequests1.length, 'AWS fetches in wave 1 (at most one per launch)').toBeGreaterThanOrEqual(1);
    expect(awsRequests1.length).toBeLessThanOrEqual(awsLaunches.length);
    const issued1 = new Set([...standIn().issued.keys()].filter((id) => !issuedBefore1.has(id)).map((id) => issuedTriple(id)));
    expect(issued1.has(cached1), 'the cache holds credentials issued in wave 1').toBe(true);
    expectLaunches(jobs1, wave1.results, control, (job, got) => {
      if (job.aws) expect(issued1.has(got), `${job.label} got credentials issued in wave 1`).toBe(true);
    });

    // Wave 2, same state dir, the AWS cache warm: 10 AWS launches, 10 plain launches, 10 untrust
    // (t0-t9), 5 trust of new files, 5 trust again of trusted ones (t10-t14), 5 secrets overwritten,
    // 5 new.
    const secrets2 = [
      ...secrets1.map((s, i) => ({ name: s.name, value: `new välue ${i} ${randomBytes(16).toString('hex')}` })),
      ...Array.from({ length: 5 }, (_, i) => ({ name: `CXC_${tag.toUpperCase()}_S${5 + i}`, value: `välue ${5 + i} ${randomBytes(16).toString('hex')}` })),
    ];
    const jobs2: Job[] = interleave([
      t.slice(0, 10).map((file, i): Job => ({ kind: 'untrust', file, node: node(i) })),
      [...n, ...t.slice(10)].map((file, i): Job => ({ kind: 'trust', file, node: node(i + 1) })),
      awsLaunches,
      secrets2.map((s, i): Job => ({ kind: 'secret', ...s, node: node(i) })),
      plainLaunches,
    ]);
    expect(jobs2).toHaveLength(50);
    const awsMark2 = standIn().requests.length;
    const wave2 = await wave(box, jobs2);

    expect(standIn().requests.slice(awsMark2), 'AWS requests with the cache warm').toEqual([]);
    expectState(box, [...k, ...t.slice(10), ...n], true);
    expect(strayTemps(box.root)).toEqual([]);
    expect(listHome(box), 'cx wrote nothing under HOME').toEqual(homeBefore);
    for (const s of secrets2) {
      expect(await keyringValue(box, s.name), s.name).toBe(s.value);
      expect(await keyringItems(box, s.name), `${s.name}: keyring items`).toBe(1);
    }
    expect(await awsCacheTriple(box)).toBe(cached1);
    expect(await keyringItems(box, AWS_ACCOUNT), `${AWS_ACCOUNT}: keyring items`).toBe(1);
    // The canary every secret set and keyring read may store beside them: still one entry.
    expect(await keyringItems(box, '__cx_canary__'), 'canary: keyring items').toBe(1);
    expectLaunches(jobs2, wave2.results, control, (job, got) => {
      if (job.aws) expect(got, `${job.label} got the cached credentials`).toBe(cached1);
    });

    console.log(`concurrency: control (${launches.length} lone launches) ${controlMs} ms; wave 1 (50 processes) ${wave1.ms} ms, ${awsRequests1.length} AWS fetches for ${awsLaunches.length} cold launches; wave 2 (50 processes) ${wave2.ms} ms, 0 AWS requests`);
  });
});

/** Each launch of a wave gave codex exactly what its lone control run did (AWS credentials aside, checked by `aws`). */
function expectLaunches(jobs: readonly Job[], results: readonly CxResult[], control: ReadonlyMap<string, Seen>, aws: (job: Launch, delivered: string) => void): void {
  jobs.forEach((job, i) => {
    if (job.kind !== 'launch') return;
    const got = seen(job, results[i] as CxResult, job.fake.read());
    const alone = control.get(job.label);
    expect({ argv: got.argv, env: got.env, stderr: got.stderr }, `${job.label} in the wave vs alone`).toEqual({ argv: alone?.argv, env: alone?.env, stderr: alone?.stderr });
    if (job.aws) aws(job, got.aws ?? '');
  });
}

/** Round-robin over the groups, so that every kind of process starts early and late in the wave. */
function interleave<T>(groups: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (let i = 0; groups.some((g) => i < g.length); i += 1) for (const g of groups) if (i < g.length) out.push(g[i] as T);
  return out;
}

/** Every entry under HOME with its type, mode, size and content hash (cx must write nothing there). */
function listHome(box: Sandbox): string[] {
  const out: string[] = [];
  const walk = (path: string, rel: string): void => {
    const stat = lstatSync(path);
    const mode = (stat.mode & 0o7777).toString(8);
    if (stat.isDirectory()) {
      out.push(`${rel}/ ${mode}`);
      for (const name of readdirSync(path).sort()) walk(join(path, name), `${rel}/${name}`);
    } else {
      out.push(`${rel} ${mode} ${createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)}`);
    }
  };
  walk(box.home, '~');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Found by the waves above when run with the default keyring bound (CX_KEYRING_TIMEOUT_MS unset):
// with 50 processes on two cores, loading keytar (a native module: dlopen of libsecret and GLib)
// took up to 1.5 s in a cx process, and that time counted against the 1500 ms each keyring
// operation gets (src/credentials/keyring.ts started an Operation's deadline before loading
// keytar). So `cx secret set` failed with 74 "the keyring did not answer in time … the keyring
// daemon may be hung" while the daemon answered every call in under 0.6 s. Reproduced here without
// any load: the native module's load is made to take 2 s (a --require hook that waits before
// Node loads any .node file) and a healthy keyring is asked once. Fixed: the deadline starts once
// keytar is loaded.

const SLOW_NATIVE = `const Module = require('node:module');
const load = Module._extensions['.node'];
Module._extensions['.node'] = function (module, filename) {
  const until = Date.now() + 2000;
  while (Date.now() < until) {}
  return load.call(this, module, filename);
};
`;

describe.skipIf(!BUS)('the keyring bound is for the keyring, not for loading keytar', () => {
  it('`cx secret set` in a process where loading the native keyring module takes 2 s: stored, exit 0 (default bound, healthy keyring)', { timeout: 60_000 }, async () => {
    const dir = tempDir('cx-slow-native-');
    const hook = join(dir, 'slow-native.cjs');
    writeFileSync(hook, SLOW_NATIVE);
    const name = `CXC_SLOW_${randomBytes(3).toString('hex').toUpperCase()}`;
    const value = `slow ${randomBytes(8).toString('hex')}`;
    // A provider reads the name (else `cx secret set` warns that nothing reads it).
    const codexHome = tempDir('cx-slow-native-codex-');
    writeFileSync(join(codexHome, 'config.toml'), `[model_providers.slow]\nbase_url = "https://x/v1"\nenv_key = "${name}"\n`);
    const env = cleanEnv({ DBUS_SESSION_BUS_ADDRESS: keyring?.bus ?? 'unix:path=/nonexistent', NODE_OPTIONS: `--require ${hook}`, CODEX_HOME: codexHome });
    const result = await runCx(['secret', 'set', name], { env, cwd: dir, input: `${value}\n`, timeoutMs: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const stored = await runProgram('secret-tool', ['lookup', 'service', 'cx', 'account', name], { env, timeoutMs: 15_000 });
    expect(stored.stdout).toBe(value);
  });
});
