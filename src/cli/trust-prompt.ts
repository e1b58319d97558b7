import { readSync } from 'node:fs';
import type { Cxrc } from '../config/cxrc.ts';
import { printableLine, printableText } from './printable.ts';
import { describeCxrc } from './trust.ts';

/** The file as a person should see it: every line, control characters (escape sequences) shown, not obeyed. */
function showable(content: string): string {
  const lines = printableText(content).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => `  | ${line}`).join('\n');
}

/** One line from the terminal, read synchronously (bounded); null on EOF or when it cannot be read. */
function readAnswer(): string | null {
  const buffer = Buffer.alloc(256);
  let answer = '';
  for (let reads = 0; reads < 256; reads += 1) {
    let length: number;
    try {
      length = readSync(0, buffer, 0, buffer.length, null);
    } catch {
      return null;
    }
    if (length === 0) return answer === '' ? null : answer;
    answer += buffer.subarray(0, length).toString('utf8');
    const newline = answer.indexOf('\n');
    if (newline !== -1) return answer.slice(0, newline);
  }
  return answer;
}

/** Shows an untrusted .cxrc on the terminal and asks whether to trust it; only a `y` or `yes` says yes. */
export function askToTrust(cxrc: Cxrc): boolean {
  process.stderr.write(`cx: ${printableLine(`${cxrc.path} is not trusted; it ${describeCxrc(cxrc)}`)}:\n${showable(cxrc.content)}\ncx: trust this file and use it? [y/N] `);
  const answer = readAnswer();
  if (answer === null) process.stderr.write('\n');
  return answer !== null && /^\s*y(es)?\s*$/i.test(answer);
}
