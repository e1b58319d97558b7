// Prints `Mutation score: NN%` per module and overall from Stryker's JSON report (default
// reports/mutation/mutation.json), counting mutants no test reaches as survived, plus the
// survivors (file:line mutator: replacement) with --survivors. Used to write docs/mutation.md.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
let detected = 0;
let total = 0;
const rows = [];
const survivors = [];
for (const [path, entry] of Object.entries(report.files).sort()) {
  let d = 0;
  let t = 0;
  for (const m of entry.mutants) {
    if (DETECTED.has(m.status)) d += 1;
    if (!DETECTED.has(m.status) && !UNDETECTED.has(m.status)) continue; // ignored, errors
    t += 1;
    if (UNDETECTED.has(m.status)) survivors.push(`${path}:${m.location.start.line} ${m.status} ${m.mutatorName}: ${(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100)}`);
  }
  detected += d;
  total += t;
  rows.push(`| ${path} | ${t} | ${t - d} | ${t === 0 ? '–' : `${Math.floor((1000 * d) / t) / 10}%`} |`);
}
console.log('| module | mutants | undetected | score |\n|---|---:|---:|---:|');
for (const row of rows) console.log(row);
console.log(`\nMutation score: ${Math.floor((1000 * detected) / total) / 10}% (${detected} of ${total})`);
if (args.includes('--survivors')) console.log(`\n${survivors.join('\n')}`);
