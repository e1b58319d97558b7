// What cx says about each line of $CODEX_HOME/.env it parses as codex does (env-file-parse.ts):
// which problem, on which lines, naming which variable, and the notes. The values themselves are
// checked against the real codex by the parity tests (test/hardening/env-file-parity*.test.ts);
// the values here are ones those recorded answers show (or, marked, checked once by hand with
// `codex sandbox -- env`).
import { describe, expect, it } from 'vitest';
import { EXPANSION_BUDGET, type DotenvParse, isDroppedName, parseDotenv } from '../../src/credentials/env-file-parse.ts';

const ENV = { CXP_ENV: 'from-env', CXPA: 'env-a' };
const parse = (text: string | Buffer, env: Record<string, string | undefined> = ENV): DotenvParse => parseDotenv(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, env);
const set = (text: string | Buffer, env?: Record<string, string | undefined>): [string, string, number, number][] => parse(text, env).entries.map((e) => [e.name, e.value, e.line, e.lastLine]);
const problems = (text: string | Buffer): [string, number, number, string | null][] => parse(text).problems.map((p) => [p.kind, p.line, p.lastLine, p.name]);

describe('which problem a line codex skips is', () => {
  it.each([
    ['V=a b\n', 'unquoted-space', 'V'],
    ['V="x"  y\n', 'unquoted-space', 'V'],
    ['V="x"\ty\n', 'unquoted-space', 'V'],
    ['V=tab\there\n', 'unquoted-space', 'V'],
    ['export A=x y\n', 'unquoted-space', 'A'],
    ['export =x y\n', 'unquoted-space', 'export'],
    ['V.W=two dots\n', 'unquoted-space', 'V.W'],
    ['export V\n', 'not-assignment', null],
    ['export\n', 'not-assignment', null],
    ['export  \n', 'not-assignment', null],
    ['export A-b=1\n', 'not-assignment', null],
    ['V\n', 'not-assignment', null],
    ['V: colon\n', 'not-assignment', null],
    ['=x\n', 'bad-name', null],
    [' = x\n', 'bad-name', null],
    ['1V=digit\n', 'bad-name', null],
    ['V-x=dash\n', 'bad-name', null],
    ['export 1=2\n', 'bad-name', null],
    ['ÄV=1\n', 'bad-name', null],
    ['V="a\\qb"\n', 'bad-escape', 'V'],
    ['A=\\q\n', 'bad-escape', 'A'],
    ['V="$CXPA"\n', 'variable-before-quote', 'V'],
    ["V=$CXPA'x'\n", 'variable-before-quote', 'V'],
    ['V=${"}"\n', 'unclosed-quote', 'V'],
    ['V=$CXPA-${"}"\n', 'unclosed-quote', 'V'],
    ['V=${CXP_ENV\n', 'unclosed-brace', 'V'],
  ] as const)('%j: %s', (text, kind, name) => {
    const file = `BEFORE=1\n${text}AFTER=2\n`;
    expect(problems(file)).toEqual([[kind, 2, 2, name]]);
    expect(set(file).map(([n]) => n)).toEqual(['BEFORE', 'AFTER']);
  });

  it('problems at the end of the file: an unclosed quote, a trailing blank, a trailing backslash', () => {
    expect(problems('A=1\nV="unterminated\nmore\nlines\n')).toEqual([['unclosed-quote-to-eof', 2, 4, 'V']]);
    expect(problems("A=1\nV='x")).toEqual([['unclosed-quote-to-eof', 2, 2, 'V']]);
    expect(problems('A=1\nV="x\\')).toEqual([['unclosed-quote-to-eof', 2, 2, 'V']]);
    expect(problems('V=x  #it\'s\nB=2\n')).toEqual([['unclosed-quote-to-eof', 1, 2, 'V']]);
    expect(problems('V=x\t')).toEqual([['trailing-blank-at-eof', 1, 1, 'V']]);
    expect(problems('V=trailing space ')).toEqual([['trailing-blank-at-eof', 1, 1, 'V']]);
    expect(problems('V=trailing backslash\\')).toEqual([['trailing-backslash-at-eof', 1, 1, 'V']]);
    expect(problems('A=x\n  B\\')).toEqual([['trailing-backslash-at-eof', 2, 2, null]]);
    expect(problems('A=x\nexport B\\')).toEqual([['trailing-backslash-at-eof', 2, 2, null]]);
    expect(problems('A=x\nexport B=c\\')).toEqual([['trailing-backslash-at-eof', 2, 2, 'B']]);
  });

  it('blank and comment lines at the end lose nothing, even without a newline', () => {
    for (const text of ['A=1\n   ', 'A=1\n  \t', 'A=1\n# c\\', "A=1\n# it's", 'A=x  ']) {
      expect(problems(text), JSON.stringify(text)).toEqual([]);
      expect(set(text).map(([n]) => n), JSON.stringify(text)).toEqual(['A']);
    }
  });

  it('invalid UTF-8: the line (and what its open quote gathered) is lost, naming the variable when it can', () => {
    expect(problems(Buffer.from('A=1\nV=\xff\xfe\nB=2\n', 'latin1'))).toEqual([['invalid-utf8', 2, 2, 'V']]);
    expect(problems(Buffer.from('V\xff=1\nB=2\n', 'latin1'))).toEqual([['invalid-utf8', 1, 1, null]]);
    expect(problems(Buffer.from('V="a\nb\xffc"\nB=2\n', 'latin1'))).toEqual([['invalid-utf8', 1, 2, 'V']]);
    expect(set(Buffer.from('V="a\nb\xffc"\nB=2\n', 'latin1'))).toEqual([['B', '2', 3, 3]]);
  });

  it('a byte-order mark spoils the first line only; before a comment or a blank line it loses nothing', () => {
    expect(problems('\ufeffV=1\nW=2\n')).toEqual([['byte-order-mark', 1, 1, 'V']]);
    expect(problems('\ufeffexport V=1\nW=2\n')).toEqual([['byte-order-mark', 1, 1, 'V']]);
    expect(problems('\ufeff# c\nW=2\n')).toEqual([]);
    // The mark is not a blank: the line is no comment, and its quote runs on.
    expect(problems('\ufeff# "c\nW=2\n')).toEqual([['unclosed-quote-to-eof', 1, 2, null]]);
    expect(problems('\ufeff\nW=2\n')).toEqual([]);
    expect(problems('A=1\n\ufeffB=2\n')).toEqual([['bad-name', 2, 2, null]]);
    expect(set('\ufeffV=1\nW=2\n')).toEqual([['W', '2', 2, 2]]);
  });

  it('a NUL in a value codex would set: a problem, and the variable is not set; in a dropped CODEX_ name: nothing', () => {
    expect(problems('A=1\nV=a\0b\n')).toEqual([['nul-in-value', 2, 2, 'V']]);
    expect(set('A=1\nV=a\0b\nW=2\n')).toEqual([['A', '1', 1, 1], ['W', '2', 3, 3]]);
    expect(problems('CODEX_V=a\0b\n')).toEqual([]);
  });

  it('expansion past the budget: the line is refused as too long, and spends nothing of the budget', () => {
    const big = 'x'.repeat(EXPANSION_BUDGET / 4);
    const out = parse('A=$BIG$BIG$BIG$BIG$BIG\nB=ok\nC=$BIG\n', { BIG: big });
    expect(out.problems).toEqual([{ kind: 'value-too-long', line: 1, lastLine: 1, name: 'A' }]);
    expect(out.entries.map((e) => e.name)).toEqual(['B', 'C']);
    // Exactly the budget is fine; what was spent is spent for the lines after it.
    const exact = parse('A=$BIG$BIG$BIG$BIG\nB=$BIG\n', { BIG: big });
    expect(exact.entries.map((e) => [e.name, e.value.length])).toEqual([['A', EXPANSION_BUDGET]]);
    expect(exact.problems.map((p) => [p.kind, p.line])).toEqual([['value-too-long', 2]]);
  });
});

describe('comments', () => {
  it('a trailing comment after a blank ends the value; `#` inside a value or quotes does not', () => {
    expect(set('V=x # comment\nW=x#nocomment\nX="a # b"\nY="x" # c\nZ= # empty\n')).toEqual([
      ['V', 'x', 1, 1],
      ['W', 'x#nocomment', 2, 2],
      ['X', 'a # b', 3, 3],
      ['Y', 'x', 4, 4],
      ['Z', '', 5, 5],
    ]);
    expect(set('A=x\t# c\nB = "x" \t# c\n')).toEqual([['A', 'x', 1, 1], ['B', 'x', 2, 2]]);
  });

  it('comment lines, indented or not, set nothing and are no problem', () => {
    const text = "#A=1\n  #B=2\n# it's\n\t# \"q\nC=3\n";
    expect(set(text)).toEqual([['C', '3', 5, 5]]);
    expect(problems(text)).toEqual([]);
  });

  it('two blanks before `#`: the quote in the comment runs on; the lines it swallows are one problem after the value\'s line', () => {
    expect(set("A=x  # it's\nB=2\nC=3'\nD=4\n")).toEqual([['A', 'x', 1, 1], ['D', '4', 4, 4]]);
    expect(problems("A=x  # it's\nB=2\nC=3'\nD=4\n")).toEqual([['swallowed-by-comment', 2, 3, null]]);
    expect(problems("A=\"x\ny\"  # it's\nB=2'\nD=4\n")).toEqual([['swallowed-by-comment', 3, 3, null]]);
    expect(set("A=\"x\ny\"  # it's\nB=2'\nD=4\n")).toEqual([['A', 'x\ny', 1, 2], ['D', '4', 4, 4]]);
    expect(problems("A=  # it's\nB=2'\nC=3\n")).toEqual([['swallowed-by-comment', 2, 2, null]]);
    expect(problems("A=x  # it's\r\nB=2'\r\nC=3\r\n")).toEqual([['swallowed-by-comment', 2, 2, null]]);
  });

  it('…but swallowed lines that are only comments or blank are no problem (codex loses nothing there)', () => {
    expect(problems("A=x  # it's\n# closed'\nD=4\n")).toEqual([]);
    expect(problems("A=x  # it's\n\n  # closed'\nD=4\n")).toEqual([]);
    expect(set("A=x  # it's\n# closed'\nD=4\n")).toEqual([['A', 'x', 1, 1], ['D', '4', 3, 3]]);
  });
});

describe('cases checked by hand against the pinned codex (`codex sandbox -- env -0`)', () => {
  it('an indented comment holding a quote opens nothing (B is set)', () => {
    expect(set("  # it's\nB=2\n")).toEqual([['B', '2', 2, 2]]);
    expect(problems("  # it's\nB=2\n")).toEqual([]);
  });

  it('a value ending in a no-break space: trimmed as Rust trims (A is x)', () => {
    expect(set('A=x\u00a0\n')).toEqual([['A', 'x', 1, 1]]);
  });

  it('a quote after a blank still opens: the next line belongs to it, and the whole line is skipped (V unset, W set)', () => {
    expect(problems('V=x "a\nb"\nW=1\n')).toEqual([['unquoted-space', 1, 2, 'V']]);
    expect(set('V=x "a\nb"\nW=1\n')).toEqual([['W', '1', 3, 3]]);
  });

  it('\\\' outside quotes is a quote (K is \'q)', () => {
    expect(set("K=\\'q\n")).toEqual([['K', "'q", 1, 1]]);
  });
});

describe('more cases checked by hand against the pinned codex', () => {
  it('invalid UTF-8 in a comment line loses nothing: no problem (A is set)', () => {
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\nA=1\n')]);
    expect(problems(bytes)).toEqual([]);
    expect(set(bytes)).toEqual([['A', '1', 2, 2]]);
  });

  it('`{` after a $NAME is text (B is env-a{x}); an empty value is no cut name', () => {
    expect(set('B=$CXPA{x}\n')).toEqual([['B', 'env-a{x}', 1, 1]]);
    expect(parse('B=$CXPA-x\nC=\n').notes).toEqual([]);
  });
});

describe('ends of files', () => {
  it('a backslash after a blank at the end of the file', () => {
    expect(problems('A=1\nV=x \\')).toEqual([['trailing-backslash-at-eof', 2, 2, 'V']]);
  });

  it('invalid UTF-8 on a first line that starts with a byte-order mark: no name (the mark is not part of one)', () => {
    expect(problems(Buffer.from([0xef, 0xbb, 0xbf, 0x56, 0x3d, 0xff, 0x0a, 0x57, 0x3d, 0x31, 0x0a]))).toEqual([['invalid-utf8', 1, 1, null]]);
  });
});

describe('values and names', () => {
  it('lines and line spans: a quoted value over several lines, blank lines, CRLF', () => {
    expect(set('\n\nA="x\ny"\n\nB=$A\n')).toEqual([['A', 'x\ny', 3, 4], ['B', 'x\ny', 6, 6]]);
    expect(set('A=1\r\nB=2\r\nC=\r\n')).toEqual([['A', '1', 1, 1], ['B', '2', 2, 2], ['C', '', 3, 3]]);
    expect(set('A="a\r\nb"\n')).toEqual([['A', 'a\r\nb', 1, 2]]);
  });

  it('blanks around the name, the `=` and the value', () => {
    expect(set('  A  =  x  \nexport   B=y\nC =\nD=\u00a0x\n\u00a0E=1\nF\u3000=1\n')).toEqual([
      ['A', 'x', 1, 1],
      ['B', 'y', 2, 2],
      ['C', '', 3, 3],
      ['D', 'x', 4, 4],
      ['E', '1', 5, 5],
      ['F', '1', 6, 6],
    ]);
  });

  it('escapes outside and inside double quotes; none inside single quotes', () => {
    expect(set('A=x\\\\y\nB="x\\\\y"\nC=\\n\nD="\\n"\nE="a\\$b"\nF=\'a\\b\'\nG="a\\ b"\nH=a\\ b\nI="a\\"b"\nJ=\'a\'\\\'\'b\'\n')).toEqual([
      ['A', 'x\\y', 1, 1],
      ['B', 'x\\y', 2, 2],
      ['C', '\n', 3, 3],
      ['D', '\n', 4, 4],
      ['E', 'a$b', 5, 5],
      ['F', 'a\\b', 6, 6],
      ['G', 'a b', 7, 7],
      ['H', 'a b', 8, 8],
      ['I', 'a"b', 9, 9],
      ['J', "a'b", 10, 10],
    ]);
  });

  it('expansion: the environment, then what the file set before (the last definition), names ending at `_`', () => {
    expect(set('A=1\nA=2\nB=$A\nC=${CXPA}\nD=$CXPA$CXPA\nE=${CXP_ENV}\nF=a$-b\nG=$\nH=\'$CXPA\'\nI=\\$CXPA\n')).toEqual([
      ['A', '1', 1, 1],
      ['A', '2', 2, 2],
      ['B', '2', 3, 3],
      ['C', 'env-a', 4, 4],
      ['D', 'env-aenv-a', 5, 5],
      ['E', 'from-env', 6, 6],
      ['F', 'a-b', 7, 7],
      ['G', '', 8, 8],
      ['H', '$CXPA', 9, 9],
      ['I', '$CXPA', 10, 10],
    ]);
    // The environment wins over the file: codex sets a variable from the file only where it is unset… as it goes.
    expect(set('CXPA=file\nB=$CXPA\n')).toEqual([['CXPA', 'file', 1, 1], ['B', 'file', 2, 2]]);
  });

  it('a $NAME cut at `_` is set, with a note naming the variable and line; ${NAME_X} is not cut', () => {
    const out = parse('A=1\nB=$CXPA_\nC=${CXP_ENV}\nD=$CXP_ENV\n');
    expect(out.entries.map((e) => [e.name, e.value])).toEqual([['A', '1'], ['B', 'env-a_'], ['C', 'from-env'], ['D', '_ENV']]);
    expect(out.notes).toEqual([
      { kind: 'variable-name-cut', line: 2, name: 'B' },
      { kind: 'variable-name-cut', line: 4, name: 'D' },
    ]);
    expect(parse('A=$_X\n').notes).toEqual([]);
  });

  it('CODEX_ names (any case): listed as the file has them, never set for expansion, but seen by a later $NAME only through what the file defined', () => {
    expect(isDroppedName('codex_x')).toBe(true);
    expect(isDroppedName('Codex_X')).toBe(true);
    expect(isDroppedName('XCODEX_')).toBe(false);
    expect(set('CODEX_X=1\nB=${CODEX_X}\n', {})).toEqual([['CODEX_X', '1', 1, 1], ['B', '1', 2, 2]]);
    expect(set('CODEX_X=1\nB=${CODEX_X}\n', { CODEX_X: 'env' })).toEqual([['CODEX_X', '1', 1, 1], ['B', 'env', 2, 2]]);
  });
});
