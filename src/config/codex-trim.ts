// How codex (Rust) trims the text of a `-c key=value`, checked against the binary.

/**
 * Rust's `str::trim`: Unicode White_Space, which codex strips from `-c` keys and fallback values.
 * Not JavaScript's trim: U+0085 is White_Space (JS keeps it), U+FEFF is not (JS strips it).
 */
const CODEX_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const CODEX_TRIM = new RegExp(`^${CODEX_SPACE}+|${CODEX_SPACE}+$`, 'g');

export function codexTrim(text: string): string {
  return text.replace(CODEX_TRIM, '');
}
