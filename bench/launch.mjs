#!/usr/bin/env node
// cx's launch benchmark (product.md, "Speed"): whole processes, measured side by side in one run,
// interleaved round by round, reported as medians and as the ratios the budgets are written in.
//
//   npm run bench                      # text report
//   npm run bench -- --json            # text report on stderr, a JSON object on stdout
//   BENCH_ROUNDS=60 npm run bench      # or --rounds 60; also --warmup N / BENCH_WARMUP,
//                                      # --max-seconds S / BENCH_MAX_SECONDS (total time bound)
//
// Exits 0 whatever the timings (a budget miss is reported, loudly, but CI must not flake on
// timing); exits 2 on a harness error: cx not built, codex missing, a command failing or printing
// the wrong thing, bad options.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
const EXPLAIN_SSO_BUDGET_MS = 150; // applies to an SSO profile with a cached token: not measurable yet

class HarnessError extends Error {}

// ---------------------------------------------------------------------------------------------
// Options

function parseOptions(argv, env) {
  const options = {
    json: false,
    rounds: Number(env.BENCH_ROUNDS ?? 30),
    warmup: Number(env.BENCH_WARMUP ?? 3),
    maxSeconds: Number(env.BENCH_MAX_SECONDS ?? 120),
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (name === '--json') options.json = true;
    else if (name === '--rounds') options.rounds = Number(value());
    else if (name === '--warmup') options.warmup = Number(value());
    else if (name === '--max-seconds') options.maxSeconds = Number(value());
    else if (name === '-h' || name === '--help') {
      process.stdout.write('usage: node bench/launch.mjs [--json] [--rounds N] [--warmup N] [--max-seconds S]\n' +
        '       (or BENCH_ROUNDS, BENCH_WARMUP, BENCH_MAX_SECONDS)\n');
      process.exit(0);
    } else throw new HarnessError(`unknown option ${arg}`);
  }
  for (const key of ['rounds', 'warmup', 'maxSeconds']) {
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

function commands(expectedVersion) {
  const version = (stdout) => stdout.trim() === expectedVersion || `expected "${expectedVersion}", got "${stdout.trim()}"`;
  const explainJson = (stdout) => {
    try {
      const doc = JSON.parse(stdout);
      return doc.command?.bin === NATIVE_CODEX || `explain's command.bin is ${doc.command?.bin}, not the native codex`;
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
  list.push(
    { id: 'node', label: 'node -e 0', file: NODE, args: ['-e', '0'], check: () => true },
    { id: 'explain', label: 'cx explain --json', file: NODE, args: [CX_BIN, 'explain', '--json'], check: explainJson },
  );
  if (existsSync(NODE22)) list.push({ id: 'node22', label: 'node 22 -e 0', file: NODE22, args: ['-e', '0'], check: () => true });
  return list;
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
  const result = spawnSync(command.file, command.args, { env, cwd: ROOT, encoding: 'utf8', timeout: 20_000 });
  const line = `${command.label}: ${[command.file, ...command.args].join(' ')}`;
  if (result.error) throw new HarnessError(`${line}: ${result.error.message}`);
  if (result.status !== 0) throw new HarnessError(`${line}: exit ${result.status ?? result.signal}\n${result.stderr}`);
  const ok = command.check(result.stdout);
  if (ok !== true) throw new HarnessError(`${line}: ${ok}`);
  if (result.stderr.trim() !== '' && command.id !== 'explain') {
    throw new HarnessError(`${line}: unexpected stderr: ${result.stderr.trim()}`);
  }
}

/** One timed run, stdio ignored: wall-clock ms from spawn to exit, and the CPU ms it used. */
function timeOnce(command, env) {
  const cpuBefore = childrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(command.file, command.args, { env, cwd: ROOT, stdio: 'ignore', timeout: 20_000 });
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

function verdicts(stats) {
  const out = [];
  for (const [cxId, npmId, runtime] of [['cx', 'npm', `node ${process.version}, ${MODE}`], ['cx22', 'npm22', 'node 22, execve']]) {
    if (!stats[cxId]) continue;
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
      ratioPass: cx.median / npm.median <= BUDGET_RATIO_VS_NPM,
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
  lines.push(`method:  ${run.rounds} rounds after ${run.warmup} warm-up${run.warmup === 1 ? '' : 's'}, every command once per round in a shuffled order (seed ${run.seed});`);
  lines.push(`         wall clock around spawnSync, stdio ignored; ${run.seconds.toFixed(1)} s${run.stoppedEarly ? `; STOPPED EARLY at the ${run.maxSeconds} s bound (asked for ${run.roundsAsked} rounds)` : ''}`);
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
    lines.push(`  ${v.ratioPass ? 'PASS' : 'FAIL'}  cx / ${npmLabel} [${v.runtime}] = ${v.ratioVsNpm.toFixed(2)}  (budget ≤ ${v.ratioBudget})${cpuRatio}`);
    lines.push(`  ${v.overNativePass ? 'PASS' : 'FAIL'}  cx − native codex [${v.runtime}] = ${v.overNativeMs.toFixed(1)} ms  (budget ≤ ${v.overNativeBudgetMs} ms)${cpuOver}`);
  }
  lines.push(`  info  cx explain --json = ${ms(stats.explain.median)} ms (no profile: the ≤ ${EXPLAIN_SSO_BUDGET_MS} ms budget is for an SSO profile with a cached token, not measurable yet)`);
  lines.push(`  info  cx --version − node -e 0 = ${(stats.cx.median - stats.node.median).toFixed(1)} ms (cx's own work, starting codex, and codex itself)`);
  const missed = vs.flatMap((v) => [v.ratioPass, v.overNativePass]).filter((p) => !p).length;
  lines.push(missed === 0
    ? 'VERDICT: all launch budgets met'
    : `VERDICT: ${missed} of ${vs.length * 2} launch budget checks MISSED (exit status stays 0: timing is reported, not enforced)`);
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
// Main

function run() {
  const options = parseOptions(process.argv.slice(2), process.env);
  for (const [path, what] of [[CX_BUNDLE, 'cx is not built: run `npm run build`'], [METAFILE, 'the build wrote no metafile: run `npm run build`'], [NPM_LAUNCHER, 'the npm codex launcher is missing: run `npm ci`'], [NATIVE_CODEX, 'the native codex binary is missing: run `npm ci`']]) {
    if (!existsSync(path)) throw new HarnessError(`${what} (${path})`);
  }

  // Not under /tmp: codex refuses to set up its helper links (and warns) when CODEX_HOME is in a
  // temporary directory, which would make it do less than it does for a real user.
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const home = mkdtempSync(join(ROOT, '.cache', 'bench-home-'));
  try {
    const env = cleanEnv(home);
    const codexVersion = spawnSync(NATIVE_CODEX, ['--version'], { env, encoding: 'utf8' }).stdout?.trim();
    if (!codexVersion) throw new HarnessError(`${NATIVE_CODEX} --version printed nothing`);
    const cxVersion = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    const list = commands(codexVersion);
    for (const command of list) verify(command, env);

    const graph = launchGraphOf();

    const seed = Number(process.env.BENCH_SEED ?? Date.now() % 2 ** 31);
    const shuffle = shuffler(seed);
    const samples = Object.fromEntries(list.map((c) => [c.id, []]));
    const cpuSamples = Object.fromEntries(list.map((c) => [c.id, []]));
    const loadBefore = os.loadavg()[0];
    for (let i = 0; i < options.warmup; i += 1) for (const c of shuffle(list)) timeOnce(c, env);
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    let rounds = 0;
    while (rounds < options.rounds && elapsed() < options.maxSeconds) {
      for (const c of shuffle(list)) {
        const { wall, cpu } = timeOnce(c, env);
        samples[c.id].push(wall);
        cpuSamples[c.id].push(cpu);
      }
      rounds += 1;
    }

    const stats = Object.fromEntries(list.map((c) => [c.id, summarize(samples[c.id], cpuSamples[c.id])]));
    const result = {
      machine: machine(),
      codexVersion,
      cxVersion,
      run: {
        rounds,
        roundsAsked: options.rounds,
        warmup: options.warmup,
        maxSeconds: options.maxSeconds,
        stoppedEarly: rounds < options.rounds,
        seconds: elapsed(),
        seed,
        caCertsWasSet: Boolean(process.env.NODE_EXTRA_CA_CERTS),
        loadAverage1m: { before: loadBefore, after: os.loadavg()[0] },
        nodeExtraCaCerts: 'unset for every measured command',
        timer: 'process.hrtime around spawnSync, stdio ignored',
      },
      commands: list.map(({ id, label, file, args }) => ({ id, label, command: [file, ...args].join(' ') })),
      stats,
      verdicts: verdicts(stats),
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
    rmSync(home, { recursive: true, force: true });
  }
}

try {
  run();
} catch (error) {
  if (error instanceof HarnessError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
