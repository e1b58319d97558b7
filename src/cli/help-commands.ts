// `cx COMMAND --help`: one short text per cx command, each read off the command's own parser (what
// it really accepts), ending with the man page to read next. secret, migrate and completion keep
// their help beside their parsers (secret.ts, migrate.ts, completion.ts); help.ts adds the pointer.
import { EXIT } from '../exit-status.ts';

export const MAN_CX = 'See man cx.\n';
export const MAN_CXRC = 'See man cxrc for the .cxrc format, and man cx.\n';

export const EXPLAIN_HELP = `usage: cx explain [--json] [--verbose] [+PROFILE] [--cx-OPTION ...] [CODEX ARGS ...]

Shows what \`cx [+PROFILE] [CODEX ARGS ...]\` would do here, and why, and launches nothing, in a
screenful that fits the terminal (at most 100 columns): the verdict, the profile and what selected
it, provider and model, the command, the credentials (names, where they come from and how codex
gets them, never values), and the errors and warnings. \`cx --cx-dry-run ...\` does the same.
Coloured on a terminal (NO_COLOR turns it off, FORCE_COLOR forces it).

  --verbose every source consulted (and why each decided or passed), where codex was found, every
            .cxrc, the environment variables added or removed, and every finding
  --json    one JSON object: schemaVersion, profile, provider, model, credentials, findings,
            failover, command, env, launch, and cx's details (codex, selection, cxrc, settings)

Arguments after the prefix are read as codex would get them: \`cx explain exec --help\` explains
a run of \`codex exec --help\`.
Exit status: 0 when the run would launch, else the status the launch would exit with.
${MAN_CX}`;

export const DOCTOR_HELP = `usage: cx doctor [--json] [--cx-only] [+PROFILE] [-- CODEX ARGS ...]

Runs cx's own checks, then codex's own \`codex doctor --json\`, and lists them one line per check
(ok, WARN, FAIL, skip), cx's first: which codex is found and its version; whether every
configuration file parses (codex's config.toml, every profile file in $CODEX_HOME, cx's config,
the .cxrc here; a malformed one fails naming file and line, and the other checks still run); the
profiles; what is selected here and why; the trust state of the .cxrc; each credential source
(the keyring answers, the AWS SSO login behind a Bedrock profile, $CODEX_HOME/.env permissions);
the credentials the plan found (names and sources, never values); the model against the
provider's own list (GET {base_url}/models with the bearer key codex would send, at most 5 s;
skipped where that needs AWS signing, a token command or a ChatGPT login); the plan's findings.

  +PROFILE        check that profile instead of the one selected here
  --json          one JSON object: {schemaVersion, overallStatus, checks: {"cx.ID": {...},
                  "codex.ID": {...}}, codex: {ran, exitCode, overallStatus, version}}; each check
                  has id, category, status (ok|warning|fail|skipped), summary, remediation, details
  --cx-only       run no codex at all (no --version, no \`codex doctor\`)
  -- CODEX ARGS   check the plan for these codex arguments (default: codex's TUI)

codex doctor refuses -p, so cx gives it the selected profile's settings as -c overrides.
CX_DOCTOR_TIMEOUT_MS bounds each codex run (default 30000 ms; --version at most 5000 ms);
CX_KEYRING_TIMEOUT_MS bounds the keyring probe. \`cx -- doctor\` runs codex's doctor alone.
Exit status is a report, not a refusal: 0 when no check failed, 1 when any did (warnings do not
count); ${EXIT.usage} for a bad argument.
${MAN_CX}`;

export const PROFILES_HELP = `usage: cx profiles [--json]

Lists every profile codex can be given: $CODEX_HOME/NAME.config.toml files and legacy
[profiles.NAME] tables in config.toml, each with its provider, model and region. * marks the
profile selected in this directory; the last line says what selected it.

  --json    {schemaVersion, codexHome, selected {name, source, at, exists},
            profiles [{name, kinds, file, provider, model, region, selected, error}]}

Exit status: 0; ${EXIT.config} when the selected profile does not exist or a profile cannot be used
(defined both as a file and as a legacy table, or unreadable).
${MAN_CX}`;

export const TRUST_HELP = `usage: cx trust [FILE]
       cx untrust [FILE]

trust records that you have read this .cxrc and accept its selection (\`profile = ...\`): from
then on it applies, for this exact content at this path. Editing or moving the file revokes the
trust by itself; untrust revokes it now. FILE defaults to the nearest .cxrc walking up from the
working directory. In a terminal, cx also offers to trust an untrusted .cxrc when it meets one.

Restrictions ([require]) apply whether or not the file is trusted: trust only widens.
Records are one file each under $XDG_STATE_HOME/cx/trust/ (default ~/.local/state/cx/trust/).
Exit status: 0; ${EXIT.usage} no .cxrc here or above (name one), or more than one FILE; ${EXIT.config} FILE cannot be
read or is malformed.
${MAN_CXRC}`;

export const SHIM_HELP = `usage: cx shim install [DIR]
       cx shim uninstall [DIR]

install writes DIR/codex: a tiny sh script that runs this cx with this node, by absolute path,
passing its arguments exactly. It is for programs that run \`codex\` where a shell alias does not
apply (editors and IDEs, CI jobs, xargs, make). cx knows the shim by the marker line it carries
and passes over it when it looks for the real codex, so the two never loop.

  DIR   default: ~/.local/bin when it is on PATH, else the first directory on PATH under your
        home that you own and can write and that holds no other codex. DIR must come before
        the real codex's directory on PATH to take effect; cx says so when it does not, and
        when DIR is not on PATH.

An existing DIR/codex that is not a cx shim is never overwritten (cx says what it is). Installing
again updates the shim in place. The file is mode 0755 and is replaced atomically.
uninstall removes DIR/codex only when it is a cx shim; without DIR, every cx shim in a
directory on PATH.
Exit status: 0; ${EXIT.usage} usage, or no directory to choose (name one); 66 uninstall found no cx shim;
73 DIR/codex is not a cx shim, or DIR cannot be written.
${MAN_CX}`;
