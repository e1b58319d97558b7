// Which runs load yargs, through the built cx: a module-resolution hook (node:module register)
// records every `import('yargs')`. A cx command loads it; explain without a help flag (whose
// arguments are codex's, and which has a budget of its own) and a plain launch do not.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { fakeCodex } from '../helpers/fake-codex.ts';

const dir = tempDir('cx-yargs-loading-');
const log = join(dir, 'resolved.log');
const hooks = join(dir, 'hooks.mjs');
writeFileSync(hooks, `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (specifier === 'yargs' || specifier === 'execa') appendFileSync(${JSON.stringify(log)}, specifier + '\\n');
  return next(specifier, context);
}
`);
const register = join(dir, 'register.mjs');
writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);

async function loaded(args: string[]): Promise<string[]> {
  writeFileSync(log, '');
  const env = cleanEnv({ CODEX_HOME: tempDir('cx-yargs-home-'), CX_CODEX_BIN: fakeCodex(dir).bin, NODE_OPTIONS: `--import ${register}` });
  const result = await runCx(args, { env, timeoutMs: 20_000 });
  expect(result.stderr).not.toMatch(/internal error/);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('yargs loads only for the commands it parses', () => {
  it('cx profiles and cx explain --help load it', async () => {
    expect(await loaded(['profiles'])).toContain('yargs');
    expect(await loaded(['explain', '--help'])).toContain('yargs');
  });

  it('cx explain, cx --cx-dry-run and a plain launch do not', async () => {
    expect(await loaded(['explain', '--json', 'exec', 'hi'])).toEqual([]);
    expect(await loaded(['--cx-dry-run', 'exec', 'hi'])).toEqual([]);
    expect(await loaded(['exec', 'hi'])).toEqual([]);
  });
});
