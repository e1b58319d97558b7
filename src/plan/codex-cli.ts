// What cx needs to know about codex's command line, checked against the codex range cx is tested with
// (and by the probes in test/codex-facts/, against each codex of that range)
// (`codex --help`, and the error `codex -p x doctor` prints, which lists the commands taking -p).

/** Root options that take a value, so the word after them is not a subcommand. */
export const ROOT_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '-c', '--config', '--enable', '--disable', '--remote', '--remote-auth-token-env', '-i', '--image',
  '-m', '--model', '--local-provider', '-p', '--profile', '-s', '--sandbox', '-C', '--cd',
  '--add-dir', '-a', '--ask-for-approval',
]);

/**
 * Subcommands that accept `-p` (placed before them, at the root). No subcommand (the TUI) does too,
 * and so does `agents` (the agent command center, a TUI), although codex's message leaves it out.
 * test/codex-facts/ checks both lists against each codex of the supported range.
 */
export const PROFILE_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'agents', 'exec', 'e', 'review', 'resume', 'queue', 'archive', 'delete', 'unarchive', 'fork', 'mcp',
  'migrate-nfs-db', 'sandbox',
]);

/** Subcommands that exit 1 when given `-p`. `debug prompt-input` is the one `debug` command that takes it. */
export const NO_PROFILE_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'login', 'logout', 'plugin', 'app-server', 'remote-control', 'completion', 'update',
  'doctor', 'debug', 'apply', 'a', 'migrate-rollouts', 'cloud', 'exec-server', 'features', 'help',
]);

/**
 * Options that make codex a client of a remote app server (codex 0.171: the root, for the TUI and
 * its subcommands, and `exec`, `exec resume`, `exec review`, `resume`, `fork`). Such a run is
 * configured on the server: codex refuses `-p`, `-c`, `-m` and `--enable` with them (exit 1).
 */
export const REMOTE_OPTIONS: readonly string[] = ['--remote', '--remote-auth-token-env'];

/** Subcommands that run a model (and no subcommand: the TUI), so need credentials and the compatibility check. */
export const MODEL_SUBCOMMANDS: ReadonlySet<string> = new Set(['exec', 'e', 'review', 'resume', 'fork']);
