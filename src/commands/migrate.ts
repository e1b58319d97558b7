// `cx migrate [--write] [--json]`: legacy [profiles.NAME] tables -> $CODEX_HOME/NAME.config.toml.
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommand, JSON_OPTION, MAN_CX } from './command-module.ts';

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const MIGRATE_SYNOPSIS = [
  String.raw`.Cm migrate
.Op Fl -write
.Op Fl -json`,
];

const MIGRATE_MAN = String.raw`.It Cm migrate Op Fl -write
Show, then with
.Fl -write
do: move each legacy
.Li [profiles.NAME]
table of
.Pa $CODEX_HOME/config.toml
into
.Pa $CODEX_HOME/ Ns Ar NAME Ns Pa .config.toml
(mode 0600; an existing file is never overwritten), and remove a top-level
.Li profile
key, which codex 0.169 refuses.
.Pa config.toml
is backed up first, as
.Pa config.toml.cx-backup- Ns Ar TIMESTAMP .
Exits 78 when a table had to be left for you to move by hand.
With
.Fl -json ,
one object instead of the text:
.Li schemaVersion , configPath , written , migrated
.Pq Li name , at , target , movedProviders , warnings ,
.Li left
.Pq Li name , at , message ,
.Li profileKey
and
.Li backup .`;

export const migrateCommand: CxCommand<{ write: boolean | undefined; json: boolean | undefined }> = {
  command: 'migrate',
  describe: 'legacy [profiles.*] tables -> NAME.config.toml',
  about: {
    bundle: 'cli/migrate',
    options: { write: { brief: 'write the profile files' }, json: { brief: 'machine-readable result' } },
    json: { schemaVersion: 1 },
    man: { synopsis: MIGRATE_SYNOPSIS, entries: MIGRATE_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(`usage: cx migrate [--write] [--json]

Moves legacy [profiles.NAME] tables out of $CODEX_HOME/config.toml into profile files,
$CODEX_HOME/NAME.config.toml, which is what codex 0.169 reads for \`-p NAME\` (it refuses
\`-p NAME\` while the legacy table exists). Also removes a top-level \`profile = "…"\`, which
codex 0.169 refuses on every run.

Without --write, shows what it would write and remove, and changes nothing.
With --write, backs up config.toml (config.toml.cx-backup-TIMESTAMP), creates each profile
file (mode 0600; an existing file is never overwritten: that profile stays in config.toml),
then rewrites config.toml without the moved tables, keeping everything else as written.`)
      .option('write', { type: 'boolean', describe: 'write the profile files and rewrite config.toml (with a backup)' })
      .option('json', { ...JSON_OPTION, describe: '{schemaVersion, configPath, written, migrated [{name, at, target}], left [{name, at, message}], backup}' })
      .epilogue(`Exit status: 0, or ${EXIT.config} when --write left a profile in config.toml for you to move by hand.
${MAN_CX}`),
  handler: async ({ write, json, cx: { context } }) => {
    const { runMigrate } = await loadCommand('migrate');
    process.exitCode = runMigrate({ write: write === true, json: json === true }, context.env);
  },
};
