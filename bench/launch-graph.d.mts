// Types for bench/launch-graph.mjs (plain ESM, shared by the bench and test/launch-graph.test.ts).

export interface ClosureFile {
  /** Absolute path of a built file in the static closure. */
  file: string;
  bytes: number;
  /** esbuild's module markers in the file (`src/…`, `node_modules/…`). */
  modules: string[];
  /** npm packages bundled into the file. */
  packages: string[];
  /** Non-builtin bare imports and require() calls left to Node at run time. */
  externals: string[];
  /** Node builtins the file imports statically. */
  builtins: string[];
  /** Files the file loads with import() only (absolute paths). */
  lazy: string[];
}

export interface HeavyHit {
  package: string;
  file: string;
  how: 'bundled' | 'external import';
}

export const HEAVY_PACKAGES: readonly string[];
export function packageOf(specifierOrPath: string): string;
export function staticClosure(entry: string): ClosureFile[];
export function heavyIn(closure: readonly ClosureFile[], heavy?: readonly string[]): HeavyHit[];
export function describeClosure(closure: readonly ClosureFile[], root: string): string;
