// `cx trust [FILE]`, `cx trust --list [--json]`, `cx trust --prune`, and `cx untrust [FILE]`.
import { loadCommand } from '../cli/load-command.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommandModule, JSON_OPTION, MAN_CXRC } from './command-module.ts';

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

export const trustCommand: CxCommandModule<TrustOptions> = {
  command: 'trust [FILE]',
  describe: 'trust a .cxrc (default: the one in effect here); --list, --prune',
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

export const untrustCommand: CxCommandModule<{ FILE: string | undefined }> = {
  command: 'untrust [FILE]',
  describe: 'stop trusting a .cxrc (every record of it, earlier contents too)',
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
