// Everything `npm run generate` makes from the command registry (src/generate/) is committed as it
// would be made now: src/commands/index.ts, src/cli/command-names.ts, the command part of the
// three completion scripts, man cx's SYNOPSIS, claims and COMMANDS, README's command table and
// the build's entry list. A command module changed without regenerating fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LAZY_PATHS } from '../../src/cli/load-command.ts';
import { CX_COMMAND_MODULES } from '../../src/commands/index.ts';
import { commandExports, commandIndex, INDEX_FILE } from '../../src/generate/command-index.ts';
import { generatedFiles } from '../../src/generate/generated-files.ts';
import { ROOT } from '../helpers/cx-process.ts';

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const STALE = 'is not what the registry makes: run `npm run generate`';

describe('the generated files are up to date', () => {
  it(`${INDEX_FILE} lists every command module in src/commands/`, () => {
    const found = commandExports(join(ROOT, 'src', 'commands'));
    expect(found.flatMap((file) => file.names)).toContain('statusCommand');
    expect(read(INDEX_FILE), `${INDEX_FILE} ${STALE}`).toBe(commandIndex(found));
  });

  const files = generatedFiles({ commands: CX_COMMAND_MODULES }, read);
  it.each(files.map((file) => [file.path, file.text] as const))('%s', (path, text) => {
    expect(read(path) === text, `${path} ${STALE}`).toBe(true);
  });

  it('covers the completion scripts, man cx, README and package.json', () => {
    expect(files.map((file) => file.path).sort()).toEqual(['README.md', 'completions/cx.bash', 'completions/cx.fish', 'completions/cx.zsh', 'man/cx.1', 'package.json', 'src/cli/command-names.ts', 'src/cli/lazy-bundles.ts']);
  });

  it('each command is in every generated file', () => {
    const texts = files.filter((file) => !['package.json', 'src/cli/lazy-bundles.ts'].includes(file.path)).map((file) => file.text);
    for (const module of CX_COMMAND_MODULES) {
      const word = module.command.split(' ')[0] as string;
      for (const text of texts) expect(text).toMatch(new RegExp(`\\b${word}\\b`));
    }
  });

  it('the build has one entry per lazily loaded bundle', () => {
    const build = (JSON.parse(read('package.json')) as { scripts: { build: string } }).scripts.build;
    for (const path of Object.values(LAZY_PATHS).filter((p) => !['cli/yargs-factory', 'cli/execa-bundle'].includes(p))) expect(build).toContain(` src/${path}.ts `);
  });
});
