// yargs, for the dispatcher (dispatch.ts) only. Built as a bundle of its own with yargs inside it
// (package.json `build`), not loaded from node_modules at run time: yargs is ES-only, and loading
// its module graph costs ~55 ms more CPU per cx command than one bundled file with a code cache.
// Its one use of import.meta.url (a path to its locales; cx's help is English only) gets this
// file's URL from the build's banner.
import yargs from 'yargs';
import type { Argv } from 'yargs';

export const yargsFactory = yargs as unknown as () => Argv;
