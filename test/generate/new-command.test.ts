// Adding a command is one module: a throwaway command, added to a copy of the registry and to
// nothing else, is known to help, to dispatch, to the words cx claims, to the three shells'
// completions (real bash, zsh and fish running the generated scripts) and to man cx (mandoc-clean).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/command-context.ts';
import { buildParser, dispatchCommand } from '../../src/cli/dispatch.ts';
import type { CxCommand } from '../../src/commands/command-module.ts';
import { CX_COMMAND_MODULES } from '../../src/commands/index.ts';
import { commandExports, commandIndex } from '../../src/generate/command-index.ts';
import { generatedFiles } from '../../src/generate/generated-files.ts';
import { SHELLS, bashComplete, bashWords, codexHomeWithProfiles, fishComplete, shellWorld, zshComplete, type Shell } from '../helpers/completion-shells.ts';
import { ROOT, tempDir } from '../helpers/cx-process.ts';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** What the throwaway command's handler was given, when it ran. */
const ran: { level?: string | undefined; as?: string | undefined }[] = [];

const frobnicate: CxCommand<{ level: string | undefined; as: string | undefined }> = {
  command: 'frobnicate [WHICH] [DIR]',
  describe: 'a throwaway command that only this test knows',
  builder: (y) =>
    y
      .positional('WHICH', { type: 'string', describe: 'alpha or beta' })
      .option('level', { type: 'string', describe: 'how much' })
      .option('as', { type: 'string', describe: 'a profile' })
      .option('json', { type: 'boolean', describe: 'one JSON object' }) as never,
  handler: async ({ level, as }) => {
    ran.push({ level, as });
  },
  about: {
    bundle: 'cli/frobnicate',
    options: { level: { brief: 'how much', value: 'text' }, as: { brief: 'a profile', value: 'profile' }, json: { brief: 'one JSON object' } },
    plusProfile: true,
    positionals: [{ words: ['alpha', 'beta'] }, 'directory'],
    json: { schemaVersion: 1 },
    man: {
      synopsis: ['.Cm frobnicate\n.Op Ar WHICH\n.Op Fl -level Ar L\n.Op Fl -json'],
      entries: '.It Cm frobnicate Oo Ar WHICH Oc Op Fl -level Ar L\nFrobnicate, for the registry test only.',
    },
  },
};

/** A command codex has too: cx's only with a +PROFILE after it (as `cx login +PROFILE`). */
const zapp: CxCommand = {
  command: 'zapp',
  describe: 'a throwaway command cx claims only before a +PROFILE',
  builder: (y) => y,
  handler: async () => {},
  about: {
    claim: 'with +PROFILE',
    options: {},
    completer: 'codex',
    json: null,
    man: { synopsis: ['.Cm zapp\n.Cm + Ns Ar PROFILE'], entries: '.It Cm zapp Cm + Ns Ar PROFILE\nZapp, for the registry test only.' },
  },
};

const commands = [...CX_COMMAND_MODULES, frobnicate as unknown as CxCommand<never>, zapp as unknown as CxCommand<never>];
const generated = generatedFiles({ commands }, read);
const made = (path: string): string => generated.find((file) => file.path === path)?.text ?? '';

describe('a command added to the registry alone', () => {
  // Each generated file is made in memory: what is committed stays as it is.
  const committed = generated.map((file) => [file.path, read(file.path)] as const);

  it('is found in its module file and listed in src/commands/index.ts', () => {
    const dir = tempDir('cx-new-command-src-');
    writeFileSync(join(dir, 'frobnicate.ts'), "export const frobnicateCommand: CxCommand<{ level: string }> = {\n  command: 'frobnicate',\n};\n");
    writeFileSync(join(dir, 'helper.ts'), 'export const notACommand: CxCommandModule = {};\n');
    expect(commandExports(dir)).toEqual([{ file: 'frobnicate.ts', names: ['frobnicateCommand'] }]);
    expect(commandIndex(commandExports(dir))).toContain("import { frobnicateCommand } from './frobnicate.ts';\n");
  });

  it('is in the main help, and dispatch runs it with its options', async () => {
    const help = await buildParser(yargs as unknown as () => Argv, [], commands).getHelp();
    expect(help).toMatch(/^ {2}cx frobnicate \[WHICH\] \[DIR\] +a throwaway command/m);
    const context = {} as CommandContext;
    const invocation = { command: 'frobnicate', rest: ['alpha', '--level', '3', '--as', 'work'], options: new Set(), plusProfile: null, json: false, escaped: false } as never;
    await dispatchCommand(invocation, context, commands);
    expect(ran).toEqual([{ level: '3', as: 'work' }]);
  });

  it('is a word cx claims (src/cli/command-names.ts), a bundle of the build, and in README\'s table', () => {
    expect(made('src/cli/command-names.ts')).toContain('  "frobnicate",\n');
    expect(made('src/cli/command-names.ts')).toMatch(/export const CX_PLUS_PROFILE_ONLY: readonly string\[\] = \[[^\]]*"zapp"\];/);
    expect(made('src/cli/command-names.ts')).not.toMatch(/CX_PLUS_PROFILE_ONLY[^\n]*"frobnicate"/);
    expect(made('src/cli/lazy-bundles.ts')).toContain("  frobnicate: 'cli/frobnicate',\n");
    const build = (JSON.parse(made('package.json')) as { scripts: { build: string } }).scripts.build;
    expect(build).toMatch(/^esbuild src\/cx\.ts [^&]* src\/cli\/frobnicate\.ts /);
    expect(made('README.md')).toContain('| `cx frobnicate [WHICH] [DIR]` | a throwaway command that only this test knows | schemaVersion 1 |');
  });

  it('is in man cx: SYNOPSIS, the words claimed, COMMANDS; mandoc finds nothing to warn about', () => {
    const page = join(tempDir('cx-new-command-man-'), 'cx.1');
    writeFileSync(page, made('man/cx.1'));
    expect(execFileSync('mandoc', ['-T', 'lint', '-W', 'warning', page], { encoding: 'utf8' })).toBe('');
    const text = made('man/cx.1');
    expect(text).toContain('.Nm\n.Cm frobnicate\n.Op Ar WHICH');
    expect(text).toMatch(/^\.Cm frobnicate ,$/m);
    expect(text).toMatch(/^\.Cm zapp ;$/m);
    expect(text).toContain('.It Cm frobnicate Oo Ar WHICH Oc');
    const rendered = execFileSync('mandoc', ['-T', 'ascii', '-O', 'width=300', page], { encoding: 'utf8' }).replace(/.\x08/g, '');
    expect(rendered).toContain('Frobnicate, for the registry test only.');
  });

  it('touches no committed file', () => {
    for (const [path, text] of committed) expect(read(path) === text, path).toBe(true);
    expect(read('completions/cx.bash')).not.toContain('frobnicate');
  });
});

const shells: Shell[] = ['bash', 'zsh', 'fish'];
describe.each(shells)('%s completes the added command from the generated script', (shell) => {
  const world = shellWorld();
  const env = world.env(codexHomeWithProfiles());
  let complete: (line: string) => Promise<string[]>;
  beforeAll(() => {
    const dir = tempDir(`cx-new-command-${shell}-`);
    const path = join(dir, shell === 'zsh' ? '_cx' : `cx.${shell}`);
    writeFileSync(path, made(`completions/cx.${shell}`));
    complete = async (line) => {
      const result =
        shell === 'bash' ? await bashComplete(path, bashWords(line), env) : shell === 'fish' ? await fishComplete(path, line, env) : await zshComplete({ fpath: dir, source: null }, line, env);
      expect(result.noise).toBe('');
      return [...result.matches].sort();
    };
  });

  it.skipIf(!SHELLS[shell])('its word, positionals, options, +PROFILE and a profile-valued option', { timeout: 120_000 }, async () => {
    expect(await complete('cx frob')).toEqual(['frobnicate']);
    expect(await complete('cx zapp +w')).toEqual(['+work']);
    expect(await complete('cx frobnicate ')).toEqual(['alpha', 'beta']);
    expect(await complete('cx frobnicate --')).toEqual(['--as', '--json', '--level']);
    expect(await complete('cx frobnicate +w')).toEqual(['+work']);
    expect(await complete('cx frobnicate --as ')).toEqual(['legacy-team', 'work']);
    const dir = tempDir('cx-new-command-dir-');
    for (const name of ['sub-a', 'sub-b']) execFileSync('mkdir', [join(dir, name)]);
    writeFileSync(join(dir, 'sub-file'), '');
    const dirs = [...new Set((await complete(`cx frobnicate alpha ${dir}/sub`)).map((path) => path.replace(/\/$/, '')))];
    // zsh's _directories, as the test driver records every compadd, also passes on the files it set aside.
    expect(shell === 'zsh' ? dirs.filter((path) => path !== `${dir}/sub-file`) : dirs).toEqual([`${dir}/sub-a`, `${dir}/sub-b`]);
  });
});
