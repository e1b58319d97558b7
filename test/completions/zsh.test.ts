// cx's zsh completion (completions/cx.zsh, as `cx completion zsh` prints it) in a real zsh; the cases
// are shared by the three shells (test/helpers/completion-shells.ts).
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHELLS, codexHomeWithProfiles, describeCompletions, install, shellWorld, zshComplete } from '../helpers/completion-shells.ts';
import { NATIVE_CODEX, ROOT, runProgram, tempDir } from '../helpers/cx-process.ts';

describeCompletions('zsh');

describe.skipIf(!SHELLS.zsh)('zsh: `source <(cx completion zsh)` after compinit', { timeout: 60_000 }, () => {
  it('works as the file on $fpath does', async () => {
    const env = shellWorld().env(codexHomeWithProfiles());
    const sourced = await install('zsh', 'sourced', env);
    const exec = await sourced.complete('cx exec --sk', env);
    expect(exec).toEqual({ matches: ['--skip-git-repo-check'], noise: '' });
    const plus = await sourced.complete('cx +', env);
    expect({ ...plus, matches: [...plus.matches].sort() }).toEqual({ matches: ['+legacy-team', '+work'], noise: '' });
  });
});

describe.skipIf(!SHELLS.zsh)("zsh: codex's own _codex already on $fpath (an autoload stub until called)", { timeout: 60_000 }, () => {
  it("is used, loaded, and still reaches codex's subcommands", async () => {
    const env = shellWorld().env(codexHomeWithProfiles());
    const dir = tempDir('cx-zsh-both-');
    copyFileSync(join(ROOT, 'completions', 'cx.zsh'), join(dir, '_cx'));
    const codex = await runProgram(NATIVE_CODEX, ['completion', 'zsh'], { env });
    writeFileSync(join(dir, '_codex'), `${codex.stdout}\n`);
    // No CX_CODEX_BIN: nothing but the _codex on $fpath can complete codex's words.
    const { CX_CODEX_BIN: _unused, ...noCodex } = env;
    expect(await zshComplete({ fpath: dir, source: null }, 'cx exec --sk', noCodex)).toEqual({ matches: ['--skip-git-repo-check'], noise: '' });
  });
});
