// Code that a plain launch does not run is bundled separately (dist/PATH.cjs: the commands that do
// not launch codex, the keyring and the AWS credential chain) and loaded only when needed, so a plain launch
// compiles none of it. From source (tests), plain imports.
declare const __CX_BUNDLED__: boolean | undefined;

interface Lazy {
  complete: typeof import('./complete.ts');
  completion: typeof import('./completion.ts');
  doctor: typeof import('./doctor.ts');
  explain: typeof import('./explain.ts');
  dispatch: typeof import('./dispatch.ts');
  migrate: typeof import('./migrate.ts');
  profiles: typeof import('./profiles.ts');
  secret: typeof import('./secret.ts');
  shim: typeof import('./shim.ts');
  trust: typeof import('./trust.ts');
  'trust-prompt': typeof import('./trust-prompt.ts');
  'status-prompt': typeof import('./status-prompt.ts');
  'yargs-factory': typeof import('./yargs-factory.ts');
  'execa-bundle': typeof import('./execa-bundle.ts');
  aws: typeof import('../credentials/aws.ts');
  keyring: typeof import('../credentials/keyring.ts');
  'profile-login': typeof import('../credentials/profile-login-overlay.ts');
  login: typeof import('./login.ts');
}

/** Where each lazily loaded module lives, relative to src/ (and to dist/ once built). */
export const LAZY_PATHS: { readonly [K in keyof Lazy]: string } = {
  complete: 'cli/complete',
  completion: 'cli/completion',
  doctor: 'cli/doctor',
  explain: 'cli/explain',
  dispatch: 'cli/dispatch',
  migrate: 'cli/migrate',
  profiles: 'cli/profiles',
  secret: 'cli/secret',
  shim: 'cli/shim',
  trust: 'cli/trust',
  'trust-prompt': 'cli/trust-prompt',
  'status-prompt': 'cli/status-prompt',
  'yargs-factory': 'cli/yargs-factory',
  'execa-bundle': 'cli/execa-bundle',
  aws: 'credentials/aws',
  keyring: 'credentials/keyring',
  'profile-login': 'credentials/profile-login-overlay',
  login: 'cli/login',
};

export async function loadCommand<K extends keyof Lazy>(name: K): Promise<Lazy[K]> {
  if (typeof __CX_BUNDLED__ === 'boolean' && __CX_BUNDLED__) {
    // A path esbuild cannot follow: the file is another entry point of the same build.
    // __dirname is dist/ in the launch bundle, and dist/cli, dist/commands or dist/credentials in a command's.
    const dist = /[\\/]dist[\\/](cli|credentials|commands)$/.test(__dirname) ? __dirname.replace(/[\\/][^\\/]+$/, '') : __dirname;
    // Through the code-cache loader bin/cx.js already loaded (docs/code-cache.md).
    const loader = require([dist, 'code-cache', 'load-cached.cjs'].join('/')) as typeof import('../code-cache/load-cached.ts');
    return loader.loadCached(dist, `${LAZY_PATHS[name]}.cjs`) as Lazy[K];
  }
  // Built from parts so the bundler does not pull every module into the launch bundle.
  const source = ['..', `${LAZY_PATHS[name]}.ts`].join('/');
  return import(source) as Promise<Lazy[K]>;
}
