// `cx trust [FILE]`, `cx trust --list [--json]`, `cx trust --prune`, and `cx untrust [FILE]`.
import { loadCommand } from '../cli/load-command.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommand, JSON_OPTION, MAN_CXRC } from './command-module.ts';

const TRUST_USAGE = `usage: cx trust [FILE]
       cx trust --list [--json] | --prune
       cx untrust [FILE]`;

const TRUST_TEXT = `trust records that you have read this .cxrc and accept its selection (\`profile = ...\`): from
then on it applies, for this exact content at this path. Editing or moving the file revokes the
trust by itself; untrust revokes it now (the records of the file's earlier contents too). FILE
defaults to the nearest .cxrc walking up from the working directory. In a terminal, cx also offers
to trust an untrusted .cxrc when it meets one.`;

const TRUST_EPILOGUE = `Restrictions ([require]) apply whether or not the file is trusted: trust only widens.
Records are one file each under $XDG_STATE_HOME/cx/trust/ (default ~/.local/state/cx/trust/).
Exit status: 0; ${EXIT.usage} no .cxrc here or above (name one), or more than one FILE; ${EXIT.config} FILE cannot be
read or is malformed; ${EXIT.cantCreate} the trust store cannot be written or relied on.
${MAN_CXRC}`;

interface TrustOptions {
  FILE: string | undefined;
  list: boolean | undefined;
  prune: boolean | undefined;
  json: boolean | undefined;
}

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const TRUST_SYNOPSIS = [
  String.raw`.Cm trust
.Op Ar FILE`,
  String.raw`.Cm trust
.Fl -list Op Fl -json | Fl -prune Op Fl -json`,
];

const TRUST_MAN = String.raw`.It Cm trust Op Ar FILE
Trust the exact content of a
.Pa .cxrc
at its path, so that its selection applies (see
.Sx TRUST ) .
.Ar FILE
defaults to the nearest
.Pa .cxrc
walking up from the working directory.
.It Cm trust Fl -list Op Fl -json
List every trust record: the file, when it was trusted, and whether the file still has the
trusted content
.Pq Li matches , changed , gone .
Paths are shown with terminal controls escaped.
With
.Fl -json ,
one object:
.Li schemaVersion , store
and
.Li records
.Pq Li file , trustedAt , state , matches .
.It Cm trust Fl -prune Op Fl -json
Forget the records whose file is gone or no longer has the trusted content, and say how many.
With
.Fl -json ,
one object:
.Li schemaVersion
and
.Li pruned
.Pq Li file , trustedAt , state .`;

export const trustCommand: CxCommand<TrustOptions> = {
  command: 'trust [FILE]',
  describe: 'trust a .cxrc (default: the one in effect here); --list, --prune',
  about: {
    bundle: 'cli/trust',
    options: { list: { brief: 'list the trust records' }, prune: { brief: 'forget stale records' }, json: { brief: 'with --list or --prune: JSON' } },
    positionals: ['file'],
    json: { schemaVersion: 1 },
    man: { synopsis: TRUST_SYNOPSIS, entries: TRUST_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(`${TRUST_USAGE}\n\n${TRUST_TEXT}`)
      .positional('FILE', { type: 'string', describe: 'the .cxrc to trust (default: the nearest one here or above)' })
      .option('list', { type: 'boolean', describe: 'list every trust record: file, trusted when, whether the file still matches' })
      .option('prune', { type: 'boolean', describe: 'forget the records whose file is gone or changed; says how many' })
      .option('json', { ...JSON_OPTION, describe: 'with --list: {schemaVersion, store, records [{file, trustedAt, state}]}' })
      .conflicts('list', 'prune')
      .epilogue(TRUST_EPILOGUE),
  handler: async ({ FILE, list, prune, json, cx: { context } }) => {
    const trust = await loadCommand('trust');
    if (list === true || prune === true) {
      if (FILE !== undefined) throw new CxError(`cx trust --${list === true ? 'list' : 'prune'} takes no FILE`, EXIT.usage, 'cx trust --list [--json] | --prune');
      process.exitCode = list === true ? trust.listTrust({ json: json === true }, context.env) : trust.pruneTrust({ json: json === true }, context.env);
      return;
    }
    if (json === true) throw new CxError('cx trust --json goes with --list or --prune', EXIT.usage, 'cx trust --list --json');
    process.exitCode = trust.trustFile(FILE, context.env, context.cwd, true);
  },
};

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const UNTRUST_SYNOPSIS = [
  String.raw`.Cm untrust
.Op Ar FILE`,
];

const UNTRUST_MAN = String.raw`.It Cm untrust Op Ar FILE
Revoke that trust, and forget the records of the file's earlier contents too (so reverting
an edit does not bring an old trust back).`;

export const untrustCommand: CxCommand<{ FILE: string | undefined }> = {
  command: 'untrust [FILE]',
  describe: 'stop trusting a .cxrc (every record of it, earlier contents too)',
  about: {
    bundle: 'cli/trust',
    options: {},
    positionals: ['file'],
    json: null,
    man: { synopsis: UNTRUST_SYNOPSIS, entries: UNTRUST_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(`${TRUST_USAGE}\n\n${TRUST_TEXT}`)
      .positional('FILE', { type: 'string', describe: 'the .cxrc to stop trusting (default: the nearest one here or above)' })
      .epilogue(TRUST_EPILOGUE),
  handler: async ({ FILE, cx: { context } }) => {
    const { trustFile } = await loadCommand('trust');
    process.exitCode = trustFile(FILE, context.env, context.cwd, false);
  },
};
