// `cx completion bash|zsh|fish`: cx's own script (completions/cx.SHELL) together with the real
// codex's `codex completion SHELL`, which cx's script delegates every word it does not own to (so a
// newer codex's commands complete without a cx release). Were codex's part missing (no codex
// found), cx's script loads it from `cx __complete codex-script SHELL` at the first TAB instead.
// Any other shell codex knows (powershell, elvish) gets codex's own script.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CxError, isCxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';
import { codexCompletionScript, realCodexBin } from '../complete/codex-script.ts';
import { COMPLETION_SHELLS, type CompletionShell, isCompletionShell } from '../complete/values.ts';
import type { CommandContext } from './command-context.ts';

/** Where completions/ is: beside dist/ in the package (this file is dist/cli/completion.cjs once built). */
function completionsDir(): string {
  return join(__dirname, '..', '..', 'completions');
}

function ownScript(shell: CompletionShell): string {
  try {
    return readFileSync(join(completionsDir(), `cx.${shell}`), 'utf8');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CxError(`cx's completion script for ${shell} cannot be read (${why})`, EXIT.internal, 'reinstall cx');
  }
}

/**
 * The script to print: cx's part and codex's. For zsh, cx's `#compdef cx` must stay the first line
 * (compinit reads only that) and codex's functions must be defined before cx's part ends by calling
 * `_cx`, so codex's script goes right after that line.
 */
export function composeScript(shell: CompletionShell, own: string, codex: string | null): string {
  if (codex === null) return own;
  if (shell === 'zsh') {
    const firstLine = own.indexOf('\n') + 1;
    return `${own.slice(0, firstLine)}\n# ---- codex's own completion script (codex completion zsh) ----\n${codex}# ---- cx ----\n${own.slice(firstLine)}`;
  }
  return `${own}\n# ---- codex's own completion script (codex completion ${shell}) ----\n${codex}`;
}

/** codex's part, or null with a note on stderr (cx's script then loads it at the first TAB). */
function codexPart(shell: CompletionShell, context: CommandContext): string | null {
  let why: string;
  try {
    const script = codexCompletionScript(realCodexBin(context), shell, context.env);
    if (script.ok) return script.script;
    why = script.why;
  } catch (error) {
    if (!isCxError(error)) throw error;
    why = error.message;
  }
  process.stderr.write(`cx: codex's completions are not included (${why}); the script loads them at the first TAB once codex is found\n`);
  return null;
}

/** Another shell: codex's own script, as `codex completion SHELL` prints it. */
function handOver(shell: string, context: CommandContext): number {
  const result = spawnSync(realCodexBin(context), ['completion', shell], { env: context.env, stdio: 'inherit' });
  if (result.error) throw new CxError(`codex completion ${shell} could not be run (${result.error.message})`, EXIT.notExecutable);
  if (result.status !== null) return result.status;
  const { signals } = process.getBuiltinModule('node:os').constants;
  return 128 + (result.signal === null ? 0 : signals[result.signal]);
}

/** `cx completion SHELL` as yargs parsed it (src/commands/completion.ts); returns the exit status. */
export async function completionScript(shell: string, context: CommandContext): Promise<number> {
  if (!isCompletionShell(shell)) {
    if (!/^[a-z]{1,20}$/.test(shell)) throw new CxError('unknown shell (not shown)', EXIT.usage, `usage: cx completion ${COMPLETION_SHELLS.join('|')}`);
    return handOver(shell, context);
  }
  process.stdout.write(composeScript(shell, ownScript(shell), codexPart(shell, context)));
  return 0;
}
