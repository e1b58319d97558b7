// cx's own help: `cx --cx-help` (CX_HELP) and `cx COMMAND --help` (helpText). Not on the launch
// path: loaded only when asked for. `cx --help` is not here: it is codex's.
import { EXIT } from '../exit-status.ts';
import type { loadCommand } from './load-command.ts';
import { DOCTOR_HELP, EXPLAIN_HELP, MAN_CX, PROFILES_HELP, SHIM_HELP, TRUST_HELP } from './help-commands.ts';
import type { CxInvocation } from './split-argv.ts';

export const CX_HELP = `cx — a launcher for the OpenAI Codex CLI

  cx [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]   run codex with CODEX ARGS, untouched
  cx -- ARGS ...                                     pass ARGS to codex exactly, even cx's words

cx's commands (the first argument only; \`cx COMMAND --help\` for each):
  cx explain [--json] [+PROFILE] [CODEX ARGS ...]    show the plan for this run; launch nothing
  cx doctor [--json] [--cx-only] [+PROFILE]          cx's checks, then \`codex doctor\`
  cx profiles [--json]                               list profiles, mark the one selected here
  cx trust [FILE] / cx untrust [FILE]                trust a .cxrc (default: the one in effect here)
  cx secret set|get|rm|ls [NAME] [--profile P]       credentials kept in the OS keyring
  cx completion bash|zsh|fish                        print a completion script
  cx migrate [--write]                               legacy [profiles.*] tables -> NAME.config.toml
  cx shim install|uninstall [DIR]                    a \`codex\` on PATH that runs cx (IDEs, CI)
  cx status [+PROFILE] [--json] [--prompt]           profile, provider, model, credentials ready?
  cx init [NAME] [--provider P ...] [--json]         write a first profile (asks in a terminal)

cx options (before codex's arguments):
  --cx-dry-run   do what \`cx explain\` does: show the plan, launch nothing
  --cx-force     launch despite blocking findings (and say so)
  --cx-strict    refuse, rather than warn: an untrusted .cxrc selection, an unknown safety key, an
                 unverified model check (also CX_STRICT=1)
  --cx-version   print cx's version
  --cx-help      print this help

cx claims only a command word above as the first argument, a leading +PROFILE, --cx- options
before codex's arguments, and a leading --. Every other word goes to codex byte for byte and in
order: \`cx --help\` and \`cx --version\` are codex's own, \`cx exec --help\` is codex's help for exec.

Profile, highest first: -p in the arguments, +PROFILE, CX_PROFILE, CODEX_PROFILE, a trusted .cxrc,
the first matching [[rules]] entry in cx's config, default_profile, none.

Environment: CODEX_HOME, CX_PROFILE, CODEX_PROFILE, CX_CODEX_BIN, CX_CONFIG, CX_STRICT,
CX_KEYRING_TIMEOUT_MS, CX_DOCTOR_TIMEOUT_MS, CX_DEBUG, XDG_CONFIG_HOME, XDG_STATE_HOME, NO_COLOR
Exit status: codex's own when it ran; else ${EXIT.usage} usage, ${EXIT.blocked} blocked (credentials, SSO, region,
an unsupported feature; --cx-force launches anyway), ${EXIT.internal} internal error, ${EXIT.keyring} keyring unusable,
${EXIT.cantCreate} trust store not writable, ${EXIT.denied} refused by a .cxrc, ${EXIT.config} bad config or unknown profile,
${EXIT.recursion} codex leads back to cx, ${EXIT.notExecutable} codex not executable, ${EXIT.notFound} codex not found.
See man cx (commands, selection, credentials, compatibility) and man cxrc (the file formats).
`;

const OWN_HELP: Readonly<Record<Exclude<CxInvocation['command'], 'secret' | 'migrate' | 'completion' | 'status' | 'init'>, string>> = {
  launch: CX_HELP,
  __complete: CX_HELP,
  explain: EXPLAIN_HELP,
  doctor: DOCTOR_HELP,
  profiles: PROFILES_HELP,
  trust: TRUST_HELP,
  untrust: TRUST_HELP,
  shim: SHIM_HELP,
};

/**
 * The help for a cx command (`launch`: the main help). secret, migrate and completion keep theirs
 * beside their parsers; `load` is main's loader (only it knows where the bundles are).
 */
export async function helpText(command: CxInvocation['command'], load: typeof loadCommand): Promise<string> {
  if (command === 'secret') return `${(await load('secret')).SECRET_HELP}${MAN_CX}`;
  if (command === 'migrate') return `${(await load('migrate')).MIGRATE_HELP}${MAN_CX}`;
  if (command === 'status') return (await load('status')).STATUS_HELP;
  if (command === 'init') return (await load('init')).INIT_HELP;
  if (command === 'completion') return `${(await load('completion')).COMPLETION_HELP}${MAN_CX}`;
  return OWN_HELP[command];
}
