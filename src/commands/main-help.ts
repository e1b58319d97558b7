// The main help (`cx --cx-help`): yargs prints this usage, then the command list it builds from the
// command modules (src/commands/index.ts), then the cx options, then this epilogue.
import { EXIT } from '../exit-status.ts';

export const MAIN_USAGE = `cx — a launcher for the OpenAI Codex CLI

  cx [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]   run codex with CODEX ARGS, untouched
  cx -- ARGS ...                                     pass ARGS to codex exactly, even cx's words

cx's commands are the first argument only; \`cx COMMAND --help\` shows the help of each.`;

/** The `--cx-…` options (split-argv.ts parses them), as the main help shows them. */
export const CX_OPTION_HELP: readonly (readonly [string, string])[] = [
  ['cx-dry-run', 'do what `cx explain` does: show the plan, launch nothing'],
  ['cx-force', 'launch despite blocking findings (and say so)'],
  ['cx-strict', 'refuse, rather than warn: an untrusted .cxrc selection, an unknown safety key, an unverified model check (also CX_STRICT=1)'],
  ['cx-version', "print cx's version"],
  ['cx-help', 'print this help'],
];

export const MAIN_EPILOGUE = `cx claims only a command word above as the first argument, a leading +PROFILE, --cx- options
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
See man cx (commands, selection, credentials, compatibility) and man cxrc (the file formats).`;
