// Types for bench/launch-graph.mjs (plain ESM, shared by the bench and test/launch-graph.test.ts).

/** The parts of an esbuild metafile (`--metafile=…`) the reader uses. */
export interface Metafile {
  inputs?: Record<string, unknown>;
  outputs: Record<string, MetafileOutput>;
}

export interface MetafileOutput {
  bytes: number;
  entryPoint?: string;
  /** Bundled modules (paths relative to the build's working directory) and their bytes in this output. */
  inputs: Record<string, { bytesInOutput: number }>;
  /** What the output imports at run time; in a single-file bundle, all external. */
  imports: { path: string; kind: string; external?: boolean }[];
  exports?: string[];
}

export interface BundledPackage {
  /** `name` or `@scope/name`. */
  name: string;
  /** How many of its modules are bundled. */
  modules: number;
  bytesInOutput: number;
  /** The first of its modules in the metafile (a path containing node_modules/). */
  firstModule: string;
}

export interface LaunchGraph {
  /** The output described, e.g. `dist/cx.cjs`. */
  output: string;
  bytes: number;
  entryPoint: string | null;
  /** Every module bundled into the output (`src/…`, `node_modules/…`). */
  modules: string[];
  /** npm packages bundled into the output, in metafile order. */
  packages: BundledPackage[];
  /** Non-builtin external specifiers loaded when the bundle starts (`require-call`, `import-statement`). */
  eager: string[];
  /** Non-builtin external specifiers loaded only with `import()` (`dynamic-import`). */
  lazy: string[];
  /** Node builtins the output imports, of any kind (not counted). */
  builtins: string[];
  /** Other external references that load nothing (e.g. `require-resolve`), as `specifier (kind)`. */
  other: string[];
}

export interface HeavyHit {
  package: string;
  how: 'bundled' | 'eager external';
  /** The first bundled module of the package, or the external specifier. */
  via: string;
}

export const HEAVY_PACKAGES: readonly string[];
export const LAUNCH_OUTPUT: string;
export function isBuiltinSpecifier(specifier: string): boolean;
export function packageOf(specifierOrPath: string): string;
export function launchGraph(metafile: Metafile, output?: string): LaunchGraph;
export function readLaunchGraph(metafilePath: string, output?: string): LaunchGraph;
export function heavyIn(graph: LaunchGraph, heavy?: readonly string[]): HeavyHit[];
export function describeLaunchGraph(graph: LaunchGraph): string;
