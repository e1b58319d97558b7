// The report, as one JSON object (codex doctor's shape, both sets of checks merged) or as text: one
// line per check, cx's first, then codex's. Every string passes through printable.ts: summaries
// carry file names and codex's output. Pure.
import { printableLine } from '../cli/printable.ts';
import { type Style, paint } from '../cli/terminal-style.ts';
import { wrapText } from '../cli/wrap-text.ts';
import { withFix } from '../plan/refusal-lines.ts';
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
const STYLE: Readonly<Record<CheckStatus, Style>> = { ok: 'green', warning: 'yellow', fail: 'red', skipped: 'dim' };

/** How the text form is printed: the width it wraps to, and whether the status words are coloured. */
export interface TextStyle {
  width: number;
  colour: boolean;
}

const PLAIN: TextStyle = { width: 100, colour: false };

/**
 * Each check as `  STATUS  id  summary — fix`, wrapped at the width with its continuation under
 * the summary; the fix left out for a check that passed, and where the summary or a check above
 * already says it (an expired SSO session fails cx.aws.sso and cx.plan: its command shows once).
 */
function lines(checks: readonly Check[], style: TextStyle, said: string[]): string[] {
  const width = Math.min(40, Math.max(0, ...checks.map((c) => c.id.length)));
  return checks.flatMap((c) => {
    const head = `  ${LABEL[c.status]}  ${c.id.padEnd(width)}  `;
    const text = printableLine(c.status === 'ok' ? c.summary : withFix(c.summary, c.remediation, said.join('\n')));
    said.push(text);
    const wrapped = wrapText(head, text, Math.max(style.width, head.length + 20), head.length);
    wrapped[0] = `  ${paint(style.colour, STYLE[c.status], LABEL[c.status])}${(wrapped[0] ?? '').slice(6)}`;
    return wrapped;
  });
}

function count(checks: readonly Check[]): string {
  const n = (status: CheckStatus): number => checks.filter((c) => c.status === status).length;
  const parts = [`${n('fail')} failed`, `${n('warning')} warning${n('warning') === 1 ? '' : 's'}`, `${n('ok')} ok`];
  if (n('skipped') > 0) parts.push(`${n('skipped')} skipped`);
  return parts.join(' · ');
}

export function reportText(report: Report, style: TextStyle = PLAIN): string {
  const said: string[] = [];
  const out = [...wrapText('', printableLine(report.heading), style.width, 2), '', "cx's checks", ...lines(report.cx, style, said)];
  const run = report.codexRun;
  if (report.codex.length > 0) {
    const about = [run.version ? `codex ${run.version}` : null, run.exitCode === null ? null : `exit ${run.exitCode}`].filter(Boolean).join(', ');
    out.push('', `codex doctor${about ? ` (${printableLine(about)})` : ''}`, ...lines(report.codex, style, said));
  }
  const all = [...report.cx, ...report.codex];
  out.push('', ...wrapText('', `${count(all)}${report.codex.length > 0 ? " — codex doctor --all shows codex's details" : ''}`, style.width, 2));
  return `${out.join('\n')}\n`;
}
