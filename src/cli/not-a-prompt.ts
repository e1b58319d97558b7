import { CxError } from '../cx-error.ts';
import { EXIT } from '../exit-status.ts';

/**
 * Words that look like a command to cx or to a profile switcher. Sent alone to codex they become a
 * prompt and cost a model call, so cx refuses them (product.md, "Words that are not prompts").
 * Each maps to what the user most likely meant. codex's own subcommands (login, logout, …) are not
 * here: they reach codex as commands.
 */
const COMMAND_LIKE: ReadonlyMap<string, string> = new Map([
  ['status', '`cx explain` (which profile, provider and model this run would use)'],
  ['current', '`cx explain` (which profile this run would use)'],
  ['whoami', '`cx explain` (which profile and credentials this run would use)'],
  ['config', '`cx explain` (the settings this run would use) or `cx profiles`'],
  ['list', '`cx profiles`'],
  ['ls', '`cx profiles`'],
  ['use', '`cx +NAME …` (select a profile for one run) or a `.cxrc` / a rule in cx\'s config'],
  ['switch', '`cx +NAME …` (select a profile for one run) or a `.cxrc` / a rule in cx\'s config'],
  ['init', 'writing `$CODEX_HOME/NAME.config.toml` (see `man cx`, PROFILES)'],
  ['version', '`cx --cx-version` (cx) or `cx --version` (codex)'],
]);

/**
 * The refusal for a run whose only codex argument is a word that is not meant as a prompt: a cx
 * command word that came after a `+PROFILE` or `--cx-` option (cx claims command words only
 * first), or a command-like word. Null when the run may go ahead. `cx -- WORD` always passes.
 */
export function notAPrompt(rest: readonly string[], escaped: boolean, cxCommands: readonly string[]): CxError | null {
  if (escaped || rest.length !== 1) return null;
  const word = rest[0] as string;
  const escape = `to send it to codex as a prompt, write \`cx -- ${word}\``;
  if (cxCommands.includes(word)) {
    return new CxError(
      `\`${word}\` is a cx command, and cx commands come first: this would send it to the model as a prompt`,
      EXIT.usage,
      `did you mean \`cx ${word} …\`? ${escape}`,
    );
  }
  const meant = COMMAND_LIKE.get(word.toLowerCase());
  if (meant === undefined) return null;
  return new CxError(`\`${word}\` alone would be sent to the model as a prompt`, EXIT.usage, `did you mean ${meant}? ${escape}`);
}

/** The command-like words, for the man page consistency test. */
export const COMMAND_LIKE_WORDS: readonly string[] = [...COMMAND_LIKE.keys()];
