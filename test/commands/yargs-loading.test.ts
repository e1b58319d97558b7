// Which runs load yargs, through the built cx: a hook on require()'s resolution records every
// load of yargs or execa. A cx command loads it; explain without a help flag (whose
// arguments are codex's, and which has a budget of its own) and a plain launch do not.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCx, tempDir } from '../helpers/cx-process.ts';
import { fakeCodex } from '../helpers/fake-codex.ts';

const dir = tempDir('cx-yargs-loading-');
const log = join(dir, 'resolved.log');
// execa is loaded with require() (src/import-esm.ts): recorded where every require() is resolved.
// yargs is bundled into dist/cli/yargs-factory.cjs, which the code-cache loader registers in
// require.cache like any module: recorded from there as cx exits.
const hook = join(dir, 'hook.cjs');
writeFileSync(hook, `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'yargs' || request === 'execa') appendFileSync(${JSON.stringify(log)}, request + '\\n');
  return resolve.call(this, request, ...rest);
};
process.on('exit', () => {
  if (Object.keys(require.cache).some((file) => /yargs-factory\\.cjs$|[\\\\/]node_modules[\\\\/]yargs[\\\\/]/.test(file))) appendFileSync(${JSON.stringify(log)}, 'yargs\\n');
});
`);

async function loaded(args: string[]): Promise<string[]> {
  writeFileSync(log, '');
  const env = cleanEnv({ CODEX_HOME: tempDir('cx-yargs-home-'), CX_CODEX_BIN: fakeCodex(dir).bin, NODE_OPTIONS: `--require ${hook}` });
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
