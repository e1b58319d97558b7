// Generated $CODEX_HOME/.env files for the parity test: fragments (one or a few lines, `@` standing
// for a variable name of their own) combined by a seeded generator. Each fragment is something a
// person might write, right or wrong; what codex does with it is what the real binary says.

import { prng } from '../helpers/prng.ts';

export { prng };

/** Lines that may go anywhere in a file (`@` is replaced by a fresh name). */
export const FRAGMENTS: readonly (string | Buffer)[] = [
  '@=plain\n',
  '@="double quoted"\n',
  "@='single quoted'\n",
  '@=a b\n',
  '@ = spaced\n',
  '   @=indented\n',
  'export @=exported\n',
  'export   @=exported2\n',
  'export @\n',
  'export\n',
  '@\n',
  '=x\n',
  ' = x\n',
  '1@=digit\n',
  '@-x=dash\n',
  '@.x=dot\n',
  '@: colon\n',
  '@="a\\qb"\n',
  '@="a\\nb"\n',
  '@=a\\ b\n',
  '@="multi\nline"\n',
  "@='multi\nline'\n",
  '@="three\nline\nvalue"\n',
  '@=${CXP_ENV}x\n',
  '@=$CXP_ENV\n',
  '@="$CXP_ENV"\n',
  '@="${CXP_ENV}"\n',
  '@=$CXP_ENV c\n',
  '@=${CXP_ENV\n',
  '@=$CXP_A_B\n',
  '@=${CXP_A}-$CXP_A\n',
  '@=a$-b\n',
  '@=$\n',
  "@='$CXP_ENV'\n",
  '@=\\$CXP_ENV\n',
  '@=x # comment\n',
  '@=x#nocomment\n',
  '@="x" # c\n',
  '@="x"y\n',
  '@="a # b"\n',
  '@=x  # it\'s\n',
  '@=#it\'s\n',
  '@= # empty\n',
  '# comment\n',
  "# it's a comment\n",
  '  # indented comment\n',
  '\n',
  '   \n',
  '\t\n',
  '@=\n',
  '@ =\n',
  '@=crlf\r\n',
  '@=\r\n',
  '@=a\rb\n',
  'CODEX_@=dropped\n',
  'codex_@=dropped\n',
  'Codex_@=dropped\n',
  '@=ünïcode\n',
  'Ä@=1\n',
  Buffer.from('@=\xff\xfe\n', 'latin1'),
  Buffer.from('@\xff=1\n', 'latin1'),
  Buffer.from('@="a\nb\xffc"\n', 'latin1'),
  '@=tab\there\n',
  '@=\ttabbed\n',
  '@=x\\\n',
  "@='a'\\''b'\n",
  '@="a\\"b"\n',
  '@=="x"\n',
  '@=x \n',
  '@="unterminated \'inner\' "x\n',
  '@=\u00a0nbsp\n',
  '\u00a0@=nbsp-before\n',
  '@=\u3000\n',
  '@=a\u0085b\n',
  '@.@=two dots\n',
  '_@=underscore\n',
  '@=line1\\\nline2\n',
];

/** Fragments that swallow the rest of the file: only ever last. */
export const LAST_FRAGMENTS: readonly string[] = ['@="unterminated\n', "@='unterminated\n", '@=x \n@=y \n', '@=no newline', '@=trailing space ', '@=trailing backslash\\', '@="unterminated\nmore\nlines\n'];

/** The environment codex starts with in these tests (for `$NAME` expansion). */
export const PARITY_ENV = { CXP_ENV: 'from-env', CXP_A: 'env-a' };

function fill(fragment: string | Buffer, name: string): Buffer {
  const bytes = typeof fragment === 'string' ? Buffer.from(fragment, 'utf8') : fragment;
  return Buffer.from(bytes.toString('latin1').replaceAll('@', name), 'latin1');
}

const COMMENT_FILES: readonly string[] = [
  "TC0=a\n# it's open\n",
  'TC1=a\n# "open\n',
  "TC2=a\n   # indented, it's\nTC2B=b\n",
  'TC3=a\n#\n',
  '# first\\\nTC4=a\n',
  "TC5=a # it's\n# more\n",
  "TC6=a # it's\n# more'\nTC6B=b\n",
  "# it's\n# closed'\nTC7=a\n",
  '\ufeff# "bom\nTC8=a\n',
  'TC9=a\n   ',
  'TC10=a\n# last, no newline',
  "TC11=a\n# it's last\\",
  // Two blanks before `#`: dotenvy's line reader misses the comment, so its quote runs on; what it
  // swallows up to the closing quote is lost only where it is more than comments.
  "TC12=a  # it's\n# closed'\nTC12B=b\n",
  "TC13=a  # it's\nTC13X=lost\n# closed'\nTC13B=b\n",
];

/** One file per fragment on its own (between two plain lines), then `count` random combinations. */
export function generatedEnvFiles(count: number, seed = 20260422): { label: string; bytes: Buffer }[] {
  const files: { label: string; bytes: Buffer }[] = [];
  FRAGMENTS.forEach((fragment, i) => {
    files.push({ label: `fragment ${i}: ${JSON.stringify(fragment.toString())}`, bytes: Buffer.concat([fill('@=before\n', `TVA${i}`), fill(fragment, `TVF${i}`), fill('@=after\n', `TVZ${i}`)]) });
  });
  LAST_FRAGMENTS.forEach((fragment, i) => {
    files.push({ label: `last fragment ${i}: ${JSON.stringify(fragment)}`, bytes: Buffer.concat([fill('@=before\n', `TLA${i}`), fill(fragment, `TLF${i}`)]) });
  });
  files.push({ label: 'a byte-order mark', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fill('@=bom\n@=next\n', 'TBOM')]) });
  files.push({ label: 'a byte-order mark before a comment', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# c\nTBOMC=next\n')]) });
  // Comments that hold a quote, a backslash or nothing: codex loses nothing there, so cx must report nothing.
  COMMENT_FILES.forEach((text, i) => files.push({ label: `comments ${i}: ${JSON.stringify(text)}`, bytes: Buffer.from(text, 'utf8') }));
  const random = prng(seed);
  for (let f = 0; f < count; f += 1) {
    const parts: Buffer[] = [];
    const lines = 2 + Math.floor(random() * 6);
    for (let k = 0; k < lines; k += 1) parts.push(fill(FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] as string | Buffer, `TR${f}_${k}`));
    if (random() < 0.25) parts.push(fill(LAST_FRAGMENTS[Math.floor(random() * LAST_FRAGMENTS.length)] as string, `TR${f}_last`));
    files.push({ label: `random ${f}`, bytes: Buffer.concat(parts) });
  }
  return files;
}

/** NUL bytes: codex crashes (a panic) on a NUL in a value it sets; the line cx must report, or null. */
export const NUL_CASES: readonly [string, Buffer, number | null][] = [
  ['in a value', Buffer.from('TN1=ok\nTN2=a\0b\nTN3=ok\n'), 2],
  ['in a quoted value', Buffer.from('TN1=ok\n\nTN2="a\0b"\n'), 3],
  ['in a comment', Buffer.from('TN1=ok\n# a\0b\nTN3=ok\n'), null],
  ['in a name', Buffer.from('TN1=ok\nT\0N2=ab\nTN3=ok\n'), null],
  ['in a CODEX_ value (codex drops the name)', Buffer.from('TN1=ok\nCODEX_TN2=a\0b\nTN3=ok\n'), null],
];

/** What the real codex answered for the generated files (env-file-parity.test.ts records it). */
export const PARITY_RECORDING = new URL('../fixtures/env-file-parity.json', import.meta.url).pathname;

export interface ParityRecording {
  /** codex's own environment with no .env, its directories at fixed places. */
  base: Record<string, string>;
  /** Per generated file (by label): what loading it changed in codex's environment. */
  files: { label: string; changes: { set: Record<string, string>; unset: string[] } }[];
  nul: { label: string; crashed: boolean }[];
}
