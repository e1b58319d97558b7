// `cx profiles [--json]`: every profile codex can be given, the one selected here marked.
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommand, JSON_OPTION, MAN_CX } from './command-module.ts';

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const PROFILES_SYNOPSIS = [
  String.raw`.Cm profiles
.Op Fl -json`,
];

const PROFILES_MAN = String.raw`.It Cm profiles Op Fl -json
List every profile codex can be given \(em
.Pa $CODEX_HOME/ Ns Ar NAME Ns Pa .config.toml
files and legacy
.Li [profiles.NAME]
tables in
.Pa config.toml
\(em with provider, model and region, and mark with
.Ql *
the one selected in the working directory.
Exits 78 when the selected profile does not exist or a profile cannot be used.
With
.Fl -json ,
one object:
.Li schemaVersion , codexHome , selected
.Pq Li name , source , at , exists
and
.Li profiles ;
.Li ownLogin
says which have a login of their own
.Pq Cm login ,
shown as
.Ql [own login]
in the text.`;

export const profilesCommand: CxCommand<{ json: boolean | undefined }> = {
  command: 'profiles',
  describe: 'list profiles, mark the one selected here',
  about: {
    bundle: 'cli/profiles',
    options: { json: { brief: 'machine-readable list' } },
    json: { schemaVersion: 1 },
    man: { synopsis: PROFILES_SYNOPSIS, entries: PROFILES_MAN },
  },
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
