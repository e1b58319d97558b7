// Every behaviour of codex that cx relies on, probed against each codex of the supported range
// (test/helpers/codex-range.ts): a release that changes one fails here with the fact's name.
// The probes are test/codex-facts/facts.ts, shared with `npm run probe-codex -- PATH`.
import { beforeAll, describe, expect, it } from 'vitest';
import capabilities from '../../src/compat/capabilities.json' with { type: 'json' };
import { codexRange } from '../helpers/codex-range.ts';
import { FACTS } from './facts.ts';
import { type FactResult, runFacts } from './run-facts.ts';

/** All probes of one codex run together, a few at a time; about 30 s per codex on 2 cores. */
const ALL_FACTS_TIMEOUT = 120_000;

describe.each(codexRange())('codex $version ($end of the supported range)', (codex) => {
  let results = new Map<string, FactResult>();
  beforeAll(async () => {
    results = new Map((await runFacts({ bin: codex.bin, launcher: codex.launcher })).map((r) => [r.fact, r]));
  }, ALL_FACTS_TIMEOUT);

  it.for(FACTS.map((fact) => fact.name))('%s', (name, context) => {
    const result = results.get(name);
    expect(result, `${name} did not run`).toBeDefined();
    if (result?.status === 'n/a') {
      context.skip(`does not apply: ${result.detail}`);
      return;
    }
    expect(result?.status, result?.detail).toBe('holds');
  });
});

describe('the supported range', () => {
  it('has both ends installed here', () => {
    expect(codexRange().map((c) => c.end)).toEqual(['oldest', 'newest']);
  });
});

describe("the capability table's checked_with", () => {
  it('names both ends of the range the probes ran against', () => {
    for (const codex of codexRange()) expect(capabilities.checked_with).toContain(codex.version);
  });
});
