// Replaces the generated block of a hand-written file (between its two marker lines), keeping the rest.
export function splice(text: string, file: string, marks: { begin: string; end: string }, body: string): string {
  const begin = text.indexOf(`${marks.begin}\n`);
  const end = text.indexOf(`${marks.end}\n`, begin);
  if (begin < 0 || end < 0) throw new Error(`${file}: the lines «${marks.begin}» and «${marks.end}» are missing`);
  return `${text.slice(0, begin + marks.begin.length + 1)}${body}${text.slice(end)}`;
}
