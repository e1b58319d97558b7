// How `cx status` prints its report: three lines of text, or one JSON object. Pure.
import { printableLine } from '../cli/printable.ts';
import type { Credential } from '../credentials/resolve-credentials.ts';
import type { ProfileSource } from '../select/select-profile.ts';
import type { StatusReport } from './status-report.ts';

/** Why the profile was chosen, when no file and line says it better. */
const WHY: Readonly<Record<ProfileSource, string>> = {
  flag: '-p in the arguments',
  plus: '+PROFILE',
  'env:CX_PROFILE': 'CX_PROFILE',
  'env:CODEX_PROFILE': 'CODEX_PROFILE',
  cxrc: '.cxrc',
  rule: 'a rule',
  default: 'default_profile',
  fallback: 'a fallback',
  none: 'nothing',
};

/** The name and where it really comes from (credentials/credential-origin.ts), never a value. */
function credentialText(c: Credential): string {
  if (c.source === 'chatgpt-login') return 'ChatGPT login';
  return c.origin.kind === 'token-command' ? c.from : `${c.name} from ${c.from}`;
}

function profileLine(report: StatusReport): string {
  const { profile, provider, model } = report;
  const own = profile.ownLogin ? ', with its own login' : '';
  const who = profile.name === null ? "no profile (codex's own config)" : `profile ${profile.name} (from ${profile.at ?? WHY[profile.source]}${own})`;
  const region = provider.region === null ? '' : `, region ${provider.region}`;
  return `${who}: ${provider.id}, model ${model ?? "codex's default"}${region}`;
}

function credentialsLine(report: StatusReport): string {
  const { credentials } = report;
  // A credential from an SSO session names the session and its expiry already.
  const sso = credentials.sso === null || credentials.found.some((c) => c.origin.kind === 'aws-sso') ? '' : `; ${credentials.sso.summary}`;
  if (credentials.ready === null) return `credentials not looked up: cx would not launch here (exit ${report.exitStatus})`;
  if (credentials.ready) {
    // A token command the credentials stage ran is among `found` already, named with its expiry.
    const token = credentials.tokenCommand === null || credentials.found.some((c) => c.origin.kind === 'token-command') ? [] : [`a token from \`${credentials.tokenCommand}\` (the provider's auth.command, run by codex)`];
    const all = [...credentials.found.map(credentialText), ...token];
    const found = all.length === 0 ? 'none needed' : all.join(', ');
    return `credentials ready: ${found}${sso}`;
  }
  const problem = credentials.problems[0];
  const why = problem === undefined ? 'not found' : `${problem.message}${problem.fix === null ? '' : ` (fix: ${problem.fix})`}`;
  return `credentials NOT ready: ${why}`;
}

function codexLine(report: StatusReport): string {
  const { codex } = report;
  const which = codex.bin === null ? 'codex not found' : `codex ${codex.version ?? `(version unknown: ${codex.problem ?? 'no answer'})`} at ${codex.bin}`;
  return report.launch ? which : `${which}; cx would not launch here (exit ${report.exitStatus}; \`cx explain\` says why)`;
}

export function statusText(report: StatusReport): string {
  return `${[profileLine(report), credentialsLine(report), codexLine(report)].map(printableLine).join('\n')}\n`;
}

/** One object, schemaVersion first (the convention of every cx command that prints information). */
export function statusJson(report: StatusReport): string {
  const { exitStatus: _, ...rest } = report;
  return `${JSON.stringify({ schemaVersion: 1, ...rest }, null, 2)}\n`;
}
