// package.json's build script: one esbuild entry per lazily loaded bundle (lazy-bundles.ts), after
// the launch bundle's. yargs's and execa's bundles have a step of their own.
export const SEPARATELY_BUILT = ['cli/yargs-factory', 'cli/execa-bundle'];

export function buildEntries(lazyPaths: readonly string[]): string[] {
  return ['src/cx.ts', ...lazyPaths.filter((path) => !SEPARATELY_BUILT.includes(path)).map((path) => `src/${path}.ts`)];
}

/** package.json with the build script's entry list replaced, everything else as written. */
export function packageJson(text: string, lazyPaths: readonly string[]): string {
  const start = text.indexOf('"build": "esbuild ');
  const end = text.indexOf(' --external:', start);
  if (start < 0 || end < 0) throw new Error('package.json: the build script does not start with `esbuild ENTRIES --external:`');
  return `${text.slice(0, start)}"build": "esbuild ${buildEntries(lazyPaths).join(' ')}${text.slice(end)}`;
}
