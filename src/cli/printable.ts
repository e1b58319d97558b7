// Text cx prints can carry what a hostile file or directory name put there. Control characters
// (C0, DEL, C1: escape sequences that retitle or repaint a terminal) are shown as \xNN, never sent.
// So are the invisible ones that change what a reader sees (Unicode format characters, category
// Cf: the bidi overrides and isolates such as U+202E, which reverse the text after them, zero-width
// characters, the BOM) and the line and paragraph separators U+2028/U+2029: shown as \uNNNN.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f]/g;

/** Unicode property classes cost time to build: made at the first text that has a non-ASCII character. */
let invisible: RegExp | null = null;
// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\u0000-\u007f]*$/;

function escape(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

function withoutInvisible(text: string): string {
  if (ASCII_ONLY.test(text)) return text;
  invisible ??= /[\p{Cf}\u2028\u2029]/gu;
  return text.replace(invisible, escape);
}

/** One line of text, safe for a terminal: newlines and tabs escaped too. */
export function printableLine(text: string): string {
  return withoutInvisible(text.replace(CONTROL_OR_NEWLINE, escape));
}

/** Several lines of text, safe for a terminal: newlines and tabs kept. */
export function printableText(text: string): string {
  return withoutInvisible(text.replace(CONTROL, escape));
}
