// `cx completion bash|zsh|fish`: a completion script (cx's own words and codex's).
import { loadCommand } from '../cli/load-command.ts';
import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { type CxCommandModule, MAN_CX, usageHint } from './command-module.ts';

export const completionCommand: CxCommandModule<{ SHELL: string | undefined }> = {
  command: 'completion [SHELL]',
  describe: 'print a completion script (bash, zsh, fish)',
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
