import { readSync } from 'node:fs';
import type { KnownWords } from '../check/known-words.ts';
import type { Cxrc } from '../config/cxrc.ts';
import { printableLine } from './printable.ts';
import { describeCxrc } from './trust.ts';

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

/**
 * Says what an untrusted .cxrc does and asks whether to trust it; only a `y` or `yes` says yes. The
 * file's text is not shown (files from a repository are data, never messages): what it means is,
 * in words cx knows; the person reads the file itself for the rest.
 */
export function askToTrust(cxrc: Cxrc, known: KnownWords): boolean {
  process.stderr.write(`cx: ${printableLine(`${cxrc.path} is not trusted; it ${describeCxrc(cxrc, known)} (read it: ${cxrc.path})`)}\ncx: trust this file and use it? [y/N] `);
  const answer = readAnswer();
  if (answer === null) process.stderr.write('\n');
  return answer !== null && /^\s*y(es)?\s*$/i.test(answer);
}
