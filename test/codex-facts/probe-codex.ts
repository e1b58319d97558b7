// `npm run probe-codex -- PATH`: the codex fact probes against any codex (its native binary, or the
// npm launcher @openai/codex/bin/codex.js), outside vitest. Prints `fact | holds | detail` and exits
// 1 if a fact fails (2 for bad usage). Bundled by esbuild, as cx itself is, so it runs on Node 20
// with nothing but the devDependencies (see the `probe-codex` script in package.json).
import { existsSync, realpathSync } from 'node:fs';
import { FACTS } from './facts.ts';
import type { CodexTarget } from './probe-kit.ts';
import { readNpmLauncher } from '../../src/launch/npm-launcher.ts';
import { type FactResult, runFacts } from './run-facts.ts';

function target(path: string): CodexTarget | string {
  if (!existsSync(path)) return `${path}: no such file`;
  const real = realpathSync(path);
  const npm = readNpmLauncher(real, path, process.env);
  if (npm !== null) return npm.native === null ? `${path}: an npm launcher without its native binary` : { bin: npm.native, launcher: real };
  return { bin: real, launcher: null };
}

export function table(results: readonly FactResult[]): string {
  const rows = [['fact', 'holds', 'detail'], ...results.map((r) => [r.fact, r.status === 'holds' ? 'yes' : r.status === 'fails' ? 'NO' : 'n/a', r.detail.replace(/\|/g, '\\|')])];
  const width = [0, 1].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row, i) => {
    const line = `| ${(row[0] ?? '').padEnd(width[0] ?? 0)} | ${(row[1] ?? '').padEnd(width[1] ?? 0)} | ${row[2] ?? ''} |`;
    return i === 0 ? `${line}\n|${'-'.repeat((width[0] ?? 0) + 2)}|${'-'.repeat((width[1] ?? 0) + 2)}|---|` : line;
  }).join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length !== 1 || argv[0] === '--help' || argv[0] === '-h') {
    process.stderr.write('usage: npm run probe-codex -- PATH   (a codex binary, or @openai/codex/bin/codex.js)\n');
    return argv.length === 1 ? 0 : 2;
  }
  const found = target(argv[0] ?? '');
  if (typeof found === 'string') {
    process.stderr.write(`probe-codex: ${found}\n`);
    return 2;
  }
  const started = Date.now();
  const results = await runFacts(found);
  const failed = results.filter((r) => r.status === 'fails').length;
  process.stdout.write(`${table(results)}\n\n${found.bin}: ${results.length - failed} of ${FACTS.length} facts hold or do not apply, ${failed} fail (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`probe-codex: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 70;
  },
);
