// Which code a plain cx launch loads: the static import closure of the built bundle (dist/cx.js and
// the chunks it imports with `import … from`), not the chunks it only loads with `import()`.
// esbuild (unminified) marks every bundled module with a `// path/to/module.js` comment, so the
// npm packages in that closure can be read off the files. Used by bench/launch.mjs and by
// test/launch-graph.test.ts; plain ESM with no dependencies.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';

/** Packages a plain launch must not load (product.md, "Speed"). Matched by name or by scope. */
export const HEAVY_PACKAGES = ['yargs', 'yargs-parser', 'execa', '@aws-sdk/', '@smithy/', 'keytar', 'dotenv'];

// esbuild writes static imports and re-exports at the start of a line:
//   import { a, b } from "./chunks/chunk-X.js";   import "./x.js";   export { c } from "./y.js";
// Dynamic `import("…")` never matches (no whitespace-then-quote or `from` after `import`).
const STATIC_IMPORT = /^(?:import|export)\s*(?:(?:[\w$*\s,]+|\{[^}]*\}|[\w$]+\s*,\s*\{[^}]*\})\s*from\s*)?["']([^"']+)["']/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
// `require("pkg")` survives bundling for packages esbuild leaves external (e.g. native addons).
const REQUIRE_CALL = /\b(?:__require|require)\(\s*["']([^"']+)["']\s*\)/g;
// The comment esbuild puts above each bundled module, e.g. `// node_modules/smol-toml/dist/parse.js`.
const MODULE_MARKER = /^\/\/ (\S+\.(?:[cm]?[jt]sx?|json))$/gm;

const BUILTINS = new Set(builtinModules);

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0]);
}

/** `@scope/name` or `name` of a bare specifier or of a path containing node_modules/. */
export function packageOf(specifierOrPath) {
  const at = specifierOrPath.lastIndexOf('node_modules/');
  const rest = at === -1 ? specifierOrPath : specifierOrPath.slice(at + 'node_modules/'.length);
  const parts = rest.split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
}

function matchAll(pattern, text) {
  return [...text.matchAll(pattern)].map((match) => match[1]);
}

/**
 * Reads the static import closure of `entry` (an absolute path to a built file).
 * Returns the files in load order with what each one bundles and imports.
 */
export function staticClosure(entry) {
  const files = [];
  const seen = new Set();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!existsSync(file)) throw new Error(`${file} is imported but does not exist (stale build? run \`npm run build\`)`);
    const text = readFileSync(file, 'utf8');
    const staticSpecifiers = matchAll(STATIC_IMPORT, text);
    const relativeImports = staticSpecifiers.filter((s) => s.startsWith('./') || s.startsWith('../'));
    const bareImports = staticSpecifiers.filter((s) => !relativeImports.includes(s));
    const modules = matchAll(MODULE_MARKER, text);
    files.push({
      file,
      bytes: Buffer.byteLength(text),
      modules: [...new Set(modules)],
      // Bundled npm packages, from esbuild's module markers.
      packages: [...new Set(modules.filter((m) => m.includes('node_modules/')).map(packageOf))],
      // Imports left to Node: builtins, and packages esbuild did not bundle.
      externals: [...new Set([...bareImports, ...matchAll(REQUIRE_CALL, text)].filter((s) => !s.startsWith('.') && !isBuiltin(s)))],
      builtins: [...new Set(bareImports.filter(isBuiltin))],
      lazy: [...new Set(matchAll(DYNAMIC_IMPORT, text).filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s)))],
    });
    for (const specifier of relativeImports) queue.push(resolve(dirname(file), specifier));
  }
  return files;
}

/** The heavy packages (HEAVY_PACKAGES) in a closure, with the file each one is in. */
export function heavyIn(closure, heavy = HEAVY_PACKAGES) {
  const isHeavy = (name) => heavy.some((h) => (h.endsWith('/') ? name.startsWith(h) : name === h));
  const found = [];
  for (const { file, packages, externals } of closure) {
    for (const name of packages) if (isHeavy(name)) found.push({ package: name, file, how: 'bundled' });
    for (const specifier of externals) {
      const name = packageOf(specifier);
      if (isHeavy(name)) found.push({ package: name, file, how: 'external import' });
    }
  }
  return found;
}

/** A readable listing of the closure (paths relative to `root`). */
export function describeClosure(closure, root) {
  const lines = [];
  const inClosure = new Set(closure.map((f) => f.file));
  for (const f of closure) {
    const pkgs = f.packages.length ? `bundles ${f.packages.join(', ')}` : 'no npm packages';
    const ext = f.externals.length ? `; external: ${f.externals.join(', ')}` : '';
    lines.push(`  ${relative(root, f.file)}  ${(f.bytes / 1024).toFixed(1)} KiB, ${f.modules.length} modules, ${pkgs}${ext}`);
  }
  const lazy = [...new Set(closure.flatMap((f) => f.lazy))].filter((file) => !inClosure.has(file));
  if (lazy.length) lines.push(`  lazy (import() only, not loaded by a plain launch): ${lazy.map((file) => relative(root, file)).join(', ')}`);
  return lines.join('\n');
}
