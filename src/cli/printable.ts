// Text cx prints can carry what a hostile file or directory name put there. Control characters
// (C0, DEL, C1: escape sequences that retitle or repaint a terminal) are shown as \xNN, never sent.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f]/g;

function escape(ch: string): string {
  return `\\x${(ch.codePointAt(0) ?? 0).toString(16).padStart(2, '0')}`;
}

/** One line of text, safe for a terminal: newlines and tabs escaped too. */
export function printableLine(text: string): string {
  return text.replace(CONTROL_OR_NEWLINE, escape);
}

/** Several lines of text, safe for a terminal: newlines and tabs kept. */
export function printableText(text: string): string {
  return text.replace(CONTROL, escape);
}
