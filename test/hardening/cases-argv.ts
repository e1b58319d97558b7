// Bad argument vectors and environment values: +PROFILE names, --cx- options, -p values, profile
// variables, `cx secret` misuse (refused before any keyring is touched, never echoing what might
// be a secret), `cx trust`/`untrust` on files that are not there or not files, other commands'
// unknown arguments.
import { join } from 'node:path';
import { EXIT } from '../../src/exit-status.ts';
import { type BadInputCase, type Box, type Expect, plant, secret, write } from './harness.ts';

const SECRET = secret('argv');

const usage = (message: RegExp): Expect => ({ status: EXIT.usage, message });
const argvCase = (name: string, argv: string[], expect: (b: Box) => Expect, extra: Partial<BadInputCase> = {}): BadInputCase => ({
  kind: 'argv',
  name,
  argv,
  setup: expect,
  ...extra,
});

/** +NAME that is not a profile name codex accepts: 64 before anything is read. */
const BAD_PLUS: readonly [string, string][] = [
  ['+', '`\\+` needs a profile name'],
  ['+a/b', 'not valid'],
  ['+../x', 'not valid'],
  ['+a b', 'not valid'],
  ['+.', 'not valid'],
  ['+a.b', 'not valid'],
  ['+wörk', 'not valid'],
  ['+\u001b[2Jwork', 'not valid'],
  ['+work\n', 'not valid'],
  ['+$(id)', 'not valid'],
];

const plusCases: BadInputCase[] = [
  ...BAD_PLUS.map(([arg, message]) => argvCase(`+PROFILE ${JSON.stringify(arg)}`, [arg, 'exec', 'hi'], () => usage(new RegExp(message)))),
  argvCase('two +PROFILEs', ['+work', '+personal', 'exec', 'hi'], () => usage(/two profiles/)),
  argvCase('+PROFILE after --cx-force, then another', ['--cx-force', '+work', '+work', 'exec'], () => usage(/two profiles/)),
  argvCase('+nope (valid name, no such profile): 78 listing those that exist', ['+nope', 'exec', 'hi'], () => ({ status: EXIT.config, message: /profile nope .*does not exist.*bed, gw, personal, work/ })),
  argvCase('+ a name of 5 000 letters: 78', [`+${'x'.repeat(5000)}`, 'exec', 'hi'], () => ({ status: EXIT.config, message: /does not exist/ })),
  argvCase('explain +a/b', ['explain', '+a/b', 'exec'], () => usage(/not valid/)),
  argvCase('explain --json + (empty)', ['explain', '--json', '+'], () => usage(/needs a profile name/)),
];

/** Unknown --cx- options: 64, naming the option (escaped), and how to pass it to codex instead. */
const BAD_OPTIONS = ['--cx-frobnicate', '--cx-', '--cx-dry-run=1', '--cx-force=yes', '--cx-Help', '--cx-strict-mode', '--cx-\u001b]0;PWNED\u0007', `--cx-${'y'.repeat(3000)}`];

const optionCases: BadInputCase[] = [
  ...BAD_OPTIONS.map((option) => argvCase(`unknown option ${JSON.stringify(option.slice(0, 40))}`, [option, 'exec', 'hi'], () => usage(/unknown cx option.*cx -- /))),
  argvCase('an unknown option after a valid one', ['--cx-force', '--cx-bogus', 'exec'], () => usage(/--cx-bogus/)),
  argvCase('explain with an unknown option', ['explain', '--cx-bogus'], () => usage(/--cx-bogus/)),
  argvCase('an unknown cx option after `--` goes to codex untouched', ['--', '--cx-bogus', 'exec'], () => ({ status: 0, argv: ['--cx-bogus', 'exec'] })),
  argvCase('an unknown cx option after codex arguments goes to codex untouched', ['exec', '--cx-bogus', 'hi'], () => ({ status: 0, argv: ['exec', '--cx-bogus', 'hi'] })),
];

/** -p/--profile in codex's arguments: an invalid name or a missing profile is refused (78). */
const pCases: BadInputCase[] = [
  argvCase('-p a/b', ['exec', '-p', 'a/b', 'hi'], () => ({ status: EXIT.config, message: /a\/b/ })),
  argvCase('--profile=../x', ['--profile=../x', 'exec', 'hi'], () => ({ status: EXIT.config, message: /\.\.\/x/ })),
  argvCase('-p nope', ['exec', '-p', 'nope', 'hi'], () => ({ status: EXIT.config, message: /profile nope .*does not exist/ })),
  argvCase('-pnope (attached)', ['-pnope', 'exec', 'hi'], () => ({ status: EXIT.config, message: /nope/ })),
  argvCase('-p "" (empty)', ['exec', '-p', '', 'hi'], () => ({ status: EXIT.config, message: /profile/ })),
  argvCase('-p with escape sequences', ['exec', '-p', '\u001b[31mred', 'hi'], () => ({ status: EXIT.config, message: /red/ })),
  argvCase('-p at the very end (codex reports the missing value itself)', ['exec', 'hi', '-p'], () => ({ status: 0, argv: ['exec', 'hi', '-p'] })),
  argvCase('-p work with +personal: -p wins, +personal is not passed', ['+personal', 'exec', '-p', 'work', 'hi'], () => ({ status: 0, argv: ['exec', '-p', 'work', 'hi'] })),
];

/** Profile variables: an invalid name is a usage error naming the variable; a missing profile, 78. */
const envCases: BadInputCase[] = [
  ...(
    [
      ['CX_PROFILE', '../x'],
      ['CX_PROFILE', 'a b'],
      ['CX_PROFILE', 'work\nevil'],
      ['CODEX_PROFILE', 'a/b'],
      ['CODEX_PROFILE', '\u001b[2J'],
    ] as const
  ).map(([name, value]) => argvCase(`${name}=${JSON.stringify(value)}`, ['exec', 'hi'], () => usage(new RegExp(`${name}`)), { env: () => ({ [name]: value }) })),
  argvCase('CX_PROFILE=nope: 78', ['exec', 'hi'], () => ({ status: EXIT.config, message: /nope .*does not exist/ }), { env: () => ({ CX_PROFILE: 'nope' }) }),
  argvCase('CX_PROFILE="" counts as unset', ['exec', 'hi'], () => ({ status: 0, argv: ['exec', 'hi'] }), { env: () => ({ CX_PROFILE: '' }) }),
  argvCase('CX_STRICT=0 is off (an untrusted .cxrc only warns)', ['exec', 'hi'], (b) => {
    write(join(b.repo, '.cxrc'), 'personal\n');
    return { status: 0, warnings: [/not trusted/], argv: ['exec', 'hi'] };
  }, { env: () => ({ CX_STRICT: '0' }) }),
  argvCase('CX_CODEX_BIN names a directory: codex cannot be run', ['exec', 'hi'], () => ({ status: EXIT.notExecutable, message: /./ }), { env: (b) => ({ CX_CODEX_BIN: b.home }) }),
  argvCase('CX_CODEX_BIN names nothing', ['exec', 'hi'], () => ({ status: EXIT.notFound, message: /./ }), { env: (b) => ({ CX_CODEX_BIN: join(b.root, 'no-codex') }) }),
  argvCase('CX_CODEX_BIN names a FIFO', ['exec', 'hi'], () => ({ status: EXIT.notExecutable, message: /./ }), {
    env: (b) => ({ CX_CODEX_BIN: join(b.root, 'codex-fifo') }),
    setup: (b) => {
      plant(join(b.root, 'codex-fifo'), 'fifo');
      return { status: EXIT.notExecutable, message: /./ };
    },
  }),
];

/** `cx secret` misuse: 64 with the usage, before any keyring call; never the value or a secret-looking argument. */
const SECRET_MISUSE: readonly [string, string[], RegExp][] = [
  ['no command', [], /needs a command/],
  ['an unknown command', ['frob'], /unknown command frob/],
  ['an unknown command that looks like a secret (not shown)', [SECRET], /not shown/],
  ['set with no NAME', ['set'], /needs the NAME/],
  ['set with an invalid NAME', ['set', '1BAD'], /not a valid variable name/],
  ['set NAME VALUE (a value as an argument: refused, not shown)', ['set', 'GW_API_KEY', SECRET], /takes no value argument/],
  ['set --reveal', ['set', 'GW_API_KEY', '--reveal'], /unknown argument: --reveal/],
  ['get with two names', ['get', 'A', 'B'], /takes one NAME/],
  ['ls with a NAME', ['ls', 'A'], /takes no NAME/],
  ['rm with no NAME', ['rm'], /needs the NAME/],
  ['get --profile with no value', ['get', 'A', '--profile'], /not enough arguments following: --profile/],
  ['get --profile ../x', ['get', 'A', '--profile', '../x'], /not valid/],
  ['get --profile=a/b', ['get', 'A', '--profile=a/b'], /not valid/],
  ['an unknown option', ['get', 'A', '--bogus'], /unknown argument: --bogus/],
  ['an unknown option that looks like a secret (not shown)', ['get', 'A', `--${SECRET}=x`], /not shown/],
  ['a NAME of 10 000 characters', ['get', `A-${'b'.repeat(10_000)}`], /not a valid variable name/],
  ['a NAME with escape sequences', ['get', 'A\u001b[2J'], /not a valid variable name/],
];

const secretCases: BadInputCase[] = SECRET_MISUSE.map(([label, args, message]) =>
  argvCase(`cx secret: ${label}`, ['secret', ...args], () => usage(message), { secrets: [SECRET] }),
);

/** `cx trust` / `cx untrust` on what is not a readable .cxrc: refused, nothing recorded. */
const trustCases: BadInputCase[] = [
  argvCase('cx trust FILE that does not exist', ['trust', 'no-such-file'], (b) => ({ status: EXIT.config, file: join(b.cwd, 'no-such-file'), message: /does not exist/ })),
  argvCase('cx untrust FILE that does not exist', ['untrust', '../missing.cxrc'], (b) => ({ status: EXIT.config, file: join(b.repo, 'missing.cxrc'), message: /does not exist/ })),
  argvCase('cx trust with two files', ['trust', 'a', 'b'], () => usage(/unknown argument: b \(cx trust\)/)),
  argvCase('cx trust with no .cxrc here or above', ['trust'], () => usage(/no \.cxrc/)),
  argvCase('cx trust a directory', ['trust', '.'], (b) => ({ status: EXIT.config, file: b.cwd, message: /directory/ })),
  argvCase('cx trust /dev/null', ['trust', '/dev/null'], () => ({ status: EXIT.config, file: '/dev/null', message: /not a regular file/ })),
  argvCase('cx trust a FIFO named as FILE', ['trust', 'pipe'], (b) => ({ status: EXIT.config, file: plant(join(b.cwd, 'pipe'), 'fifo'), message: /named pipe/ })),
  argvCase('cx trust a symlink loop', ['trust', 'loop'], (b) => ({ status: EXIT.denied, file: plant(join(b.cwd, 'loop'), 'symlink-loop'), message: /symlink that does not resolve/ })),
  argvCase('cx trust a file with invalid TOML (file:line)', ['trust', 'x.cxrc'], (b) => ({ status: EXIT.config, file: write(join(b.cwd, 'x.cxrc'), '# x\nprofile = \n'), line: 2, message: /not valid TOML/ })),
  argvCase('cx trust a file naming an invalid profile', ['trust', 'y.cxrc'], (b) => ({ status: EXIT.config, file: write(join(b.cwd, 'y.cxrc'), 'profile = "../x"\n'), line: 1, message: /not a valid profile name/ })),
  argvCase('cx untrust a binary file', ['untrust', 'bin.cxrc'], (b) => ({ status: EXIT.config, file: write(join(b.cwd, 'bin.cxrc'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00])), message: /NUL/ })),
  argvCase('cx trust a path through a regular file (ENOTDIR)', ['trust', 'file/.cxrc'], (b) => {
    write(join(b.cwd, 'file'), 'x');
    return { status: EXIT.config, file: join(b.cwd, 'file', '.cxrc'), message: /does not exist/ };
  }),
];

/** Other commands' unknown arguments. */
const commandCases: BadInputCase[] = [
  argvCase('cx migrate --bogus', ['migrate', '--bogus'], () => usage(/unknown argument: --bogus \(cx migrate\)/)),
  argvCase('cx migrate write (no dashes)', ['migrate', 'write'], () => usage(/unknown argument/)),
  argvCase('cx profiles --bogus', ['profiles', '--bogus'], () => usage(/unknown argument: --bogus/)),
  argvCase('cx profiles with a broken codex config: 78', ['profiles'], (b) => ({ status: EXIT.config, file: write(join(b.codexHome, 'config.toml'), 'model =\n'), line: 1, message: /not valid TOML/ })),
  argvCase('cx explain with a broken cx config: 78, nothing on stdout', ['explain', '--json'], (b) => ({ status: EXIT.config, file: write(b.cxConfig, '[[rules]\n'), line: 1, message: /not valid TOML/ })),
];

export const ARGV_CASES: BadInputCase[] = [...plusCases, ...optionCases, ...pCases, ...envCases, ...secretCases, ...trustCases, ...commandCases];
