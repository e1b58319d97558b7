// `cx shim install|uninstall [DIR] [--json]`: a `codex` on PATH that runs cx (IDEs, CI).
import { loadCommand } from '../cli/load-command.ts';
import { EXIT } from '../exit-status.ts';
import { SHIM_CANNOT_WRITE_STATUS as CANNOT_WRITE, SHIM_NONE_STATUS as NONE } from '../shim/statuses.ts';
import { type CxCommand, type CxCommandModule, JSON_OPTION, MAN_CX } from './command-module.ts';

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

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const SHIM_SYNOPSIS = [
  String.raw`.Cm shim
.Cm install | uninstall
.Op Ar DIR
.Op Fl -json`,
];

const SHIM_MAN = String.raw`.It Cm shim install Op Ar DIR
Write
.Ar DIR Ns Pa /codex ,
a small
.Xr sh 1
script that runs this
.Nm
with this
.Xr node 1 ,
both by absolute path, and passes its arguments exactly, for programs that run
.Ic codex
where a shell alias does not apply: editors and IDEs, CI jobs,
.Xr xargs 1 ,
.Xr make 1 .
The script carries the marker line
.Ql cx-shim: this codex runs cx ,
by which
.Nm
passes over it when it looks for the real codex, so the two never loop.
.Ar DIR
defaults to
.Pa ~/.local/bin
when it is on
.Ev PATH ,
else the first directory on
.Ev PATH
under the home directory that the user owns and can write and that holds no other
.Ic codex ;
with none,
.Nm
asks for
.Ar DIR .
An existing
.Ar DIR Ns Pa /codex
that is not a shim of
.Nm
is never overwritten:
.Nm
says what it is.
The shim is written atomically, mode 0755; installing again updates it in place.
.Ar DIR
must come before the directory of the real codex on
.Ev PATH
for the shim to take effect;
.Nm
warns when it does not, and when
.Ar DIR
is not on
.Ev PATH .
A shell that has already run codex may remember where it was: run
.Ic hash -r .
.It Cm shim uninstall Op Ar DIR
Remove
.Ar DIR Ns Pa /codex
if, and only if, it is a shim of
.Nm ;
without
.Ar DIR ,
every such shim in a directory on
.Ev PATH .
With
.Fl -json ,
install and uninstall print one object instead of their lines:
.Li schemaVersion , action , status , shims
.Pq Li path , outcome ,
.Li codex , warnings
and
.Li error .`;

export const shimCommand: CxCommand = {
  command: 'shim',
  describe: 'install|uninstall [DIR]: a `codex` on PATH that runs cx (IDEs, CI)',
  about: {
    bundle: 'cli/shim',
    options: { json: { brief: 'machine-readable result' } },
    positionals: [{ words: ['install', 'uninstall'] }, 'directory'],
    json: { schemaVersion: 1 },
    man: { synopsis: SHIM_SYNOPSIS, entries: SHIM_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(SHIM_USAGE)
      .command(verbModule('install', 'write DIR/codex, a shim that runs cx') as never)
      .command(verbModule('uninstall', 'remove the cx shim from DIR (default: from every directory on PATH)') as never)
      .demandCommand(1, 'cx shim needs install or uninstall')
      .epilogue(SHIM_EPILOGUE),
  handler: async () => {},
};
