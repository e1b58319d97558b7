// Fitting a line to a width: words move to the next line, indented under the first; a word longer
// than a line (a path) is cut. Pure; tested by test/cli/wrap-text.unit.test.ts.

/**
 * `text` as lines of at most `width` characters, the first after `first` (a label, already padded)
 * and the rest after `indent` spaces. Width counts UTF-16 units: cx's text is printableLine'd ASCII
 * escapes and paths.
 */
export function wrapText(first: string, text: string, width: number, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  let line = first;
  let prefix = first.length;
  let empty = true;
  const room = (): number => width - line.length;
  for (const word of text.split(' ')) {
    const space = empty ? '' : ' ';
    if (space.length + word.length <= room()) {
      line += space + word;
      empty = false;
      continue;
    }
    if (!empty) {
      lines.push(line);
      line = pad;
      prefix = indent;
    }
    let rest = word;
    // A word no line can hold is cut at the width.
    while (rest.length > width - prefix) {
      const cut = Math.max(1, width - line.length);
      lines.push(line + rest.slice(0, cut));
      rest = rest.slice(cut);
      line = pad;
      prefix = indent;
    }
    line += rest;
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}
