// The bad-input corpus: every case runs the built cx as a real process (Node 20, a sandboxed HOME,
// a recording fake codex), a few at a time, each bounded. Each must end with a documented status,
// one clear `cx:` line (plus `cx: warning:` lines where the input only warrants a warning) naming
// the file and line, no stack trace, nothing written under HOME, no secret shown, and codex either
// not run or run with exactly the expected arguments and environment. See harness.ts.
import { availableParallelism, loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsStandIn, startAwsStandIn } from '../helpers/aws-stand-in.ts';
import { mapLimit } from '../helpers/fake-codex.ts';
import { ARGV_CASES } from './cases-argv.ts';
import { AWS_CASES } from './cases-aws.ts';
import { ENV_CASES } from './cases-env.ts';
import { TOML_CASES } from './cases-toml.ts';
import { type BadInputCase, type Outcome, checkOutcome, runCase, setBoxEnv } from './harness.ts';

const ALL: BadInputCase[] = [...TOML_CASES, ...ENV_CASES, ...AWS_CASES, ...ARGV_CASES];
/** CX_HARDENING_FILTER=REGEX runs only the cases whose `kind: name` matches (while working on a few). */
const FILTER = process.env['CX_HARDENING_FILTER'] ? new RegExp(process.env['CX_HARDENING_FILTER']) : null;
const CASES = FILTER ? ALL.filter((c) => FILTER.test(`${c.kind}: ${c.name}`)) : ALL;
/** Two cores here: three runs at a time keeps them busy without starving the rest. */
const PARALLEL = 3;

const outcomes = new Map<BadInputCase, Outcome | Error>();
let standIn: AwsStandIn;
let elapsedMs = 0;

beforeAll(async () => {
  standIn = await startAwsStandIn();
  setBoxEnv({ ...standIn.endpointEnv(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  const started = Date.now();
  const runnable = CASES.filter((c) => !c.skip);
  await mapLimit(runnable, PARALLEL, async (c) => {
    try {
      outcomes.set(c, await runCase(c));
    } catch (error) {
      outcomes.set(c, error instanceof Error ? error : new Error(String(error)));
    }
  });
  elapsedMs = Date.now() - started;
}, 120_000);

afterAll(async () => {
  await standIn?.close();
});

describe('the corpus', () => {
  it('has at least 200 cases, with unique names', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(200);
    const names = ALL.map((c) => `${c.kind}: ${c.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('runs in well under a minute', () => {
    const byKind = new Map<string, number>();
    for (const c of CASES) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
    const slowest = [...outcomes.entries()]
      .flatMap(([c, o]) => (o instanceof Error ? [] : [[`${c.kind}: ${c.name}`, o.ms] as const]))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3);
    const msByKind = new Map<string, number>();
    for (const [c, o] of outcomes) if (!(o instanceof Error)) msByKind.set(c.kind, (msByKind.get(c.kind) ?? 0) + o.ms);
    console.info(`time by kind (sum of runs): ${[...msByKind].map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
    console.info(`bad-input corpus: ${CASES.length} cases (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}), ${CASES.filter((c) => c.skip).length} skipped, ${(elapsedMs / 1000).toFixed(1)} s at ${PARALLEL} in parallel; slowest: ${slowest.map(([n, ms]) => `${n} ${ms} ms`).join('; ')}`);
    // Only meaningful on a machine that is not busy with other work (load per core under 1.5).
    const load = loadavg()[0] ?? 0;
    if (load / availableParallelism() < 1.5) expect(elapsedMs).toBeLessThan(60_000);
    else console.warn(`load average ${load.toFixed(1)} on ${availableParallelism()} cores: the run time is not checked`);
  });
});

for (const kind of [...new Set(CASES.map((c) => c.kind))]) {
  describe(kind, () => {
    for (const c of CASES.filter((x) => x.kind === kind)) {
      const test = (): void => {
        const outcome = outcomes.get(c);
        if (outcome === undefined) throw new Error('the case did not run');
        if (outcome instanceof Error) throw outcome;
        checkOutcome(c, outcome);
      };
      if (c.skip) it.skip(`${c.name} (skipped: ${c.skip})`, test);
      else if (c.fails) it.fails(`${c.name} (known bug, for the lead: ${c.fails})`, test);
      else it(c.name, test);
    }
  });
}
