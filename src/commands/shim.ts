// `cx shim install|uninstall [DIR] [--json]`: a `codex` on PATH that runs cx (IDEs, CI).
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { SHIM_CANNOT_WRITE_STATUS as CANNOT_WRITE, SHIM_NONE_STATUS as NONE } from '../shim/statuses.ts';
import { type CxCommandModule, JSON_OPTION, MAN_CX } from './command-module.ts';

const SHIM_USAGE = `usage: cx shim install [DIR] [--json]
       cx shim uninstall [DIR] [--json]

install writes DIR/codex: a tiny sh script that runs this cx with this node, by absolute path,
passing its arguments exactly. It is for programs that run \`codex\` where a shell alias does not
apply (editors and IDEs, CI jobs, xargs, make). cx knows the shim by the marker line it carries
and passes over it when it looks for the real codex, so the two never loop.`;

const SHIM_EPILOGUE = `DIR defaults to ~/.local/bin when it is on PATH, else the first directory on PATH under your
home that you own and can write and that holds no other codex. DIR must come before the real
codex's directory on PATH to take effect; cx says so when it does not, and when DIR is not on PATH.

An existing DIR/codex that is not a cx shim is never overwritten (cx says what it is). Installing
again updates the shim in place. The file is mode 0755 and is replaced atomically.
uninstall removes DIR/codex only when it is a cx shim; without DIR, every cx shim in a
directory on PATH.
Exit status: 0; ${EXIT.usage} usage, or no directory to choose (name one); ${NONE} uninstall found no cx shim;
${CANNOT_WRITE} DIR/codex is not a cx shim, or DIR cannot be written.
${MAN_CX}`;

type ShimVerb = 'install' | 'uninstall';

function verbModule(verb: ShimVerb, describe: string): CxCommandModule<{ DIR: string | undefined; json: boolean | undefined }> {
  return {
    command: `${verb} [DIR]`,
    describe,
    builder: (yargs) =>
      yargs
        .usage(SHIM_USAGE)
        .positional('DIR', { type: 'string', describe: 'where the shim is (see below)' })
        .option('json', { ...JSON_OPTION, describe: '{schemaVersion, action, shims [{path, outcome}], codex, warnings}' })
        .epilogue(SHIM_EPILOGUE),
    handler: async ({ DIR, json, cx: { context } }) => {
      const { runShim } = await loadCommand('shim');
      process.exitCode = await runShim({ verb, dir: DIR ?? null, json: json === true }, context);
    },
  };
}

export const shimCommand: CxCommandModule = {
  command: 'shim',
  describe: 'install|uninstall [DIR]: a `codex` on PATH that runs cx (IDEs, CI)',
  builder: (yargs) =>
    yargs
      .usage(SHIM_USAGE)
      .command(verbModule('install', 'write DIR/codex, a shim that runs cx') as never)
      .command(verbModule('uninstall', 'remove the cx shim from DIR (default: from every directory on PATH)') as never)
      .demandCommand(1, 'cx shim needs install or uninstall')
      .epilogue(SHIM_EPILOGUE),
  handler: async () => {},
};
