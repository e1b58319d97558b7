// `cx profiles [--json]`: every profile codex can be given, the one selected here marked.
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommandModule, JSON_OPTION, MAN_CX } from './command-module.ts';

export const profilesCommand: CxCommandModule<{ json: boolean | undefined }> = {
  command: 'profiles',
  describe: 'list profiles, mark the one selected here',
  builder: (yargs) =>
    yargs
      .usage(`usage: cx profiles [--json]

Lists every profile codex can be given: $CODEX_HOME/NAME.config.toml files and legacy
[profiles.NAME] tables in config.toml, each with its provider, model and region. * marks the
profile selected in this directory; the last line says what selected it.`)
      .option('json', { ...JSON_OPTION, describe: '{schemaVersion, codexHome, selected {name, source, at, exists}, profiles [{name, kinds, file, provider, model, region, selected, ownLogin, error}]}' })
      .epilogue(`Exit status: 0; ${EXIT.config} when the selected profile does not exist or a profile cannot be used
(defined both as a file and as a legacy table, or unreadable).
${MAN_CX}`),
  handler: async ({ json, cx: { context } }) => {
    const { listProfiles } = await loadCommand('profiles');
    process.exitCode = listProfiles({ json: json === true }, context);
  },
};
