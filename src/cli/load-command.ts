// The commands that do not launch codex are bundled separately (dist/cli/NAME.cjs) and loaded only
// when run, so a plain launch compiles none of their code. From source (tests), plain imports.
declare const __CX_BUNDLED__: boolean | undefined;

interface Commands {
  explain: typeof import('./explain.ts');
  help: typeof import('./help.ts');
  migrate: typeof import('./migrate.ts');
  profiles: typeof import('./profiles.ts');
  trust: typeof import('./trust.ts');
  'trust-prompt': typeof import('./trust-prompt.ts');
}

export async function loadCommand<K extends keyof Commands>(name: K): Promise<Commands[K]> {
  if (typeof __CX_BUNDLED__ === 'boolean' && __CX_BUNDLED__) {
    // A path esbuild cannot follow: the file is another entry point of the same build.
    const file: string = [__dirname, 'cli', `${name}.cjs`].join('/');
    return require(file) as Commands[K];
  }
  // Built from parts so the bundler does not pull every command into the launch bundle.
  const source = ['.', `${name}.ts`].join('/');
  return import(source) as Promise<Commands[K]>;
}
