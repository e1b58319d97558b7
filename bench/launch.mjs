#!/usr/bin/env node
// cx's launch benchmark (product.md, "Speed"): whole processes, measured side by side in one run,
// interleaved round by round, reported as medians and as the ratios the budgets are written in.
//
//   npm run bench                      # text report
//   npm run bench -- --json            # text report on stderr, a JSON object on stdout
//   BENCH_ROUNDS=60 npm run bench      # or --rounds 60; also --warmup N / BENCH_WARMUP,
//                                      # --max-seconds S / BENCH_MAX_SECONDS (time bound per run),
//                                      # --runs N / BENCH_RUNS (default 3: the ratios' range)
//   npm run bench -- --baseline DIR    # also times another built checkout's cx (e.g. the commit
//                                      # before a change), interleaved with this one: before/after
//
// The whole interleaved measurement is repeated --runs times; the table pools every run's samples,
// and the cx / npm launcher ratios are given per run, with their median and range, and must be
// within budget in every run. Before timing, each Node makes cx's V8 code cache as the install step
// does (dist/code-cache/make-caches.cjs, docs/code-cache.md), and cx must be seen accepting it.
//
// Exits 0 whatever the timings (a budget miss is reported, loudly, but CI must not flake on
// timing); exits 2 on a harness error: cx not built, codex missing, a command failing or printing
// the wrong thing, bad options.
//
// The SSO row (`cx explain --json` with an SSO profile and credentials cached in the keyring) needs
// a keyring: the bench re-runs itself under test/setup/with-keyring.sh (a private D-Bus session and
// a throwaway gnome-keyring, never the user's own), and reports the row as skipped when that is
// not available (exit 69: dbus or gnome-keyring missing). The AWS SSO portal is a loopback stand-in
// in a worker thread (so it answers while spawnSync blocks the main thread); it must see exactly one
// request (the run that fills the cache) and none while the row is timed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describeLaunchGraph, HEAVY_PACKAGES, heavyIn, LAUNCH_OUTPUT, readLaunchGraph } from './launch-graph.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CX_BIN = join(ROOT, 'bin', 'cx.js');
const CX_BUNDLE = join(ROOT, 'dist', 'cx.cjs'); // bin/cx.js requires it
const METAFILE = join(ROOT, 'dist', 'meta.json'); // esbuild's account of what went into it
const NODE_MODULES_BIN = join(ROOT, 'node_modules', '.bin');
const NPM_LAUNCHER = join(ROOT, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
const NATIVE_CODEX = join(ROOT, 'node_modules', '@openai', 'codex-linux-x64', 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex');
const NODE22 = join(ROOT, '.cache', 'node-22.23.3', 'bin', 'node');
const NODE = process.execPath;
/** How cx launches codex under the Node running this bench: execve needs Node >= 22.15. */
const MODE = typeof process.execve === 'function' ? 'execve' : 'spawn';

// Budgets from product.md, "Speed" (medians).
const BUDGET_RATIO_VS_NPM = 0.9;
const BUDGET_OVER_NATIVE_MS = 50;
const EXPLAIN_SSO_BUDGET_MS = 150; // `cx explain --json`, SSO profile, valid cached token, no network
const COMPLETION_BUDGET_MS = 60; // a completion request: `cx __complete profiles` (what +<TAB> and -p <TAB> run)
/** The profiles the completion row's CODEX_HOME holds (two files, two legacy tables), as it must print them. */
const COMPLETION_PROFILES = ['bench-file-a', 'bench-file-b', 'bench-legacy-a', 'bench-legacy-b'];

const WITH_KEYRING = join(ROOT, 'test', 'setup', 'with-keyring.sh');
/** Set in the environment of the bench's re-run under with-keyring.sh, so it happens once. */
const KEYRING_RERUN = 'CX_BENCH_KEYRING_RERUN';
const SSO_PROFILE = 'cx-bench-sso';
const SSO_SESSION = 'cx-bench-session';

class HarnessError extends Error {}

// ---------------------------------------------------------------------------------------------
// Options

function parseOptions(argv, env) {
  const options = {
    json: false,
    rounds: Number(env.BENCH_ROUNDS ?? 30),
    warmup: Number(env.BENCH_WARMUP ?? 3),
    maxSeconds: Number(env.BENCH_MAX_SECONDS ?? 120),
    runs: Number(env.BENCH_RUNS ?? 3),
    baseline: null,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (name === '--json') options.json = true;
    else if (name === '--rounds') options.rounds = Number(value());
    else if (name === '--warmup') options.warmup = Number(value());
    else if (name === '--max-seconds') options.maxSeconds = Number(value());
    else if (name === '--runs') options.runs = Number(value());
    else if (name === '--baseline') options.baseline = value();
    else if (name === '-h' || name === '--help') {
      process.stdout.write('usage: node bench/launch.mjs [--json] [--rounds N] [--warmup N] [--max-seconds S] [--runs N] [--baseline DIR]\n' +
        '       (or BENCH_ROUNDS, BENCH_WARMUP, BENCH_MAX_SECONDS, BENCH_RUNS)\n');
      process.exit(0);
    } else throw new HarnessError(`unknown option ${arg}`);
  }
  for (const key of ['rounds', 'warmup', 'maxSeconds', 'runs']) {
    if (!Number.isInteger(options[key]) || options[key] < (key === 'warmup' ? 0 : 1)) {
      throw new HarnessError(`${key} must be a whole number${key === 'warmup' ? '' : ' ≥ 1'} (got ${options[key]})`);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// The commands

/** A clean environment: temp HOME and CODEX_HOME (no user config), no NODE_EXTRA_CA_CERTS. */
function cleanEnv(home) {
  const codexHome = join(home, '.codex');
  mkdirSync(codexHome, { recursive: true }); // codex warns when CODEX_HOME does not exist
  return {
    // node_modules/.bin first, so cx finds the npm launcher on PATH and looks through it.
    PATH: [NODE_MODULES_BIN, dirname(NODE), '/usr/local/bin', '/usr/bin', '/bin'].join(delimiter),
    HOME: home,
    CODEX_HOME: codexHome,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    LANG: 'C.UTF-8',
  };
}

function commands(expectedVersion, ssoEnv, completionEnv, baseline) {
  const version = (stdout) => stdout.trim() === expectedVersion || `expected "${expectedVersion}", got "${stdout.trim()}"`;
  const explainJson = (stdout) => {
    try {
      const doc = JSON.parse(stdout);
      // Real paths: node_modules may be a symlink (a worktree sharing another checkout's).
      const real = (path) => (typeof path === 'string' && existsSync(path) ? realpathSync(path) : path);
      return real(doc.command?.bin) === real(NATIVE_CODEX) || `explain's command.bin is ${doc.command?.bin}, not the native codex`;
    } catch (error) {
      return `not JSON: ${error.message}`;
    }
  };
  const list = [
    { id: 'native', label: 'native codex --version', file: NATIVE_CODEX, args: ['--version'], check: version },
    { id: 'npm', label: 'npm launcher --version', file: NODE, args: [NPM_LAUNCHER, '--version'], check: version },
    { id: 'cx', label: `cx --version (${MODE})`, file: NODE, args: [CX_BIN, '--version'], check: version },
  ];
  if (existsSync(NODE22)) {
    list.push(
      { id: 'cx22', label: 'cx --version, node 22 (execve)', file: NODE22, args: [CX_BIN, '--version'], check: version },
      { id: 'npm22', label: 'npm launcher, node 22', file: NODE22, args: [NPM_LAUNCHER, '--version'], check: version },
    );
  }
  if (baseline !== null) {
    const baseBin = join(baseline, 'bin', 'cx.js');
    list.push({ id: 'cxBase', label: `baseline cx --version (${MODE})`, file: NODE, args: [baseBin, '--version'], check: version });
    if (existsSync(NODE22)) list.push({ id: 'cxBase22', label: 'baseline cx --version, node 22', file: NODE22, args: [baseBin, '--version'], check: version });
  }
  list.push(
    { id: 'node', label: 'node -e 0', file: NODE, args: ['-e', '0'], check: () => true },
    { id: 'explain', label: 'cx explain --json', file: NODE, args: [CX_BIN, 'explain', '--json'], check: explainJson },
  );
  if (existsSync(NODE22)) list.push({ id: 'node22', label: 'node 22 -e 0', file: NODE22, args: ['-e', '0'], check: () => true });
  const profiles = (stdout) => stdout === `${COMPLETION_PROFILES.join('\n')}\n` || `expected the profiles ${COMPLETION_PROFILES.join(', ')}, got ${JSON.stringify(stdout)}`;
  list.push({ id: 'complete', label: 'cx __complete profiles', file: NODE, args: [CX_BIN, '__complete', 'profiles'], check: profiles, env: completionEnv });
  // What a shell prompt runs at every prompt (README): held to the completion budget.
  const promptText = (stdout) => /^[A-Za-z0-9_-]+[!?]?\n$/.test(stdout) || `expected a profile name and a mark, got ${JSON.stringify(stdout)}`;
  list.push({ id: 'prompt', label: 'cx status --prompt', file: NODE, args: [CX_BIN, 'status', '--prompt', '+bench-file-a'], check: promptText, env: completionEnv });
  if (ssoEnv) {
    const explainSso = (stdout) => {
      const bin = explainJson(stdout);
      if (bin !== true) return bin;
      const credentials = JSON.parse(stdout).credentials;
      const got = Array.isArray(credentials) ? credentials.map((c) => `${c.name} ${c.source}`).join(', ') : String(credentials);
      const want = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'].map((name) => `${name} aws-chain`).join(', ');
      return got === want || `explain's credentials are [${got}], not [${want}]`;
    };
    list.push({ id: 'explainSso', label: 'cx explain --json, SSO cached', file: NODE, args: [CX_BIN, 'explain', '--json'], check: explainSso, env: ssoEnv });
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// The SSO profile

/**
 * A loopback AWS SSO portal answering GetRoleCredentials (GET /federation/credentials), in a worker
 * thread so it answers while the main thread is blocked in spawnSync. Every request, whatever it
 * is, is counted (a SharedArrayBuffer the main thread reads at any time).
 */
async function startSsoPortal() {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const source = `
    const { createServer } = require('node:http');
    const { parentPort, workerData } = require('node:worker_threads');
    const counter = workerData.counter;
    let serial = 0;
    const server = createServer((request, response) => {
      Atomics.add(counter, 0, 1);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      request.resume();
      let status = 404;
      let body = { message: 'not found: ' + request.method + ' ' + url.pathname };
      if (request.method === 'GET' && url.pathname === '/federation/credentials' && request.headers['x-amz-sso_bearer_token'] === workerData.accessToken) {
        serial += 1;
        status = 200;
        body = { roleCredentials: {
          accessKeyId: 'AKIABENCH' + String(serial).padStart(11, '0'),
          secretAccessKey: 'bench-secret-' + serial,
          sessionToken: 'bench-session-token-' + serial,
          expiration: Date.now() + 3600 * 1000,
        } };
      } else if (url.pathname === '/federation/credentials') {
        status = 401;
        body = { message: 'Session token not found or invalid' };
      }
      const text = JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...(status === 401 ? { 'x-amzn-errortype': 'UnauthorizedException' } : {}) });
      response.end(text);
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
  `;
  const accessToken = `bench-sso-access-${process.pid}-${Date.now()}`;
  const worker = new Worker(source, { eval: true, workerData: { counter, accessToken } });
  const port = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new HarnessError(`the SSO stand-in exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    accessToken,
    requests: () => Atomics.load(counter, 0),
    close: () => worker.terminate(),
  };
}

/**
 * ~/.aws/config with an SSO profile (sso_session form) and a valid cached SSO token in
 * ~/.aws/sso/cache, a config.toml selecting Amazon Bedrock in us-east-1, and the environment naming
 * the profile (AWS_PROFILE), pointing AWS at the stand-in and cx at the private keyring.
 */
function ssoEnv(home, baseEnv, portal) {
  const aws = join(home, '.aws');
  mkdirSync(join(aws, 'sso', 'cache'), { recursive: true });
  writeFileSync(join(aws, 'config'),
    `[profile ${SSO_PROFILE}]\nsso_session = ${SSO_SESSION}\nsso_account_id = 111122223333\nsso_role_name = Developer\n\n` +
    `[sso-session ${SSO_SESSION}]\nsso_start_url = https://bench.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`);
  writeFileSync(join(aws, 'sso', 'cache', `${createHash('sha1').update(SSO_SESSION).digest('hex')}.json`),
    JSON.stringify({ startUrl: 'https://bench.awsapps.com/start', region: 'us-east-1', accessToken: portal.accessToken, expiresAt: new Date(Date.now() + 8 * 3_600_000).toISOString() }));
  const codexHome = join(home, '.codex-sso');
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(join(codexHome, 'config.toml'), [
    'model_provider = "amazon-bedrock"',
    'model = "openai.gpt-oss-120b"',
    '[analytics]',
    'enabled = false',
    '[model_providers.amazon-bedrock.aws]',
    'region = "us-east-1"',
    '',
  ].join('\n'));
  return {
    ...baseEnv,
    CODEX_HOME: codexHome,
    // Its own state dir: caching the SSO credentials marks the keyring as in use there, which makes
    // an openai run without a key look in the keyring; the other rows measure a machine where cx
    // never used the keyring.
    XDG_STATE_HOME: join(home, '.local', 'state-sso'),
    AWS_PROFILE: SSO_PROFILE,
    AWS_CONFIG_FILE: join(aws, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(aws, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_SSO: portal.url,
    AWS_ENDPOINT_URL_SSO_OIDC: portal.url,
    AWS_ENDPOINT_URL_STS: portal.url,
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
  };
}

/** What cx cached in the keyring for the profile (service cx, account aws:PROFILE), or null. */
function cachedKeyId(env) {
  const lookup = spawnSync('secret-tool', ['lookup', 'service', 'cx', 'account', `aws:${SSO_PROFILE}`], { env, encoding: 'utf8', timeout: 10_000 });
  if (lookup.status !== 0) return null;
  try {
    return JSON.parse(lookup.stdout).accessKeyId ?? null;
  } catch {
    return null;
  }
}

/**
 * CPU time (user + sys) of this process's reaped children, in ms, or null off Linux. Less
 * disturbed than wall time when other work shares the machine; 10 ms ticks, so only its mean over
 * many runs means anything.
 */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
    return (Number(fields[13]) + Number(fields[14])) * (1000 / 100); // cutime + cstime, USER_HZ = 100
  } catch {
    return null;
  }
}

/** Runs one command once, output captured, and checks it did what it should. */
function verify(command, env) {
  const result = spawnSync(command.file, command.args, { env: command.env ?? env, cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  const line = `${command.label}: ${[command.file, ...command.args].join(' ')}`;
  if (result.error) throw new HarnessError(`${line}: ${result.error.message}`);
  if (result.status !== 0) throw new HarnessError(`${line}: exit ${result.status ?? result.signal}\n${result.stderr}`);
  const ok = command.check(result.stdout);
  if (ok !== true) throw new HarnessError(`${line}: ${ok}`);
  if (result.stderr.trim() !== '' && command.id !== 'explain' && command.id !== 'explainSso') {
    throw new HarnessError(`${line}: unexpected stderr: ${result.stderr.trim()}`);
  }
}

/** One timed run, stdio ignored: wall-clock ms from spawn to exit, and the CPU ms it used. */
function timeOnce(command, env) {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(command.file, command.args, { env: command.env ?? env, cwd: ROOT, stdio: 'ignore', timeout: 20_000 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpuAfter = childrenCpuMs();
  if (result.error || result.status !== 0) {
    throw new HarnessError(`${command.label}: failed while timing (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  }
  return { wall, cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
}

// ---------------------------------------------------------------------------------------------
// Statistics

function quantile(sorted, q) {
  // Linear interpolation between closest ranks (the median of an even count is the mean of the two).
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function summarize(samples, cpuSamples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const cpu = cpuSamples.every((x) => x !== null) ? cpuSamples.reduce((a, b) => a + b, 0) / cpuSamples.length : null;
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    cpuMean: cpu,
  };
}

/** Fisher–Yates with a small seeded PRNG, so a run's order can be told from its seed. */
function shuffler(seed) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return (items) => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    node22: existsSync(NODE22) ? spawnSync(NODE22, ['--version'], { encoding: 'utf8' }).stdout.trim() : null,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
  };
}

const ms = (x) => (x === null || x === undefined ? '-' : `${x.toFixed(1)}`);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** One run's cx / npm launcher ratios (medians of that run) and the load average around it. */
function runRatios(samples, cpuSamples, rounds, load) {
  const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);
  const mean = (xs) => (xs.length === 0 || xs.some((x) => x === null) ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  const ratio = (cx, npm) => (samples[cx]?.length ? median(samples[cx]) / median(samples[npm]) : null);
  const cpuRatio = (cx, npm) => {
    const [a, b] = [mean(cpuSamples[cx] ?? []), mean(cpuSamples[npm] ?? [])];
    return a === null || !b ? null : a / b;
  };
  return {
    rounds,
    ratio: ratio('cx', 'npm'),
    ratio22: ratio('cx22', 'npm22'),
    ratioBase: ratio('cxBase', 'npm'),
    ratioBase22: ratio('cxBase22', 'npm22'),
    // Mean CPU time (user+sys, 10 ms ticks) ratios: less disturbed by other load than wall time.
    cpuRatio: cpuRatio('cx', 'npm'),
    cpuRatio22: cpuRatio('cx22', 'npm22'),
    loadAverage1m: load,
  };
}

/** Median and range of one ratio over the runs. */
function spread(values) {
  const sorted = values.filter((x) => x !== null).sort((a, b) => a - b);
  return { perRun: values, median: quantile(sorted, 0.5), min: sorted[0], max: sorted[sorted.length - 1] };
}

function verdicts(stats, runs) {
  const out = [];
  for (const [cxId, npmId, runtime, key] of [['cx', 'npm', `node ${process.version}, ${MODE}`, 'ratio'], ['cx22', 'npm22', 'node 22, execve', 'ratio22']]) {
    if (!stats[cxId]) continue;
    const overRuns = spread(runs.map((run) => run[key]));
    const cx = stats[cxId];
    const npm = stats[npmId];
    const native = stats.native;
    out.push({
      runtime,
      cx: cxId,
      npm: npmId,
      cxMedianMs: cx.median,
      ratioVsNpm: cx.median / npm.median,
      ratioBudget: BUDGET_RATIO_VS_NPM,
      // Met only when every run is within it, not just the pooled median.
      ratioPass: cx.median / npm.median <= BUDGET_RATIO_VS_NPM && overRuns.max <= BUDGET_RATIO_VS_NPM,
      ratioOverRuns: overRuns,
      overNativeMs: cx.median - native.median,
      overNativeBudgetMs: BUDGET_OVER_NATIVE_MS,
      overNativePass: cx.median - native.median <= BUDGET_OVER_NATIVE_MS,
      // Not the budget, a cross-check that other load on the machine does not disturb as much.
      cpuRatioVsNpm: cx.cpuMean === null || !npm.cpuMean ? null : cx.cpuMean / npm.cpuMean,
      cpuOverNativeMs: cx.cpuMean === null || native.cpuMean === null ? null : cx.cpuMean - native.cpuMean,
    });
  }
  return out;
}

function textReport(result) {
  const { machine: m, commands: cmds, stats, verdicts: vs, graph, run } = result;
  const lines = [];
  lines.push('cx launch benchmark (product.md, "Speed")');
  lines.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`);
  lines.push(`node:    ${m.node} (bench, cx, npm launcher)${m.node22 ? `; ${m.node22} (execve path)` : '; no Node 22 (run test/setup/ensure-node22.sh for the execve path)'}`);
  lines.push(`date:    ${m.date}`);
  lines.push(`codex:   ${result.codexVersion}; cx ${result.cxVersion}`);
  lines.push(`env:     NODE_EXTRA_CA_CERTS unset for every measured command (${run.caCertsWasSet ? 'it is set in this environment; it adds ~100 ms to each Node start' : 'it was not set here anyway'});`);
  lines.push('         clean temp HOME and CODEX_HOME (under .cache/, not /tmp, where codex skips its helper setup); PATH starts with node_modules/.bin');
  lines.push(result.sso.measured
    ? `sso:     a throwaway keyring (test/setup/with-keyring.sh); AWS_PROFILE=${SSO_PROFILE} (sso_session form, valid token in ~/.aws/sso/cache), Bedrock in us-east-1;\n` +
      '         AWS_ENDPOINT_URL_SSO/_SSO_OIDC/_STS at a loopback stand-in that counts requests; the keyring cache filled by one untimed run'
    : `sso:     skipped: ${result.sso.skipped}`);
  lines.push(`method:  ${run.runs} run${run.runs === 1 ? '' : 's'} of ${run.rounds / run.runs} rounds after ${run.warmup} warm-up${run.warmup === 1 ? '' : 's'} each (${run.rounds} rounds), every command once per round in a shuffled order (seed ${run.seed});`);
  lines.push(`         wall clock around spawnSync, stdio ignored; ${run.seconds.toFixed(1)} s${run.stoppedEarly ? `; STOPPED EARLY at the ${run.maxSeconds} s bound (asked for ${run.roundsAsked} rounds)` : ''}`);
  lines.push(result.codeCache.length === 0
    ? 'cache:   this build has no code cache (dist/code-cache/make-caches.cjs)'
    : `cache:   cx's V8 code cache made by each Node as install does, and accepted: ${result.codeCache.map((c) => c.version).join(', ')}`);
  lines.push(`runs:    1-min load average per run: ${result.runs.map((x) => `${x.loadAverage1m[0].toFixed(1)}→${x.loadAverage1m[1].toFixed(1)}`).join(', ')}`);
  const load = run.loadAverage1m;
  const busy = Math.max(load.before, load.after) > m.cores / 2;
  lines.push(`load:    1-min load average ${load.before.toFixed(2)} before, ${load.after.toFixed(2)} after, on ${m.cores} cores` +
    (busy ? ' — BUSY MACHINE: wall times are inflated and noisy; the cpu column is less disturbed' : ''));
  lines.push('');
  lines.push(`  ${pad('command', 32)}${lpad('median', 8)}${lpad('p90', 8)}${lpad('min', 8)}${lpad('max', 8)}${lpad('cpu', 8)}  ms (cpu: mean user+sys)`);
  for (const c of cmds) {
    const s = stats[c.id];
    lines.push(`  ${pad(c.label, 32)}${lpad(ms(s.median), 8)}${lpad(ms(s.p90), 8)}${lpad(ms(s.min), 8)}${lpad(ms(s.max), 8)}${lpad(ms(s.cpuMean), 8)}`);
  }
  lines.push('');
  lines.push('budgets (wall-clock medians, product.md):');
  for (const v of vs) {
    const npmLabel = v.npm === 'npm' ? 'npm launcher' : 'npm launcher on node 22';
    const cpuRatio = v.cpuRatioVsNpm === null ? '' : `   [cpu: ${v.cpuRatioVsNpm.toFixed(2)}]`;
    const cpuOver = v.cpuOverNativeMs === null ? '' : `   [cpu: ${v.cpuOverNativeMs.toFixed(1)} ms]`;
    const r = v.ratioOverRuns;
    lines.push(`  ${v.ratioPass ? 'PASS' : 'FAIL'}  cx / ${npmLabel} [${v.runtime}] = ${v.ratioVsNpm.toFixed(2)}  (budget ≤ ${v.ratioBudget} in every run)${cpuRatio}`);
    const cpuRuns = result.runs.map((x) => x[v.cx === 'cx' ? 'cpuRatio' : 'cpuRatio22']);
    lines.push(`        per run: ${r.perRun.map((x) => x.toFixed(2)).join(', ')} — median ${r.median.toFixed(2)}, range ${r.min.toFixed(2)}–${r.max.toFixed(2)}` +
      (cpuRuns.every((x) => x !== null) ? `   [cpu per run: ${cpuRuns.map((x) => x.toFixed(2)).join(', ')}]` : ''));
    lines.push(`  ${v.overNativePass ? 'PASS' : 'FAIL'}  cx − native codex [${v.runtime}] = ${v.overNativeMs.toFixed(1)} ms  (budget ≤ ${v.overNativeBudgetMs} ms)${cpuOver}`);
  }
  const sso = result.sso;
  if (sso.measured) {
    const s = stats.explainSso;
    lines.push(`  ${sso.pass ? 'PASS' : 'FAIL'}  cx explain --json, SSO profile, cached token = ${ms(s.median)} ms, p90 ${ms(s.p90)} ms  (budget ≤ ${sso.budgetMs} ms, no network)` +
      `   [cpu: ${ms(s.cpuMean)} ms; − node -e 0 = ${(s.median - stats.node.median).toFixed(1)} ms]`);
    lines.push(`        SSO stand-in requests: ${sso.fillRequests} filling the keyring cache (must be 1), ${sso.requestsAfterFill} in ${sso.cachedRuns} cached runs after it (must be 0)${sso.requestsAfterFill === 0 ? '' : ' — NETWORK USED: the budget is missed'}`);
  } else {
    lines.push(`  skip  cx explain --json, SSO profile, cached token (budget ≤ ${sso.budgetMs} ms): skipped: ${sso.skipped}`);
  }
  const completion = result.completion;
  lines.push(`  ${completion.pass ? 'PASS' : 'FAIL'}  a completion request (cx __complete profiles, ${COMPLETION_PROFILES.length} profiles) = ${ms(stats.complete.median)} ms, p90 ${ms(stats.complete.p90)} ms  (budget ≤ ${completion.budgetMs} ms)` +
    `   [cpu: ${ms(stats.complete.cpuMean)} ms; − node -e 0 = ${(stats.complete.median - stats.node.median).toFixed(1)} ms]`);
  const prompt = result.prompt;
  lines.push(`  ${prompt.pass ? 'PASS' : 'FAIL'}  a shell prompt's status (cx status --prompt +PROFILE) = ${ms(stats.prompt.median)} ms, p90 ${ms(stats.prompt.p90)} ms  (budget ≤ ${prompt.budgetMs} ms, as a completion)` +
    `   [cpu: ${ms(stats.prompt.cpuMean)} ms; − node -e 0 = ${(stats.prompt.median - stats.node.median).toFixed(1)} ms]`);
  lines.push(`  info  cx explain --json, no profile = ${ms(stats.explain.median)} ms`);
  lines.push(`  info  cx --version − node -e 0 = ${(stats.cx.median - stats.node.median).toFixed(1)} ms (cx's own work, starting codex, and codex itself)`);
  for (const [key, npm, what] of [['ratioBase', 'npm', `node ${process.version}`], ['ratioBase22', 'npm22', 'node 22']]) {
    if (result.runs[0]?.[key] === null || result.runs[0]?.[key] === undefined) continue;
    const r = spread(result.runs.map((x) => x[key]));
    lines.push(`  info  baseline (${result.run.baseline}) cx / npm launcher [${what}], per run: ${r.perRun.map((x) => x.toFixed(2)).join(', ')} — median ${r.median.toFixed(2)}, range ${r.min.toFixed(2)}–${r.max.toFixed(2)}`);
  }
  const checks = [...vs.flatMap((v) => [v.ratioPass, v.overNativePass]), completion.pass, prompt.pass, ...(sso.measured ? [sso.pass] : [])];
  const missed = checks.filter((p) => !p).length;
  lines.push(missed === 0
    ? `VERDICT: all launch budgets met${sso.measured ? '' : ' (the SSO explain budget was not measured)'}`
    : `VERDICT: ${missed} of ${checks.length} launch budget checks MISSED (exit status stays 0: timing is reported, not enforced)`);
  lines.push('');
  lines.push(`module graph of a plain launch (esbuild metafile dist/meta.json, output ${graph.output}):`);
  lines.push(graph.description);
  lines.push(graph.heavy.length === 0
    ? `  OK    none of ${graph.heavyPackages.map((h) => (h.endsWith('/') ? `${h}*` : h)).join(', ')} is bundled or imported eagerly`
    : `  FAIL  loaded by a plain launch: ${graph.heavy.map((h) => `${h.package} (${h.how}: ${h.via})`).join('; ')}`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Module graph

/** What a plain launch loads, from esbuild's metafile of the bundle bin/cx.js requires. */
function launchGraphOf() {
  let graph;
  try {
    graph = readLaunchGraph(METAFILE, LAUNCH_OUTPUT);
  } catch (error) {
    throw new HarnessError(error.message);
  }
  if (graph.bytes !== statSync(CX_BUNDLE).size) {
    throw new HarnessError(`dist/meta.json describes a ${graph.bytes}-byte ${LAUNCH_OUTPUT}, not the ${statSync(CX_BUNDLE).size}-byte one built: run \`npm run build\``);
  }
  return { ...graph, heavy: heavyIn(graph), heavyPackages: [...HEAVY_PACKAGES], description: describeLaunchGraph(graph) };
}

// ---------------------------------------------------------------------------------------------
// The code cache

const CACHE_MAKER = join(ROOT, 'dist', 'code-cache', 'make-caches.cjs');

/**
 * Makes cx's code cache with each Node timed, as `npm install` does with the installing Node (the
 * build made it for this one only), then checks that cx, run as the bench runs it, accepts it.
 */
function ensureCodeCaches(nodes, env) {
  const out = [];
  if (!existsSync(CACHE_MAKER)) return out; // a build from before the code cache
  for (const node of nodes) {
    const made = spawnSync(node, [CACHE_MAKER], { env: { PATH: env.PATH }, encoding: 'utf8', timeout: 120_000 });
    if (made.error || made.status !== 0) throw new HarnessError(`making the code cache with ${node}: ${made.error?.message ?? made.stderr.trim()}`);
    const probe = spawnSync(node, [CX_BIN, '--version'], { env: { ...env, CX_DEBUG: '1' }, cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
    const outcome = /^cx: debug: code cache (\S+) for dist\/cx\.cjs/m.exec(probe.stderr ?? '')?.[1] ?? 'not reported';
    if (outcome !== 'accepted') throw new HarnessError(`cx under ${node} did not accept its code cache: ${outcome}\n${probe.stderr}`);
    out.push({ node, version: spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim(), outcome });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Main

/**
 * Without a keyring of its own (with-keyring.sh exports CX_TEST_KEYRING_PID), the bench runs itself
 * again under with-keyring.sh and exits with its status; never against the user's own keyring.
 * Returns why the SSO row cannot be measured when that is not possible, else null (or exits).
 */
function ensureKeyring() {
  if (process.env.CX_TEST_KEYRING_PID && process.env.DBUS_SESSION_BUS_ADDRESS) return null;
  if (process.env[KEYRING_RERUN]) return 'no keyring (with-keyring.sh ran, but without a private keyring in the environment)';
  if (!existsSync(WITH_KEYRING)) return `no keyring (${WITH_KEYRING} missing)`;
  const rerun = spawnSync('sh', [WITH_KEYRING, NODE, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, [KEYRING_RERUN]: '1' },
  });
  if (rerun.error) return `no keyring (sh ${WITH_KEYRING}: ${rerun.error.message})`;
  // 69: dbus or gnome-keyring missing, or the daemon did not come up (the bench itself never exits 69).
  if (rerun.status === 69) return 'no keyring (test/setup/with-keyring.sh exit 69: dbus-run-session or gnome-keyring missing, or it did not start)';
  process.exit(rerun.status ?? 2);
}

async function run() {
  const options = parseOptions(process.argv.slice(2), process.env);
  const noKeyring = ensureKeyring();
  for (const [path, what] of [[CX_BUNDLE, 'cx is not built: run `npm run build`'], [METAFILE, 'the build wrote no metafile: run `npm run build`'], [NPM_LAUNCHER, 'the npm codex launcher is missing: run `npm ci`'], [NATIVE_CODEX, 'the native codex binary is missing: run `npm ci`']]) {
    if (!existsSync(path)) throw new HarnessError(`${what} (${path})`);
  }

  // Not under /tmp: codex refuses to set up its helper links (and warns) when CODEX_HOME is in a
  // temporary directory, which would make it do less than it does for a real user.
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const home = mkdtempSync(join(ROOT, '.cache', 'bench-home-'));
  let portal = null;
  try {
    const env = cleanEnv(home);
    const codexVersion = spawnSync(NATIVE_CODEX, ['--version'], { env, encoding: 'utf8' }).stdout?.trim();
    if (!codexVersion) throw new HarnessError(`${NATIVE_CODEX} --version printed nothing`);
    const cxVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

    // The SSO profile: one untimed run fetches role credentials from the stand-in (1 request) and
    // caches them in the keyring; every later run must be a cache hit with no request.
    const sso = { budgetMs: EXPLAIN_SSO_BUDGET_MS, measured: false, skipped: noKeyring, fillRequests: null, requestsAfterFill: null, cachedRuns: 0, pass: null };
    let envSso = null;
    if (!noKeyring) {
      portal = await startSsoPortal();
      envSso = ssoEnv(home, env, portal);
      const fill = spawnSync(NODE, [CX_BIN, 'explain', '--json'], { env: envSso, cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
      const line = 'cx explain --json, SSO profile, filling the cache';
      if (fill.error || fill.status !== 0) throw new HarnessError(`${line}: ${fill.error?.message ?? `exit ${fill.status ?? fill.signal}`}\n${fill.stderr}`);
      sso.fillRequests = portal.requests();
      if (sso.fillRequests !== 1) throw new HarnessError(`${line}: the SSO stand-in got ${sso.fillRequests} requests, not 1\n${fill.stderr}`);
      const keyId = cachedKeyId(envSso);
      if (keyId !== 'AKIABENCH00000000001') throw new HarnessError(`${line}: the keyring holds ${keyId ?? 'nothing'} for aws:${SSO_PROFILE}, not the key the stand-in issued\n${fill.stderr}`);
    }
    // The completion row: its own CODEX_HOME with profile files and legacy [profiles.NAME] tables.
    const completionHome = join(home, '.codex-completion');
    mkdirSync(completionHome, { recursive: true });
    writeFileSync(join(completionHome, 'config.toml'), 'model = "o3"\n\n[profiles.bench-legacy-a]\nmodel = "a"\n\n[profiles.bench-legacy-b]\nmodel = "b"\n');
    for (const name of ['bench-file-a', 'bench-file-b']) writeFileSync(join(completionHome, `${name}.config.toml`), 'model = "c"\n');
    const list = commands(codexVersion, envSso, { ...env, CODEX_HOME: completionHome }, options.baseline);
    for (const command of list) verify(command, env);
    if (envSso) sso.cachedRuns += 1;

    const graph = launchGraphOf();
    const codeCache = ensureCodeCaches(existsSync(NODE22) ? [NODE, NODE22] : [NODE], env);

    const seed = Number(process.env.BENCH_SEED ?? Date.now() % 2 ** 31);
    const shuffle = shuffler(seed);
    const samples = Object.fromEntries(list.map((c) => [c.id, []]));
    const cpuSamples = Object.fromEntries(list.map((c) => [c.id, []]));
    const loadBefore = os.loadavg()[0];
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    let rounds = 0;
    let stoppedEarly = false;
    const runs = [];
    for (let r = 0; r < options.runs; r += 1) {
      for (let i = 0; i < options.warmup; i += 1) for (const c of shuffle(list)) timeOnce(c, env);
      if (envSso) sso.cachedRuns += options.warmup;
      const runStarted = process.hrtime.bigint();
      const runElapsed = () => Number(process.hrtime.bigint() - runStarted) / 1e9;
      const runSamples = Object.fromEntries(list.map((c) => [c.id, []]));
      const runCpu = Object.fromEntries(list.map((c) => [c.id, []]));
      const runLoad = os.loadavg()[0];
      let runRounds = 0;
      while (runRounds < options.rounds && runElapsed() < options.maxSeconds) {
        for (const c of shuffle(list)) {
          const { wall, cpu } = timeOnce(c, env);
          samples[c.id].push(wall);
          cpuSamples[c.id].push(cpu);
          runSamples[c.id].push(wall);
          runCpu[c.id].push(cpu);
        }
        runRounds += 1;
      }
      if (runRounds < options.rounds) stoppedEarly = true;
      rounds += runRounds;
      runs.push(runRatios(runSamples, runCpu, runRounds, [runLoad, os.loadavg()[0]]));
    }

    const stats = Object.fromEntries(list.map((c) => [c.id, summarize(samples[c.id], cpuSamples[c.id])]));
    if (envSso) {
      sso.measured = true;
      sso.cachedRuns += rounds;
      sso.requestsAfterFill = portal.requests() - sso.fillRequests;
      sso.medianMs = stats.explainSso.median;
      sso.p90Ms = stats.explainSso.p90;
      sso.pass = sso.requestsAfterFill === 0 && stats.explainSso.median <= EXPLAIN_SSO_BUDGET_MS;
    }
    const result = {
      machine: machine(),
      codexVersion,
      cxVersion,
      run: {
        rounds,
        runs: options.runs,
        baseline: options.baseline,
        roundsAsked: options.rounds * options.runs,
        warmup: options.warmup,
        maxSeconds: options.maxSeconds,
        stoppedEarly,
        seconds: elapsed(),
        seed,
        caCertsWasSet: Boolean(process.env.NODE_EXTRA_CA_CERTS),
        loadAverage1m: { before: loadBefore, after: os.loadavg()[0] },
        nodeExtraCaCerts: 'unset for every measured command',
        timer: 'process.hrtime around spawnSync, stdio ignored',
      },
      commands: list.map(({ id, label, file, args }) => ({ id, label, command: [file, ...args].join(' ') })),
      stats,
      verdicts: verdicts(stats, runs),
      runs,
      codeCache,
      sso,
      completion: { budgetMs: COMPLETION_BUDGET_MS, medianMs: stats.complete.median, p90Ms: stats.complete.p90, pass: stats.complete.median <= COMPLETION_BUDGET_MS },
      prompt: { budgetMs: COMPLETION_BUDGET_MS, medianMs: stats.prompt.median, p90Ms: stats.prompt.p90, pass: stats.prompt.median <= COMPLETION_BUDGET_MS },
      graph,
    };
    const text = textReport(result);
    if (options.json) {
      process.stderr.write(text);
      const { description, ...graphData } = graph;
      process.stdout.write(`${JSON.stringify({ ...result, graph: graphData, samples, cpuSamples }, null, 2)}\n`);
    } else {
      process.stdout.write(text);
    }
  } finally {
    await portal?.close();
    rmSync(home, { recursive: true, force: true });
  }
}

try {
  await run();
} catch (error) {
  if (error instanceof HarnessError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
