// Bad $CODEX_HOME/.env files. codex skips a line it cannot parse without a word (and an
// unclosed quote takes the rest of the file with it), ignores a file it cannot read, and panics on
// a NUL byte in a value (env-file-parity.test.ts checks each against the real binary). cx says
// which line of which file, names the variable only when its name is well-formed, never shows a
// value, refuses only what would make codex crash, and never counts a skipped line's value as a
// credential. Profile `gw` needs GW_API_KEY; the default profile (openai) needs nothing here.
import { join } from 'node:path';
import { EXIT } from '../../src/exit-status.ts';
import { type BadInputCase, type Box, type Expect, type Oddity, UNREADABLE_SKIP, plant, secret, write } from './harness.ts';

const KEY = secret('gw');
const OTHER = secret('other');
const GW = ['+gw', 'exec', 'hi'];
const GW_ARGV = ['-p', 'gw', 'exec', 'hi'];

const envPath = (b: Box): string => join(b.codexHome, '.env');
const re = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The warning for a skipped line (or lines `line-last`), naming the variable when given. */
const skipped = (b: Box, line: number | string, name: string | null, why: RegExp = /./): RegExp =>
  new RegExp(`^cx: warning: ${re(envPath(b))}:${line}: codex skips (this line|these lines)${name === null ? ':' : ` \\(${re(name)}\\):`}.*${why.source}`);
const missingKey = /GW_API_KEY for provider gw is not in the environment/;
/** A required key not found in the environment or the file is looked for in the keyring: none here. */
const NO_KEYRING = /^cx: warning: the keyring is not available .*GW_API_KEY was not looked up there/;

interface EnvCase {
  name: string;
  content: string | Buffer;
  /** For `gw` (the key must be there): 0 and launched, or 69 and not. */
  keyFound: boolean;
  /** The skipped lines: [line, name, why]. */
  warns: [number | string, string | null, RegExp][];
  argv?: string[];
}

const keyCases: EnvCase[] = [
  { name: 'an unquoted space in the key\'s value', content: `GW_API_KEY=${KEY} trailing words\n`, keyFound: false, warns: [[1, 'GW_API_KEY', /space or tab outside quotes/]] },
  { name: 'the colon form (dotenv accepts it, codex does not)', content: `# key\nGW_API_KEY: ${KEY}\n`, keyFound: false, warns: [[2, null, /not NAME=VALUE/]] },
  { name: '"$OTHER" in double quotes (codex leaves the quote open)', content: `OTHER=${OTHER}\nGW_API_KEY="$OTHER"\n`, keyFound: false, warns: [[2, 'GW_API_KEY', /\$\{NAME\}/]] },
  { name: 'an unknown backslash escape', content: `GW_API_KEY="${KEY}\\q"\n`, keyFound: false, warns: [[1, 'GW_API_KEY', /backslash escape/]] },
  { name: 'an unclosed ${', content: `GW_API_KEY=\${${KEY}\n`, keyFound: false, warns: [[1, 'GW_API_KEY', /\$\{ that is not closed/]] },
  { name: 'an unclosed quote two lines above swallows it', content: `A=1\nB="${OTHER}\nC=3\nGW_API_KEY=${KEY}\n`, keyFound: false, warns: [['2-4', 'B', /never closed/]] },
  { name: 'a quote in a comment swallows the next lines', content: `A=1  # it's mine\nGW_API_KEY=${KEY}\nB=2\n# it's over\n`, keyFound: false, warns: [['2-4', null, /comment/]] },
  { name: 'invalid UTF-8 in its value', content: Buffer.from(`GW_API_KEY=${KEY}\xff\n`, 'latin1'), keyFound: false, warns: [[1, 'GW_API_KEY', /UTF-8/]] },
  { name: 'invalid UTF-8 in its name', content: Buffer.from(`GW_API_\xffKEY=${KEY}\n`, 'latin1'), keyFound: false, warns: [[1, null, /UTF-8/]] },
  { name: 'a byte-order mark before it', content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`GW_API_KEY=${KEY}\n`)]), keyFound: false, warns: [[1, 'GW_API_KEY', /byte-order mark/]] },
  { name: 'a trailing space and no newline at the end', content: `A=1\nGW_API_KEY=${KEY} `, keyFound: false, warns: [[2, 'GW_API_KEY', /end the file with a newline/]] },
  { name: 'a dash in the name', content: `GW-API-KEY=${KEY}\n`, keyFound: false, warns: [[1, null, /not one codex accepts/]] },
  { name: 'a name starting with a digit', content: `1GW_API_KEY=${KEY}\n`, keyFound: false, warns: [[1, null, /not one codex accepts/]] },
  { name: 'the value alone on a line', content: `GW_API_KEY=\n${KEY}\n`, keyFound: false, warns: [[2, null, /not NAME=VALUE/]] },
  { name: 'a later empty definition wins (codex: last one)', content: `GW_API_KEY=${KEY}\nGW_API_KEY=\n`, keyFound: false, warns: [] },
  { name: 'expanded from an unset variable: empty', content: `GW_API_KEY=\${CX_UNSET_VARIABLE}\n`, keyFound: false, warns: [] },
  { name: 'a non-breaking space before it (codex skips it as blank)', content: `\u00a0GW_API_KEY=${KEY}\n`, keyFound: true, warns: [] },
  { name: 'export, spaces around =, CRLF (all fine)', content: `export GW_API_KEY = "${KEY}"\r\n`, keyFound: true, warns: [] },
  { name: 'a later broken definition leaves the earlier one', content: `GW_API_KEY=${KEY}\nGW_API_KEY=${OTHER} x\n`, keyFound: true, warns: [[2, 'GW_API_KEY', /space or tab outside quotes/]] },
  { name: 'a multi-line quoted value (fine)', content: `GW_API_KEY="${KEY}\nsecond line"\nB=2\n`, keyFound: true, warns: [] },
  { name: 'a NUL byte in a comment (codex skips comments)', content: `# a\0b\nGW_API_KEY=${KEY}\n`, keyFound: true, warns: [] },
  { name: 'a NUL byte in a name (codex skips the line)', content: `A\0B=1\nGW_API_KEY=${KEY}\n`, keyFound: true, warns: [[1, null, /not one codex accepts/]] },
  { name: '$A_B: codex expands $A (warned)', content: `A=x\nGW_API_KEY=$A_B\n`, keyFound: true, warns: [] },
  { name: 'a pasted secret on a line of its own (never shown)', content: `${KEY}\nGW_API_KEY=${OTHER}\n`, keyFound: true, warns: [[1, null, /not NAME=VALUE/]] },
  { name: 'codex drops CODEX_ names from the file (no warning for those)', content: `CODEX_HOME=/elsewhere\nGW_API_KEY=${KEY}\n`, keyFound: true, warns: [] },
];

function keyCase(c: EnvCase): BadInputCase {
  return {
    kind: '.env',
    name: `GW_API_KEY: ${c.name}`,
    argv: c.argv ?? GW,
    secrets: [KEY, OTHER],
    setup: (b): Expect => {
      write(envPath(b), c.content);
      const warnings = c.warns.map(([line, name, why]) => skipped(b, line, name, why));
      if (c.name.startsWith('$A_B')) warnings.push(new RegExp(`^cx: warning: ${re(envPath(b))}:2 \\(GW_API_KEY\\): codex ends a \\$NAME reference at the first _`));
      // The key stays in the file; codex loads it itself (cx adds nothing to the environment).
      if (c.keyFound) return { status: 0, warnings, argv: GW_ARGV, envLacks: ['GW_API_KEY'] };
      return { status: EXIT.blocked, warnings: [...warnings, NO_KEYRING], message: missingKey };
    },
  };
}

/** Lines codex skips in a file whose credential is fine: warnings, then the exact launch. */
const BAD_LINES: readonly [string, string | Buffer, number | string, string | null, RegExp][] = [
  ['FOO BAR', 'FOO BAR\n', 2, null, /not NAME=VALUE/],
  ['=x', '=x\n', 2, null, /not one codex accepts/],
  ['export alone', 'export\n', 2, null, /not NAME=VALUE/],
  ['export FOO (no =)', 'export FOO\n', 2, null, /not NAME=VALUE/],
  ['a non-ASCII name', 'ÄPFEL=1\n', 2, null, /not one codex accepts/],
  ['an unquoted tab in a value', 'FOO=a\tb\n', 2, 'FOO', /space or tab/],
  ['junk after a closing quote and a space', 'FOO="a" b\n', 2, 'FOO', /space or tab/],
  ['an unclosed single quote at the end', "FOO='abc\n", '2-3', 'FOO', /never closed/],
  ['an unclosed quote then more lines', 'FOO="abc\nBAR=1\nBAZ=2\n', '2-5', 'FOO', /never closed/],
  ['a backslash and no newline at the end', 'FOO=abc\\', 2, 'FOO', /backslash/],
  ['invalid UTF-8 on its own line', Buffer.from('\xfe\xff\n', 'latin1'), 2, null, /UTF-8/],
  ['a raw escape sequence in a name', 'FOO\x1b[2J=1\n', 2, null, /not one codex accepts/],
];

const badLineCases: BadInputCase[] = BAD_LINES.map(([label, line, at, name, why]) => ({
  kind: '.env',
  name: `a line codex skips: ${label}`,
  argv: GW,
  secrets: [KEY],
  setup: (b): Expect => {
    // A comment after it, except where the point is how the file ends.
    const end = label.includes('no newline at the end') ? '' : '# end\n';
    write(envPath(b), Buffer.concat([Buffer.from(`GW_API_KEY=${KEY}\n`), typeof line === 'string' ? Buffer.from(line) : line, Buffer.from(end)]));
    return { status: 0, warnings: [skipped(b, at, name, why)], argv: GW_ARGV, envLacks: ['GW_API_KEY'] };
  },
}));

const fileCases: BadInputCase[] = [
  ...keyCases.map(keyCase),
  ...badLineCases,
  {
    kind: '.env',
    name: 'ten bad lines: three named, then one summing up the rest',
    argv: GW,
    secrets: [KEY],
    setup: (b) => {
      write(envPath(b), `GW_API_KEY=${KEY}\n${Array.from({ length: 10 }, (_, i) => `BAD${i}=x y\n`).join('')}`);
      return {
        status: 0,
        warnings: [skipped(b, 2, 'BAD0'), skipped(b, 3, 'BAD1'), skipped(b, 4, 'BAD2'), new RegExp(`^cx: warning: ${re(envPath(b))}: codex skips 7 more lines it cannot parse \\(5, 6, 7, 8, 9, 10, 11\\)`)],
        argv: GW_ARGV,
      };
    },
  },
  {
    kind: '.env',
    name: 'a NUL byte in the key\'s value: codex would crash, so cx refuses (78)',
    argv: GW,
    secrets: [KEY],
    setup: (b) => ({ status: EXIT.config, file: write(envPath(b), `A=1\n\nGW_API_KEY=${KEY}\0tail\n`), line: 3, message: /value of GW_API_KEY holds a NUL byte.*crash/ }),
  },
  {
    kind: '.env',
    name: 'a NUL byte in another value: refused too (codex would crash before anything)',
    secrets: [KEY],
    setup: (b) => ({ status: EXIT.config, file: write(envPath(b), `OTHER="a\0${KEY}"\n`), line: 1, message: /value of OTHER holds a NUL byte/ }),
  },
  {
    kind: '.env',
    name: 'a NUL byte in a CODEX_ value (codex drops the name): runs',
    secrets: [KEY],
    setup: (b) => {
      write(envPath(b), `CODEX_X=a\0${KEY}\n`);
      return { status: 0, argv: ['exec', 'hi'] };
    },
  },
  {
    kind: '.env',
    name: '$A$A$A… expanding to gigabytes: refused (78), no crash',
    setup: (b) => ({ status: EXIT.config, file: write(envPath(b), `A=${'x'.repeat(400_000)}\nB=${'$A'.repeat(250_000)}\n`), line: 2, message: /value of B expands .*past 8 MiB/ }),
  },
  {
    kind: '.env',
    name: 'many lines each expanding a long value: refused (78) once past the budget',
    setup: (b) => ({ status: EXIT.config, file: write(envPath(b), `A=${'x'.repeat(100_000)}\n${Array.from({ length: 200 }, (_, i) => `B${i}=$A\n`).join('')}`), line: 84, message: /value of B82 expands/ }),
  },
  {
    kind: '.env',
    name: 'an unclosed quote on line 1 of a file of 400 000 lines: one warning, quickly',
    setup: (b) => {
      write(envPath(b), `A="open\n${'B=1\n'.repeat(150_000)}${'\n'.repeat(249_999)}`);
      return { status: 0, warnings: [skipped(b, '1-400000', 'A', /never closed/)], argv: ['exec', 'hi'] };
    },
  },
  {
    kind: '.env',
    name: '1 MiB of blank lines and comments: runs, no warning',
    setup: (b) => {
      write(envPath(b), `${'\n'.repeat(500_000)}${'# c\n'.repeat(130_000)}`);
      return { status: 0, argv: ['exec', 'hi'] };
    },
  },
  {
    kind: '.env',
    name: 'more than 1 MiB: refused (cx cannot tell what codex would load)',
    setup: (b) => ({ status: EXIT.config, file: write(envPath(b), `A=1\n${'#'.repeat(1024 * 1024)}\n`), message: /at most/ }),
  },
  {
    kind: '.env',
    name: 'group-readable: a warning, and the launch',
    argv: GW,
    secrets: [KEY],
    setup: (b) => {
      write(envPath(b), `GW_API_KEY=${KEY}\n`, 0o644);
      return { status: 0, warnings: [/readable by group or others/], argv: GW_ARGV };
    },
  },
  {
    kind: '.env',
    name: 'CRLF and comments throughout (no warnings)',
    argv: GW,
    secrets: [KEY],
    setup: (b) => {
      write(envPath(b), `# creds\r\n\r\nGW_API_KEY="${KEY}" # main\r\n  # indented\r\n`);
      return { status: 0, argv: GW_ARGV };
    },
  },
  {
    kind: '.env',
    name: 'a bad line and no provider needing a key: still warned (openai, nothing needed)',
    setup: (b) => {
      write(envPath(b), 'OPENAI_API_KEY sk-pasted-wrong\n');
      return { status: 0, warnings: [skipped(b, 1, null, /not NAME=VALUE/)], argv: ['exec', 'hi'] };
    },
  },
  {
    kind: '.env',
    name: 'the bad line is not read for commands that run no model (codex --version)',
    argv: ['--version'],
    setup: (b) => {
      write(envPath(b), 'FOO BAR\n');
      return { status: 0, argv: ['--version'] };
    },
  },
];

/** A .env codex cannot read it ignores; cx too, with a warning (and then the key is missing). */
const ODD: readonly [Oddity, RegExp][] = [
  ['directory', /is a directory/],
  ['fifo', /named pipe/],
  ['symlink-loop', /symlink loop/],
  ['dev-zero', /not a regular file/],
  ['dir-symlink', /is a directory/],
  ['unreadable', /not readable/],
];

const oddCases: BadInputCase[] = ODD.flatMap(([oddity, why]) => [
  {
    kind: '.env',
    name: `.env is ${oddity}: a warning; GW_API_KEY then missing (69)`,
    argv: GW,
    ...(oddity === 'unreadable' ? { skip: UNREADABLE_SKIP } : {}),
    setup: (b): Expect => {
      plant(envPath(b), oddity);
      return { status: EXIT.blocked, warnings: [new RegExp(`^cx: warning: ${re(envPath(b))} .*${why.source}.*codex ignores it`), NO_KEYRING], message: missingKey };
    },
  },
  {
    kind: '.env',
    name: `.env is ${oddity}: with the key in the environment, a warning and the launch`,
    argv: GW,
    secrets: [KEY],
    env: () => ({ GW_API_KEY: KEY }),
    ...(oddity === 'unreadable' ? { skip: UNREADABLE_SKIP } : {}),
    setup: (b): Expect => {
      plant(envPath(b), oddity);
      return { status: 0, warnings: [new RegExp(`^cx: warning: ${re(envPath(b))} .*${why.source}`)], argv: GW_ARGV, envHas: { GW_API_KEY: KEY } };
    },
  },
]);

export const ENV_CASES: BadInputCase[] = [...fileCases, ...oddCases];
