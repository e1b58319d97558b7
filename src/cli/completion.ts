// `cx completion bash|zsh|fish`: cx's own script (completions/cx.SHELL) together with the real
// codex's `codex completion SHELL`, which cx's script delegates every word it does not own to (so a
// newer codex's commands complete without a cx release). Were codex's part missing (no codex
// found), cx's script loads it from `cx __complete codex-script SHELL` at the first TAB instead.
// Any other shell codex knows (powershell, elvish) gets codex's own script.
import { importEsm } from '../import-esm.ts';
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
async function codexPart(shell: CompletionShell, context: CommandContext): Promise<string | null> {
  let why: string;
  try {
    const script = await codexCompletionScript(realCodexBin(context), shell, context.env);
    if (script.ok) return script.script;
    why = script.why;
  } catch (error) {
    if (!isCxError(error)) throw error;
    why = error.message;
  }
  process.stderr.write(`cx: codex's completions are not included (${why}); the script loads them at the first TAB once codex is found\n`);
  return null;
}

/** Another shell: codex's own script, as `codex completion SHELL` prints it (through execa, on cx's own stdout). */
async function handOver(shell: string, context: CommandContext): Promise<number> {
  const { execa } = await importEsm('execa');
  const result = await execa(realCodexBin(context), ['completion', shell], { env: { ...context.env }, extendEnv: false, stdio: 'inherit', reject: false });
  if (result.failed && result.exitCode === undefined && result.signal === undefined) {
    throw new CxError(`codex completion ${shell} could not be run (${result.code ?? 'unknown error'})`, EXIT.notExecutable);
  }
  if (result.exitCode !== undefined) return result.exitCode;
  const { signals } = process.getBuiltinModule('node:os').constants;
  return 128 + (result.signal === undefined ? 0 : signals[result.signal]);
}

/** `cx completion SHELL` as yargs parsed it (src/commands/completion.ts); returns the exit status. */
export async function completionScript(shell: string, context: CommandContext): Promise<number> {
  if (!isCompletionShell(shell)) {
    if (!/^[a-z]{1,20}$/.test(shell)) throw new CxError('unknown shell (not shown)', EXIT.usage, `usage: cx completion ${COMPLETION_SHELLS.join('|')}`);
    return await handOver(shell, context);
  }
  process.stdout.write(composeScript(shell, ownScript(shell), await codexPart(shell, context)));
  return 0;
}
