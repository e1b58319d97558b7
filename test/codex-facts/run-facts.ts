// Runs every fact against one codex, a few at a time (each probe starts its own loopback servers
// and directories, so independent probes run side by side), and reports each one.
import { FACTS } from './facts.ts';
import { type CodexTarget, type Fact, Kit, mapLimit } from './probe-kit.ts';

export type FactStatus = 'holds' | 'fails' | 'n/a';

export interface FactResult {
  fact: string;
  status: FactStatus;
  detail: string;
  ms: number;
}

/** How many probes run at once: a probe is mostly waiting on codex, and this machine has 2 cores. */
export const PROBE_CONCURRENCY = 4;

async function runFact(kit: Kit, fact: Fact): Promise<FactResult> {
  const started = Date.now();
  try {
    const notApplicable = fact.appliesTo ? await fact.appliesTo(kit) : null;
    if (notApplicable !== null) return { fact: fact.name, status: 'n/a', detail: notApplicable, ms: Date.now() - started };
    const verdict = await fact.check(kit);
    return { fact: fact.name, status: verdict.holds ? 'holds' : 'fails', detail: verdict.detail, ms: Date.now() - started };
  } catch (error) {
    return { fact: fact.name, status: 'fails', detail: `probe error: ${error instanceof Error ? error.message : String(error)}`, ms: Date.now() - started };
  }
}

/** Every fact against `target`, in FACTS order. */
export async function runFacts(target: CodexTarget, facts: readonly Fact[] = FACTS, concurrency = PROBE_CONCURRENCY): Promise<FactResult[]> {
  const kit = await Kit.offline(target);
  try {
    return await mapLimit(facts, concurrency, (fact) => runFact(kit, fact));
  } finally {
    await kit.cleanup();
  }
}
