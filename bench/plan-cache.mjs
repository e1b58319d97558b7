#!/usr/bin/env node
// The plan cache's bench (docs/plan-cache.md): `--version` through the native codex, the npm
// launcher, cx without the cache, cx with CX_PLAN_CACHE=1 on a hit, and on a miss (the entry
// removed before each run, so the run plans, traces and keeps the plan), side by side, interleaved
// round by round, on this Node (spawn) and Node 22 (execve) when present. Wall-clock medians, and
// the mean CPU time of the children (user + sys, from /proc: less disturbed on a shared machine).
//
//   node bench/plan-cache.mjs [--rounds N]     (default 40)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CX_BIN = join(ROOT, 'bin', 'cx.js');
const NPM_LAUNCHER = join(ROOT, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
const NATIVE_CODEX = join(ROOT, 'node_modules', '@openai', 'codex-linux-x64', 'vendor', 'x86_64-unknown-linux-musl', 'bin', 'codex');
const NODE22 = join(ROOT, '.cache', 'node-22.23.3', 'bin', 'node');

const roundsAt = process.argv.indexOf('--rounds');
const ROUNDS = roundsAt === -1 ? 40 : Number(process.argv[roundsAt + 1]);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('--rounds must be a whole number ≥ 1');

const home = mkdtempSync(join(os.tmpdir(), 'cx-bench-plan-cache-'));
mkdirSync(join(home, '.codex'), { recursive: true });
const env = {
  PATH: [join(ROOT, 'node_modules', '.bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter),
  HOME: home,
  CODEX_HOME: join(home, '.codex'),
  LANG: 'C.UTF-8',
};
const cached = { ...env, CX_PLAN_CACHE: '1' };
const plans = join(home, '.cache', 'cx', 'plans');
const dropEntries = () => {
  for (const name of existsSync(plans) ? readdirSync(plans) : []) if (name !== 'key') rmSync(join(plans, name));
};

/** CPU ms (user + sys) of this process's reaped children (Linux; 10 ms ticks, so only a mean means anything). */
function childCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function run(row) {
  row.before?.();
  const cpu = childCpu();
  const start = process.hrtime.bigint();
  const result = spawnSync(row.file, row.args, { env: row.env, cwd: home, stdio: 'ignore', timeout: 20_000 });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${row.label}: exit ${result.status ?? result.signal}`);
  return { wall, cpu: childCpu() - cpu };
}

const rows = [
  { label: 'native codex --version', file: NATIVE_CODEX, args: ['--version'], env },
  { label: 'npm launcher --version', file: process.execPath, args: [NPM_LAUNCHER, '--version'], env },
];
for (const [name, node] of [[`node ${process.versions.node}`, process.execPath], ...(existsSync(NODE22) ? [['node 22', NODE22]] : [])]) {
  rows.push(
    { label: `cx --version, ${name}`, file: node, args: [CX_BIN, '--version'], env },
    { label: `cx --version, ${name}, cache miss`, file: node, args: [CX_BIN, '--version'], env: cached, before: dropEntries },
    { label: `cx --version, ${name}, cache hit`, file: node, args: [CX_BIN, '--version'], env: cached },
  );
}
// Past the racy window of the files just made, then one run to keep the plan.
await new Promise((done) => setTimeout(done, 200));
for (const row of rows) run(row);
// The rows must be what they say: cx itself reports what the cache did (CX_DEBUG=1).
for (const row of rows.filter((r) => r.env === cached)) {
  row.before?.();
  const said = spawnSync(row.file, row.args, { env: { ...row.env, CX_DEBUG: '1' }, cwd: home, encoding: 'utf8' }).stderr;
  const want = row.before ? 'miss, kept' : 'hit';
  if (!said.includes(`cx: plan cache: ${want}\n`)) throw new Error(`${row.label}: expected "plan cache: ${want}", got:\n${said}`);
}
const samples = rows.map(() => []);
for (let round = 0; round < ROUNDS; round += 1) {
  rows.forEach((row, i) => samples[i].push(run(row)));
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
};
const stats = samples.map((list) => ({ wall: median(list.map((s) => s.wall)), cpu: list.reduce((a, s) => a + s.cpu, 0) / list.length }));
const npm = stats[1];
const native = stats[0];
process.stdout.write(`plan cache bench: ${ROUNDS} rounds, interleaved; ${os.cpus()[0]?.model ?? 'cpu'}, load ${os.loadavg()[0].toFixed(2)}\n`);
process.stdout.write(`${'command'.padEnd(42)} ${'wall ms'.padStart(8)} ${'× npm'.padStart(6)} ${'cpu ms'.padStart(7)} ${'cpu × npm'.padStart(9)} ${'− native'.padStart(9)}\n`);
rows.forEach((row, i) => {
  const s = stats[i];
  process.stdout.write(`${row.label.padEnd(42)} ${s.wall.toFixed(1).padStart(8)} ${(s.wall / npm.wall).toFixed(2).padStart(6)} ${s.cpu.toFixed(1).padStart(7)} ${(s.cpu / npm.cpu).toFixed(2).padStart(9)} ${(s.wall - native.wall).toFixed(1).padStart(9)}\n`);
});
rmSync(home, { recursive: true, force: true });
