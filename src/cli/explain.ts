import type { CheckedPlan as Plan } from '../compat/preflight.ts';
import type { ProfileSource, SelectionStep } from '../select/select-profile.ts';
import { shownProfile, shownWords } from '../check/known-words.ts';
import type { CxrcInEffect } from '../plan/make-plan.ts';
import type { Finding } from '../plan/finding.ts';
import { withFix } from '../plan/refusal-lines.ts';
import { printableLine } from './printable.ts';
import { shellJoin, shellQuote } from './shell-quote.ts';
import { paint, stdoutStyle } from './terminal-style.ts';
import { wrapText } from './wrap-text.ts';
import { credentialLines } from '../credentials/credential-lines.ts';

/** `cx explain --json`: product.md's schema (every key present), plus cx's own details. */
export function explainJson(plan: Plan): string {
  const codex = plan.codex;
  const document = {
    schemaVersion: 1,
    profile: {
      name: plan.selection.name,
      source: plan.selection.source,
      file: plan.profileFile,
      // The trust state of the .cxrc that selects (null when none selects).
      trusted: selectingCxrc(plan)?.trusted ?? null,
      // Whether the profile's own login (`cx login +PROFILE`) is what this run uses.
      ownLogin: plan.profileLogin !== null,
    },
    provider: { id: plan.settings.provider, region: plan.settings.region },
    model: plan.settings.model,
    credentials: plan.credentials,
    // Every finding carries a fix (null when there is nothing to do).
    findings: plan.findings.map((f) => ({ level: f.level, code: f.code, message: f.message, fix: f.fix ?? null })),
    command: { bin: plan.bin, args: plan.args },
    env: { added: plan.envAdded, removed: plan.envRemoved },
    launch: willLaunch(plan),
    codex: codex && {
      found: codex.found,
      source: codex.source,
      npmLauncher: codex.npm && { launcher: codex.npm.launcher, packageRoot: codex.npm.packageRoot, native: codex.npm.native },
      skipped: codex.skipped,
    },
    selection: plan.selection.steps,
    runDir: plan.runDir,
    // The nearest .cxrc that names a profile, else the nearest one (kept for scripts that read it).
    cxrc: cxrcJson(plan, selectingCxrc(plan) ?? plan.cxrcs[0] ?? null),
    // Every .cxrc whose [require] applies here, nearest first; and those cx ignores.
    cxrcs: plan.cxrcs.map((cxrc) => cxrcJson(plan, cxrc)),
    cxrcIgnored: plan.cxrcIgnored.map((ignored) => ({ path: ignored.path, why: ignored.why })),
    projectLayers: plan.projectLayers.map((layer) => layer.path),
    settings: {
      webSearch: plan.settings.webSearch,
      serviceTier: plan.settings.serviceTier,
      reasoningEffort: plan.settings.reasoningEffort,
      regionFrom: plan.settings.regionFrom,
    },
    mode: plan.mode,
    compat: plan.compat && { row: plan.compat.row, why: plan.compat.why, asks: plan.compat.asks },
    failover: plan.failover,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The nearest .cxrc that names a profile and is trusted, else the nearest that names one. */
function selectingCxrc(plan: Plan): CxrcInEffect | null {
  const naming = plan.cxrcs.filter((cxrc) => cxrc.file.profile !== null);
  return naming.find((cxrc) => cxrc.trusted) ?? naming[0] ?? null;
}

/** A .cxrc as --json shows it: only words cx knows (known-words.ts); others are null. */
function cxrcJson(plan: Plan, cxrc: CxrcInEffect | null): object | null {
  if (cxrc === null) return null;
  const known = plan.known();
  const require = cxrc.file.require;
  return {
    path: cxrc.file.path,
    profile: cxrc.file.profile && shownProfile(known, cxrc.file.profile.value),
    trusted: cxrc.trusted,
    require: require && {
      providers: require.providers && shownWords(known, 'providers', require.providers),
      regions: require.regions && shownWords(known, 'regions', require.regions),
      featuresOff: require.featuresOff && shownWords(known, 'features', require.featuresOff),
    },
  };
}

/** Error findings without a refusal are ones --cx-force overrode: the launch goes ahead. */
export function willLaunch(plan: Plan): boolean {
  return plan.refusal === null && plan.bin !== null;
}

const SOURCE_LABEL: Readonly<Record<ProfileSource, string>> = {
  flag: '-p/--profile',
  plus: '+PROFILE',
  'env:CX_PROFILE': 'CX_PROFILE',
  'env:CODEX_PROFILE': 'CODEX_PROFILE',
  cxrc: '.cxrc',
  rule: 'rule',
  default: 'default_profile',
  fallback: 'fallback',
  none: 'none',
};

function step(s: SelectionStep): string {
  const label = SOURCE_LABEL[s.source].padEnd(16);
  const note = s.note === null ? '' : ` — ${s.note}`;
  if (s.outcome === 'unset') return `${label}-${note}`;
  const at = s.at !== null && s.source !== 'plus' && !s.source.startsWith('env:') && s.source !== 'flag' ? ` (${s.at})` : '';
  return `${label}${s.value ?? ''} ${s.outcome}${at}${note}`;
}

/** One .cxrc for the text form: whether it may select, and whether it restricts. */
function cxrcLine(plan: Plan, cxrc: CxrcInEffect): string {
  const { file, trusted } = cxrc;
  let state = '';
  if (file.profile !== null) {
    if (!trusted) state = ' (NOT trusted: may not select)';
    else state = cxrc === selectingCxrc(plan) ? ' (trusted: the nearest trusted one selects)' : ' (trusted, but a nearer trusted .cxrc selects)';
  }
  return `${file.path}${state}${file.require ? ', with restrictions (they apply)' : ''}`;
}

/** `--verbose`: every source consulted, every .cxrc, every finding (the long form). */
function explainVerbose(plan: Plan, colour: boolean): string {
  const lines: string[] = [];
  const row = (label: string, value: string): void => {
    lines.push(`${label.padEnd(10)}${printableLine(value)}`);
  };
  lines.push(headline(plan, colour));
  const codex = plan.codex;
  if (codex) {
    row('codex', codex.bin);
    const via = codex.source === 'PATH' ? 'PATH' : codex.source;
    const npm = codex.npm ? (codex.npm.native ? ' (npm launcher, looked through)' : ' (npm launcher; native binary missing)') : '';
    if (codex.found !== codex.bin || npm) row('', `found via ${via}: ${codex.found}${npm}`);
    else row('', `found via ${via}`);
    for (const skip of codex.skipped) row('', `passed over ${skip.path}: ${skip.reason}`);
  } else {
    row('codex', 'not found');
  }
  // The binary is on the codex row: its path is not printed twice.
  row('command', plan.bin === null ? '-' : `${shellJoin(['codex', ...plan.args])}   (codex: the binary above)`);
  const selection = plan.selection;
  const unapplied = plan.shape.remote && selection.source !== 'flag' ? ' — not applied (--remote: configured on the server)' : '';
  row('profile', selection.name === null ? 'none (codex defaults)' : `${selection.name} from ${selection.at ?? SOURCE_LABEL[selection.source]}${unapplied}`);
  if (plan.profileFile) row('', `file ${shellQuote(plan.profileFile)}${plan.resolved.kind === 'legacy' ? ' (legacy table)' : ''}`);
  for (const [i, s] of selection.steps.entries()) row(i === 0 ? 'consulted' : '', step(s));
  const settings = plan.settings;
  row('provider', `${settings.provider}${settings.region ? ` in ${settings.region} (from ${settings.regionFrom ?? '?'})` : ''}`);
  row('model', settings.model ?? "codex's default");
  if (plan.shape.cd !== null) row('directory', `${plan.runDir} (codex's -C/--cd: its .cxrc files, rules and project config apply)`);
  for (const [i, cxrc] of plan.cxrcs.entries()) row(i === 0 ? '.cxrc' : '', cxrcLine(plan, cxrc));
  for (const ignored of plan.cxrcIgnored) row(plan.cxrcs.length === 0 ? '.cxrc' : '', `${ignored.path} ignored: ${ignored.why}`);
  for (const [i, layer] of plan.projectLayers.entries()) row(i === 0 ? 'project' : '', `${layer.path} (codex trusts this project; its settings apply)`);
  for (const [i, line] of credentialLines(plan.credentials).entries()) row(i === 0 ? 'secrets' : '', line);
  const env = [...plan.envAdded.map((n) => `+${n}`), ...plan.envRemoved.map((n) => `-${n}`)];
  row('env', env.length === 0 ? 'unchanged' : env.join(' '));
  if (plan.compat) row('compat', `${plan.compat.row} (${plan.compat.why})`);
  for (const [i, step] of plan.failover.entries()) {
    row(i === 0 ? 'failover' : '', `${step.profile} ${step.outcome}${step.codes.length > 0 ? ` (${step.codes.join(', ')})` : ''}`);
  }
  if (plan.findings.length === 0) row('findings', 'none');
  for (const [i, finding] of plan.findings.entries()) {
    lines.push(`${(i === 0 ? 'findings' : '').padEnd(10)}${findingText(finding, colour)}`);
  }
  return `${lines.join('\n')}\n`;
}

const LEVEL_STYLE = { error: 'red', warning: 'yellow', info: 'dim' } as const;

/** `message [code] — fix`, the fix without what the message already says. */
function findingBody(finding: Finding): string {
  return printableLine(withFix(`${finding.message} [${finding.code}]`, finding.fix));
}

function findingText(finding: Finding, colour: boolean): string {
  return `${paint(colour, LEVEL_STYLE[finding.level], `${finding.level}:`)} ${findingBody(finding)}`;
}

function headline(plan: Plan, colour: boolean): string {
  if (willLaunch(plan)) return paint(colour, 'green', 'cx would launch codex');
  return paint(colour, 'red', `cx would NOT launch codex${plan.refusal ? ` (exit ${plan.refusal.status})` : ''}`);
}

export interface ExplainTextOptions {
  /** Every source consulted (the long form). */
  verbose?: boolean;
  /** Columns the short form fits in. */
  width?: number;
  colour?: boolean;
}

/** Rows of the short form: what decided the run, the command, credentials, findings that matter. */
function shortRows(plan: Plan): { label: string; text: string; finding?: Finding }[] {
  const rows: { label: string; text: string; finding?: Finding }[] = [];
  const selection = plan.selection;
  const unapplied = plan.shape.remote && selection.source !== 'flag' ? ' — not applied (--remote: configured on the server)' : '';
  const file = plan.profileFile ? ` (${plan.resolved.kind === 'legacy' ? 'legacy table in ' : ''}${plan.profileFile})` : '';
  rows.push({ label: 'profile', text: selection.name === null ? 'none (codex defaults)' : `${selection.name}, from ${selection.at ?? SOURCE_LABEL[selection.source]}${file}${unapplied}` });
  const settings = plan.settings;
  const region = settings.region ? ` in ${settings.region} (from ${settings.regionFrom ?? '?'})` : '';
  rows.push({ label: 'provider', text: `${settings.provider}${region}, model ${settings.model ?? "codex's default"}` });
  rows.push({ label: 'command', text: plan.bin === null ? (plan.codex === null ? 'none: codex not found' : '-') : shellJoin([plan.bin, ...plan.args]) });
  for (const [i, line] of credentialLines(plan.credentials).entries()) rows.push({ label: i === 0 ? 'secrets' : '', text: line });
  if (plan.failover.length > 0) rows.push({ label: 'failover', text: plan.failover.map((step) => `${step.profile} ${step.outcome}${step.codes.length > 0 ? ` (${step.codes.join(', ')})` : ''}`).join(', ') });
  const shown = plan.findings.filter((f) => f.level !== 'info');
  const notes = plan.findings.length - shown.length;
  for (const [i, finding] of shown.entries()) rows.push({ label: i === 0 ? 'findings' : '', text: '', finding });
  const more = notes === 0 ? '' : `${notes} note${notes === 1 ? '' : 's'}: cx explain --verbose shows ${notes === 1 ? 'it' : 'them'}, and every source consulted`;
  if (shown.length === 0) rows.push({ label: 'findings', text: more === '' ? 'none' : `none blocking; ${more}` });
  else if (more !== '') rows.push({ label: '', text: `+ ${more}` });
  return rows;
}

/**
 * The readable form (in the spirit of `direnv status`): by default a screenful that fits `width`
 * columns, `--verbose` the long form.
 */
export function explainText(plan: Plan, options: ExplainTextOptions = {}): string {
  const colour = options.colour ?? false;
  if (options.verbose) return explainVerbose(plan, colour);
  const width = options.width ?? 100;
  const lines = [headline(plan, colour)];
  for (const row of shortRows(plan)) {
    const label = row.label.padEnd(10);
    if (row.finding === undefined) {
      lines.push(...wrapText(label, printableLine(row.text), width, 10));
      continue;
    }
    // Wrapped as plain text, then the level word coloured: escape codes take no columns.
    const level = `${row.finding.level}:`;
    const wrapped = wrapText(label, `${level} ${findingBody(row.finding)}`, width, 10);
    wrapped[0] = `${label}${paint(colour, LEVEL_STYLE[row.finding.level], level)}${(wrapped[0] ?? '').slice(label.length + level.length)}`;
    lines.push(...wrapped);
  }
  return `${lines.join('\n')}\n`;
}

/** The text form as this run's stdout wants it: colour and width from the terminal and the environment. */
export function explainTextHere(plan: Plan, verbose: boolean, env: Readonly<Record<string, string | undefined>>): string {
  return explainText(plan, { verbose, ...stdoutStyle(env, 100) });
}
