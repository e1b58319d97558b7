// The report, as one JSON object (codex doctor's shape, both sets of checks merged) or as text: one
// line per check, cx's first, then codex's. Every string passes through printable.ts: summaries
// carry file names and codex's output. Pure.
import { printableLine } from '../cli/printable.ts';
import { type Check, type CheckStatus, overallStatus } from './check.ts';

export interface CodexRun {
  ran: boolean;
  exitCode: number | null;
  overallStatus: string | null;
  version: string | null;
}

export interface Report {
  cx: Check[];
  codex: Check[];
  codexRun: CodexRun;
  /** One line about what was checked (the profile), for the text form. */
  heading: string;
}

function printable<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return printableLine(v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [printableLine(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}

export function reportJson(report: Report): string {
  const all = [...report.cx, ...report.codex];
  const document = {
    schemaVersion: 1,
    overallStatus: overallStatus(all),
    checks: Object.fromEntries(all.map((check) => [check.id, check])),
    codex: report.codexRun,
  };
  return `${JSON.stringify(printable(document), null, 2)}\n`;
}

const LABEL: Readonly<Record<CheckStatus, string>> = { ok: 'ok  ', warning: 'WARN', fail: 'FAIL', skipped: 'skip' };

function lines(checks: readonly Check[]): string[] {
  const width = Math.min(40, Math.max(0, ...checks.map((c) => c.id.length)));
  return checks.map((c) => {
    const fix = c.remediation === null || c.status === 'ok' ? '' : ` — ${c.remediation}`;
    return `  ${LABEL[c.status]}  ${c.id.padEnd(width)}  ${printableLine(`${c.summary}${fix}`)}`;
  });
}

function count(checks: readonly Check[]): string {
  const n = (status: CheckStatus): number => checks.filter((c) => c.status === status).length;
  const parts = [`${n('fail')} failed`, `${n('warning')} warning${n('warning') === 1 ? '' : 's'}`, `${n('ok')} ok`];
  if (n('skipped') > 0) parts.push(`${n('skipped')} skipped`);
  return parts.join(' · ');
}

export function reportText(report: Report): string {
  const out = [printableLine(report.heading), '', "cx's checks", ...lines(report.cx)];
  const run = report.codexRun;
  if (report.codex.length > 0) {
    const about = [run.version ? `codex ${run.version}` : null, run.exitCode === null ? null : `exit ${run.exitCode}`].filter(Boolean).join(', ');
    out.push('', `codex doctor${about ? ` (${printableLine(about)})` : ''}`, ...lines(report.codex));
  }
  const all = [...report.cx, ...report.codex];
  out.push('', `${count(all)}${report.codex.length > 0 ? ' — codex doctor --all shows codex\'s details' : ''}`);
  return `${out.join('\n')}\n`;
}
