// The registry's part of a command module (issue 18): what `npm run generate` (src/generate/) makes
// the completion scripts' command part, man cx's SYNOPSIS, claims and COMMANDS, README's command
// table and the build's entry list from. Types only: nothing here loads at run time.

/** What a shell completes for a word: fixed words, or names cx knows, or paths. */
export type Completer = { readonly words: readonly string[] } | 'profile' | 'file' | 'directory' | 'none';

export interface OptionAbout {
  /** A few words for the shells' completion menus (the help has the long form). */
  brief: string;
  /** What the option's value is; absent for a switch. `profile` completes profile names. */
  value?: 'text' | 'profile';
}

export interface CommandAbout {
  /** Other words that run it (claimed on the launch path like the name). */
  aliases?: readonly string[];
  /**
   * `with +PROFILE`: cx claims the word only when a +PROFILE follows it, because codex has a
   * command of that name (`cx login +work` is cx's, `cx login` codex's own). Default: always.
   */
  claim?: 'always' | 'with +PROFILE';
  /** Its options as the shells complete them, keyed without the dashes (`json`, `cx-only`). */
  options: Readonly<Record<string, OptionAbout>>;
  /** Whether a `+PROFILE` argument completes profile names. */
  plusProfile?: boolean;
  /** What completes at each positional argument; the last one repeats. Default: its options. */
  positionals?: readonly Completer[];
  /**
   * A command whose completion is the shells' own glue: `codex` (explain: the launch's claims,
   * then codex's arguments), `secret` (verbs, then the stored names of the scope given).
   */
  completer?: 'codex' | 'secret';
  /**
   * Its work module, relative to src/ (`cli/trust`), when that is bundled apart and loaded only when
   * it runs (`loadCommand('trust')`): one esbuild entry, and a key of src/cli/lazy-bundles.ts.
   */
  bundle?: string;
  /** The schemaVersion of its `--json` object, or null when it prints no JSON. */
  json: { schemaVersion: number } | null;
  /** Where it is documented: man cx's COMMANDS (mdoc `.It` entries) and SYNOPSIS (each form, without `.Nm`). */
  man: { synopsis: readonly string[]; entries: string };
}
