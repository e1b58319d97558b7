// Every file `npm run generate` writes, as the registry makes it from the committed text (a
// generated block inside a hand-written file keeps the rest as written). Pure: the caller reads and writes.
import { packageJson } from './build-entries.ts';
import { commandNamesModule, NAMES_FILE } from './claimed-names.ts';
import { bashCommandPart } from './completion-bash.ts';
import { BUNDLES_FILE, lazyBundles, lazyBundlesModule } from './lazy-bundles.ts';
import { fishCommandPart } from './completion-fish.ts';
import { zshCommandPart } from './completion-zsh.ts';
import { manPage } from './man-page.ts';
import { readme } from './readme-table.ts';
import { markers, type Registered } from './registered.ts';
import { splice } from './splice.ts';

export interface Registry {
  commands: readonly Registered[];
}

const SHELL_MARKS = markers('#', 'commands');

/** Each generated file: its path (from the repository root) and what it holds made from `read(path)`. */
export function generatedFiles(registry: Registry, read: (path: string) => string): { path: string; text: string }[] {
  const { commands } = registry;
  const shell = (path: string, part: string): { path: string; text: string } => ({ path, text: splice(read(path), path, SHELL_MARKS, part) });
  return [
    { path: NAMES_FILE, text: commandNamesModule(commands) },
    { path: BUNDLES_FILE, text: lazyBundlesModule(commands) },
    shell('completions/cx.bash', bashCommandPart(commands)),
    shell('completions/cx.zsh', zshCommandPart(commands)),
    shell('completions/cx.fish', fishCommandPart(commands)),
    { path: 'man/cx.1', text: manPage(read('man/cx.1'), commands) },
    { path: 'README.md', text: readme(read('README.md'), commands) },
    { path: 'package.json', text: packageJson(read('package.json'), lazyBundles(commands)) },
  ];
}
