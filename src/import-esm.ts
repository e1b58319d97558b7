// execa from one of cx's bundles. Built, it is a bundle of its own (dist/cli/execa-bundle.cjs, execa
// inside it), loaded through the code-cache loader like every lazily loaded bundle: the bundles run
// as vm.Scripts, and a script whose V8 code cache was accepted has no dynamic-import callback
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so import() is not an option there. From source
// (tests), import(). yargs has its own bundle the same way (cli/yargs-factory.ts).
import { loadCommand } from './cli/load-command.ts';

declare const __CX_BUNDLED__: boolean | undefined;

interface EsmPackages {
  execa: Pick<typeof import('execa'), 'execa'>;
}

export async function importEsm<K extends keyof EsmPackages>(specifier: K): Promise<EsmPackages[K]> {
  if (typeof __CX_BUNDLED__ === 'boolean' && __CX_BUNDLED__) return loadCommand('execa-bundle');
  return (await import(specifier)) as EsmPackages[K];
}
