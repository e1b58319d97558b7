// status and init through cx's own parser (src/cli/dispatch.ts buildParser), in-process: the
// positional NAME / +PROFILE, string options, --entra and --no-doctor, unknown options refused.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import type { CommandContext } from '../../src/cli/command-context.ts';
import { buildParser } from '../../src/cli/dispatch.ts';
import type { CxInvocation } from '../../src/cli/split-argv.ts';
import { isCxError } from '../../src/cx-error.ts';
import { EXIT } from '../../src/exit-status.ts';
import { tempDir } from '../helpers/cx-process.ts';

const factory = yargs as unknown as () => Argv;

function context(home: string): CommandContext {
  const env = { HOME: home, CODEX_HOME: join(home, 'codex'), XDG_STATE_HOME: join(home, 'state'), CI: 'true' };
  mkdirSync(env.CODEX_HOME, { recursive: true });
  const fail = (): never => {
    throw new Error('not planned here');
  };
  return { env, cwd: home, selfPaths: new Set(), plan: () => Promise.reject(new Error('not planned here')), quick: fail, selectionHere: fail };
}

async function parse(words: string[], ctx: CommandContext): Promise<void> {
  const invocation: CxInvocation = { command: words[0] as CxInvocation['command'], rest: words.slice(1), options: new Set(), plusProfile: null, json: false, escaped: false };
  await buildParser(factory, words).parseAsync(words, { cx: { context: ctx, invocation } });
}

describe('status and init under cx\'s yargs parser', () => {
  it('init: the positional NAME, string options, --entra, and --no-doctor', async () => {
    const home = tempDir('cx-yargs-');
    const before = process.exitCode;
    await parse(['init', 'entra', '--provider', 'azure', '--entra', '--base-url', 'https://r.openai.azure.com/openai', '--model', 'dep', '--no-doctor', '--json'], context(home));
    expect(process.exitCode ?? 0).toBe(0);
    process.exitCode = before;
    const text = readFileSync(join(home, 'codex', 'entra.config.toml'), 'utf8');
    expect(text).toContain('auth = { command = "az"');
    expect(text).toContain('model = "dep"');
  });

  it('status: +PROFILE as the positional, --prompt a boolean (the prompt prints `?` when it cannot plan)', async () => {
    const before = process.exitCode;
    await parse(['status', '+work', '--prompt'], context(tempDir('cx-yargs-')));
    expect(process.exitCode ?? 0).toBe(0);
    process.exitCode = before;
  });

  it('unknown options are a usage error (64)', async () => {
    const error = await parse(['init', 'x', '--frobnicate'], context(tempDir('cx-yargs-'))).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isCxError(error) && error.status).toBe(EXIT.usage);
  });
});
