import { CX_OPTIONS } from './split-argv.ts';

export const CX_HELP = `cx — a launcher for the OpenAI Codex CLI

  cx [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]   launch codex
  cx explain [--json] [+PROFILE] [CODEX ARGS ...]    show the plan for this run; launch nothing
  cx profiles [--json]                               list profiles, mark the one selected here
  cx trust [FILE] / cx untrust [FILE]                trust a .cxrc (default: the one in effect here)
  cx migrate [--write]                               legacy [profiles.*] tables -> NAME.config.toml
  cx secret set|get|rm|ls [NAME] [--profile P]       credentials kept in the OS keyring
  cx -- ARGS ...                                     pass ARGS to codex untouched

cx claims only a first-argument command word, a leading +PROFILE, --cx- options before codex's
arguments, and a leading --. Everything else goes to codex byte for byte: \`cx --help\` is codex's help.

Profile, highest first: -p in the arguments, +PROFILE, CX_PROFILE, CODEX_PROFILE, a trusted .cxrc,
the first matching [[rules]] entry in cx's config, default_profile, none.

cx options: ${CX_OPTIONS.join(', ')}
Environment: CODEX_HOME, CX_PROFILE, CODEX_PROFILE, CX_CODEX_BIN, CX_CONFIG, CX_STRICT,
XDG_CONFIG_HOME, XDG_STATE_HOME
Exit status: codex's own when it ran; 64 usage, 69 blocked (credentials, SSO, region; --cx-force),
74 keyring unusable, 77 refused by a .cxrc, 78 bad config or unknown profile, 125 codex leads back to cx, 126 codex not executable, 127 codex not found, 70 internal error.
See man cx.
`;
