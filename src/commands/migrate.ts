// `cx migrate [--write] [--json]`: legacy [profiles.NAME] tables -> $CODEX_HOME/NAME.config.toml.
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommandModule, JSON_OPTION, MAN_CX } from './command-module.ts';

export const migrateCommand: CxCommandModule<{ write: boolean | undefined; json: boolean | undefined }> = {
  command: 'migrate',
  describe: 'legacy [profiles.*] tables -> NAME.config.toml',
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
