// An ES-only package (execa; yargs too when run from source) from one of cx's bundles. The bundles are run by the code-cache
// loader (src/code-cache/load-cached.ts) as vm.Scripts, and a script whose V8 code cache was
// accepted has no dynamic-import callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING); the main
// context's loader for vm code is an experimental feature that warns on stderr. So, bundled, the
// package is loaded with require(), which loads an ES module synchronously on every Node cx
// supports (20.19 and later; neither package uses top-level await). From source (tests), import().
declare const __CX_BUNDLED__: boolean | undefined;

interface EsmPackages {
  yargs: typeof import('yargs');
  execa: typeof import('execa');
}

export async function importEsm<K extends keyof EsmPackages>(specifier: K): Promise<EsmPackages[K]> {
  if (typeof __CX_BUNDLED__ === 'boolean' && __CX_BUNDLED__) {
    const loaded = require(specifier) as unknown;
    // yargs exports its `module.exports` for require(): the function itself, not the namespace.
    return (typeof loaded === 'function' ? { default: loaded } : loaded) as EsmPackages[K];
  }
  return (await import(specifier)) as EsmPackages[K];
}
