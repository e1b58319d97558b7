// One doctor check, in the shape `codex doctor --json` uses for its own (codex-cli 0.169.0:
// checks{id: {id, category, status, summary, details, remediation, durationMs}}), so that cx's and
// codex's checks sit side by side in one report.

export type CheckStatus = 'ok' | 'warning' | 'fail' | 'skipped';

/** Details are short facts (paths, names, times), never a secret: a value or a list of values. */
export type CheckDetails = Record<string, string | string[]>;

export interface Check {
  /** Stable: `cx.<name>` for cx's checks, `codex.<codex's id>` for codex's. */
  id: string;
  category: string;
  status: CheckStatus;
  /** One line. */
  summary: string;
  /** What to do about it, or null when there is nothing to do. */
  remediation: string | null;
  details: CheckDetails;
  /** codex's checks: how long it took, as codex reports it. */
  durationMs?: number;
  /** codex's checks: its own status, when it is not one cx knows (then counted as a warning). */
  codexStatus?: string;
}

const SEVERITY: Readonly<Record<CheckStatus, number>> = { skipped: 0, ok: 1, warning: 2, fail: 3 };

export function worse(a: CheckStatus, b: CheckStatus): CheckStatus {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export function isWorse(a: CheckStatus, than: CheckStatus): boolean {
  return SEVERITY[a] > SEVERITY[than];
}

/** A cx check; `name` becomes `cx.<name>`. */
export function cxCheck(name: string, category: string, status: CheckStatus, summary: string, remediation: string | null = null, details: CheckDetails = {}): Check {
  return { id: `cx.${name}`, category, status, summary, remediation, details };
}

/** The report's overall status, as codex reports its own: fail, else warning, else ok. */
export function overallStatus(checks: readonly Check[]): 'ok' | 'warning' | 'fail' {
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  if (checks.some((c) => c.status === 'warning')) return 'warning';
  return 'ok';
}

/** doctor's exit status is a report: 1 when any check failed, else 0. */
export function doctorExitStatus(checks: readonly Check[]): 0 | 1 {
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

/** One line from text that may hold several (an error message, a program's output). */
export function firstLine(text: string, max = 300): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
