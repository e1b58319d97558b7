// status and init as yargs command modules: the same definitions the bridge parser reads, parsed by
// yargs 18 itself, with main's CommandContext passed in as `context` (`.parse(args, { context })`).
// The yargs dispatcher (issue 13) registers them this way.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import type { CommandContext } from '../../src/cli/command-context.ts';
import { initCommand } from '../../src/commands/init.ts';
import { statusCommand } from '../../src/commands/status.ts';
import { tempDir } from '../helpers/cx-process.ts';

function context(home: string): CommandContext {
  const env = { HOME: home, CODEX_HOME: join(home, 'codex'), XDG_STATE_HOME: join(home, 'state'), CI: 'true' };
  mkdirSync(env.CODEX_HOME, { recursive: true });
  return {
    env,
    cwd: home,
    selfPaths: new Set(),
    plan: () => Promise.reject(new Error('not planned here')),
    quick: () => {
      throw new Error('not planned here');
    },
  };
}

function parser() {
  return yargs().command(statusCommand).command(initCommand).strict().exitProcess(false).fail((message) => {
    throw new Error(message);
  });
}

describe('status and init under yargs', () => {
  it('init: the positional NAME, string options, --entra, and --no-doctor as yargs negation', async () => {
    const home = tempDir('cx-yargs-');
    const ctx = context(home);
    const before = process.exitCode;
    await parser().parseAsync(['init', 'entra', '--provider', 'azure', '--entra', '--base-url', 'https://r.openai.azure.com/openai', '--model', 'dep', '--no-doctor', '--json'], { context: ctx });
    expect(process.exitCode ?? 0).toBe(0);
    process.exitCode = before;
    const text = readFileSync(join(home, 'codex', 'entra.config.toml'), 'utf8');
    expect(text).toContain('auth = { command = "az"');
    expect(text).toContain('model = "dep"');
  });

  it('status: +PROFILE as the positional, --prompt a boolean (the prompt prints `?` when it cannot plan)', async () => {
    const ctx = context(tempDir('cx-yargs-'));
    const before = process.exitCode;
    await parser().parseAsync(['status', '+work', '--prompt'], { context: ctx });
    expect(process.exitCode ?? 0).toBe(0);
    process.exitCode = before;
  });

  it('unknown options are refused by yargs', async () => {
    const ctx = context(tempDir('cx-yargs-'));
    await expect((async () => parser().parseAsync(['init', 'x', '--frobnicate'], { context: ctx }))()).rejects.toThrow(/Unknown argument: frobnicate/);
  });
});
