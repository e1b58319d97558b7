// `cx completion bash|zsh|fish`: a completion script (cx's own words and codex's).
import { loadCommand } from '../cli/load-command.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommand, MAN_CX, usageHint } from './command-module.ts';

/** man cx: this command's forms (SYNOPSIS) and entries (COMMANDS), in mdoc. */
const COMPLETION_SYNOPSIS = [
  String.raw`.Cm completion
.Cm bash | zsh | fish`,
];

const COMPLETION_MAN = String.raw`.It Cm completion Cm bash | zsh | fish
Print a completion script: the words of
.Nm ,
profile names after
.Cm + ,
.Fl p
and
.Fl -profile ,
the names stored with
.Cm secret ,
and everything codex completes itself, taken from the real codex's
.Ql codex completion SHELL .
Another shell that codex supports gets codex's own script.`;

export const completionCommand: CxCommand<{ SHELL: string | undefined }> = {
  command: 'completion [SHELL]',
  describe: 'print a completion script (bash, zsh, fish)',
  about: {
    bundle: 'cli/completion',
    options: {},
    positionals: [{ words: ['bash', 'zsh', 'fish'] }, 'none'],
    json: null,
    man: { synopsis: COMPLETION_SYNOPSIS, entries: COMPLETION_MAN },
  },
  builder: (yargs) =>
    yargs
      .usage(`usage: cx completion bash|zsh|fish

Prints a completion script for cx: cx's own words, profile names after + / -p / --profile, names
stored by cx secret, and everything codex completes itself (taken from the real codex's
\`codex completion SHELL\`). Other shells codex supports (e.g. powershell) get codex's own script.

  bash  source <(cx completion bash)             (in ~/.bashrc), or save it as
        ~/.local/share/bash-completion/completions/cx
  zsh   cx completion zsh > DIR/_cx               (DIR on $fpath, before compinit)
  fish  cx completion fish > ~/.config/fish/completions/cx.fish`)
      .positional('SHELL', { type: 'string', describe: 'bash, zsh or fish (another shell codex knows gets codex\'s own script)' })
      .epilogue(MAN_CX),
  handler: async ({ SHELL, cx: { context } }) => {
    if (SHELL === undefined) throw new CxError('cx completion needs a shell: bash, zsh or fish', EXIT.usage, usageHint('completion'));
    const { completionScript } = await loadCommand('completion');
    process.exitCode = await completionScript(SHELL, context);
  },
};
