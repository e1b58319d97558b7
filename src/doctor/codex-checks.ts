// The real codex: where it is, its version (against the range cx is tested with), and its own
// `codex doctor --json` report (the same shape across that range: {schemaVersion, generatedAt,
// overallStatus, codexVersion, checks{id: {id, category, status, summary, details, remediation,
// durationMs}}}, exit 1 on any failure), read into cx's checks. Pure: the runs happen in
// run-bounded.ts.
import { type CodexRange, CODEX_RANGE, placeInRange, rangeText } from '../codex-range.ts';
import type { CodexLocation } from '../launch/find-codex.ts';
import { type Check, type CheckDetails, type CheckStatus, cxCheck, firstLine } from './check.ts';
import type { RunResult } from './run-bounded.ts';


export function codexFoundCheck(location: CodexLocation | null, problem: { message: string; hint: string | null } | null): Check {
  if (location === null) return cxCheck('codex.found', 'install', 'fail', problem?.message ?? 'codex not found', problem?.hint ?? 'install it with `npm i -g @openai/codex`, or set CX_CODEX_BIN to its path');
  const details: CheckDetails = { bin: location.bin, found: location.found, via: location.source };
  if (location.skipped.length > 0) details['passed over'] = location.skipped.map((s) => `${s.path}: ${s.reason}`);
  const npm = location.npm ? (location.npm.native ? `; npm launcher ${location.found}, looked through` : `; npm launcher ${location.found}, native binary missing`) : '';
  return cxCheck('codex.found', 'install', location.npm && !location.npm.native ? 'warning' : 'ok', `${location.bin} (via ${location.source}${npm})`, null, details);
}

/** The version in `codex --version` output (`codex-cli 0.169.0`). */
export function parseVersion(text: string): string | null {
  return /\b(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\b/.exec(text)?.[1] ?? null;
}

function runProblem(result: Exclude<RunResult, { kind: 'exited' }>): string {
  switch (result.kind) {
    case 'timeout':
      return `did not finish within ${result.ms} ms`;
    case 'too-big':
      return `printed more than ${result.bytes} bytes`;
    case 'spawn-error':
      return `could not be started (${result.code})`;
  }
}

function exitText(result: Extract<RunResult, { kind: 'exited' }>): string {
  return result.signal !== null ? `was killed by ${result.signal}` : `exited ${String(result.code)}`;
}

/** What to do about a codex outside the tested range. */
function outsideRange(place: 'older' | 'newer' | 'unknown', range: CodexRange): string {
  const install = `npm i -g @openai/codex@${range.newest}`;
  if (place === 'older') return `upgrade codex (\`${install}\`): cx relies on what codex ${range.oldest} and later do`;
  if (place === 'newer') return `cx has not been checked against this codex, and codex changes what it accepts between releases: use a tested one (\`${install}\`), or a cx that lists this release`;
  return `use a released codex (\`${install}\`)`;
}

/** `codex --version`: it runs, and it is a codex of the range cx is tested with (else a warning naming the range). */
export function versionCheck(bin: string, result: RunResult | null, range: CodexRange = CODEX_RANGE): Check {
  if (result === null) return cxCheck('codex.version', 'install', 'skipped', 'not asked: --cx-only runs no codex');
  if (result.kind !== 'exited') return cxCheck('codex.version', 'install', 'fail', `\`${bin} --version\` ${runProblem(result)}`, 'check that it is the real codex (CX_CODEX_BIN, codex_bin in cx\'s config, PATH)');
  const version = parseVersion(result.stdout);
  if (result.code !== 0 || result.signal !== null) {
    return cxCheck('codex.version', 'install', 'fail', `\`${bin} --version\` ${exitText(result)}${result.stderr.trim() ? `: ${firstLine(result.stderr)}` : ''}`, 'check that it is the real codex and that it runs on this machine');
  }
  if (version === null) return cxCheck('codex.version', 'install', 'warning', `\`${bin} --version\` printed no version`, 'check that it is the real codex');
  const details = { version, 'tested range': rangeText(range) };
  const place = placeInRange(version, range);
  if (place === 'within') return cxCheck('codex.version', 'install', 'ok', `${firstLine(result.stdout)} (cx is tested with codex ${rangeText(range)})`, null, details);
  const where = { older: 'older than', newer: 'newer than', unknown: 'not a release of' }[place];
  return cxCheck('codex.version', 'install', 'warning', `${firstLine(result.stdout)}: ${where} the codex range cx is tested with (${rangeText(range)})`, outsideRange(place, range), details);
}

export interface CodexReport {
  overallStatus: string | null;
  codexVersion: string | null;
  checks: Check[];
}

const STATUSES: readonly string[] = ['ok', 'warning', 'fail', 'skipped'];

function detailValue(value: unknown): string | string[] {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? ''));
  return JSON.stringify(value) ?? '';
}

function codexCheck(id: string, raw: unknown): Check | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const c = raw as Record<string, unknown>;
  if (typeof c['status'] !== 'string' || typeof c['summary'] !== 'string') return null;
  const original = c['status'];
  // A status this cx does not know (a newer codex) is shown, and counted as a warning.
  const status: CheckStatus = STATUSES.includes(original) ? (original as CheckStatus) : 'warning';
  const details: CheckDetails = {};
  if (typeof c['details'] === 'object' && c['details'] !== null && !Array.isArray(c['details'])) {
    for (const [key, value] of Object.entries(c['details'])) details[key] = detailValue(value);
  }
  const check: Check = {
    id: `codex.${id}`,
    category: typeof c['category'] === 'string' ? c['category'] : 'codex',
    status,
    summary: c['summary'],
    remediation: typeof c['remediation'] === 'string' ? c['remediation'] : null,
    details,
  };
  if (typeof c['durationMs'] === 'number') check.durationMs = c['durationMs'];
  if (status !== original) check.codexStatus = original;
  return check;
}

/** codex's report, or null when the output is not one. */
export function parseCodexDoctor(stdout: string): CodexReport | null {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch {
    return null;
  }
  if (typeof document !== 'object' || document === null) return null;
  const d = document as Record<string, unknown>;
  const checks = d['checks'];
  if (typeof checks !== 'object' || checks === null || Array.isArray(checks)) return null;
  const parsed: Check[] = [];
  for (const [id, raw] of Object.entries(checks)) {
    const check = codexCheck(id, raw);
    if (check) parsed.push(check);
  }
  return {
    overallStatus: typeof d['overallStatus'] === 'string' ? d['overallStatus'] : null,
    codexVersion: typeof d['codexVersion'] === 'string' ? d['codexVersion'] : null,
    checks: parsed,
  };
}

/** How the run of `codex doctor --json` went (its own checks are reported separately). */
export function codexDoctorCheck(why: string | null, result: RunResult | null, report: CodexReport | null): Check {
  if (result === null) return cxCheck('codex.doctor', 'install', 'skipped', `\`codex doctor\` not run: ${why ?? 'skipped'}`);
  const fix = `run \`codex doctor\` yourself to see it (cx is tested with codex ${rangeText()}); CX_DOCTOR_TIMEOUT_MS bounds the wait`;
  if (result.kind !== 'exited') return cxCheck('codex.doctor', 'install', 'fail', `\`codex doctor --json\` ${runProblem(result)}`, fix);
  if (report !== null) {
    const about = `\`codex doctor --json\` ${exitText(result)}: ${report.checks.length} checks, overall ${report.overallStatus ?? 'not stated'}`;
    // Its report arrived, but codex says something failed: never shown as ok.
    const failed = result.code !== 0 || result.signal !== null || report.overallStatus === 'fail';
    if (failed) {
      const ids = report.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      return cxCheck('codex.doctor', 'install', 'fail', `${about}${ids.length > 0 ? ` (failed: ${ids.join(', ')})` : ''}`, 'see codex\'s failing checks below; `codex doctor` explains each');
    }
    return cxCheck('codex.doctor', 'install', 'ok', about);
  }
  const said = result.stderr.trim() ? `: ${firstLine(result.stderr)}` : '';
  if (result.code === 0 && result.signal === null) return cxCheck('codex.doctor', 'install', 'warning', `\`codex doctor --json\` exited 0 but printed no report${said}`, fix);
  return cxCheck('codex.doctor', 'install', 'fail', `\`codex doctor --json\` ${exitText(result)} without a report${said}`, fix);
}

/** Every string in `value` with each secret replaced (codex redacts its report; this makes sure). */
export function redact<T>(value: T, secrets: readonly string[]): T {
  const usable = secrets.filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
  if (usable.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return usable.reduce((text, secret) => text.split(secret).join('[redacted]'), v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [walk(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
