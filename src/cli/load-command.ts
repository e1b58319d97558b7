// Code that a plain launch does not run is bundled separately (dist/PATH.cjs: the commands that do
// not launch codex, the keyring and the AWS credential chain) and loaded only when needed, so a plain launch
// compiles none of it. From source (tests), plain imports.
// Which bundles there are is generated from the command registry (src/cli/lazy-bundles.ts).
import { type Lazy, LAZY_PATHS } from './lazy-bundles.ts';

declare const __CX_BUNDLED__: boolean | undefined;

export { LAZY_PATHS };

export async function loadCommand<K extends keyof Lazy>(name: K): Promise<Lazy[K]> {
  if (typeof __CX_BUNDLED__ === 'boolean' && __CX_BUNDLED__) {
    // A path esbuild cannot follow: the file is another entry point of the same build.
    // __dirname is dist/ in the launch bundle, and dist/cli, dist/commands, dist/credentials or dist/plan-cache in a lazily loaded one.
    const dist = /[\\/]dist[\\/](cli|credentials|commands|plan-cache)$/.test(__dirname) ? __dirname.replace(/[\\/][^\\/]+$/, '') : __dirname;
    // Through the code-cache loader bin/cx.js already loaded (docs/code-cache.md).
    const loader = require([dist, 'code-cache', 'load-cached.cjs'].join('/')) as typeof import('../code-cache/load-cached.ts');
    return loader.loadCached(dist, `${LAZY_PATHS[name]}.cjs`) as Lazy[K];
  }
  // Built from parts so the bundler does not pull every module into the launch bundle.
  const source = ['..', `${LAZY_PATHS[name]}.ts`].join('/');
  return import(source) as Promise<Lazy[K]>;
}
