// Which code a plain cx launch loads, read from esbuild's metafile (dist/meta.json, written by
// `npm run build`). The build is one CommonJS file, dist/cx.cjs, with no chunks, so a launch
// parses everything bundled into it; the only other code it can load is what it imports from
// outside the bundle: eagerly (`require("x")` at the top of a module, kind `require-call`, or
// `import-statement` in an ES module build) or lazily (`import("x")`, kind `dynamic-import`, run
// only where it is needed). Used by bench/launch.mjs and test/launch-graph.test.ts; plain ESM with
// no dependencies.
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';

/** Packages a plain launch must not load (product.md, "Speed"). Matched by name, or by scope when ending in `/`. */
export const HEAVY_PACKAGES = ['yargs', 'yargs-parser', 'execa', '@aws-sdk/', '@smithy/', 'keytar', 'dotenv'];

/** The output a plain launch runs (bin/cx.js requires it), as the metafile names it. */
export const LAUNCH_OUTPUT = 'dist/cx.cjs';

const EAGER_KINDS = new Set(['import-statement', 'require-call']);
const LAZY_KINDS = new Set(['dynamic-import']);

/** A Node builtin (`node:fs`, `fs`, `fs/promises`, `node:test`): never counted as an external package. */
export function isBuiltinSpecifier(specifier) {
  return specifier.startsWith('node:') || isBuiltin(specifier);
}

/**
 * `@scope/name` or `name` of a bare specifier (`dotenv/config`) or of a path containing
 * node_modules/ (the last one, so pnpm's `node_modules/.pnpm/x@1/node_modules/x/…` and nested
 * installs name the package actually loaded).
 */
export function packageOf(specifierOrPath) {
  const at = specifierOrPath.lastIndexOf('node_modules/');
  const rest = at === -1 ? specifierOrPath : specifierOrPath.slice(at + 'node_modules/'.length);
  const parts = rest.split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
}

function addUnique(list, item) {
  if (!list.includes(item)) list.push(item);
}

/**
 * The launch graph of `output` in an esbuild metafile object: the modules bundled into it, the npm
 * packages among them, and its imports left to Node, split into eager and lazy (builtins apart).
 */
export function launchGraph(metafile, output = LAUNCH_OUTPUT) {
  const out = metafile?.outputs?.[output];
  if (!out) {
    const known = Object.keys(metafile?.outputs ?? {});
    throw new Error(`the metafile has no output ${output} (it has: ${known.join(', ') || 'none'}; stale build? run \`npm run build\`)`);
  }
  const modules = Object.keys(out.inputs ?? {});
  const packages = [];
  for (const path of modules) {
    if (!path.includes('node_modules/')) continue;
    const name = packageOf(path);
    let entry = packages.find((p) => p.name === name);
    if (!entry) packages.push((entry = { name, modules: 0, bytesInOutput: 0, firstModule: path }));
    entry.modules += 1;
    entry.bytesInOutput += out.inputs[path].bytesInOutput ?? 0;
  }
  const eager = [];
  const lazy = [];
  const builtins = [];
  const other = [];
  for (const { path, kind, external } of out.imports ?? []) {
    // An import that is not external is another output file (a chunk): this reader (and the
    // build it checks) assume one self-contained file, so say so rather than miss what it loads.
    if (external === false || (external === undefined && Object.hasOwn(metafile.outputs, path))) {
      throw new Error(`${output} imports another output, ${path} (${kind}): the launch graph reader expects a single-file bundle`);
    }
    if (isBuiltinSpecifier(path)) addUnique(builtins, path);
    else if (EAGER_KINDS.has(kind)) addUnique(eager, path);
    else if (LAZY_KINDS.has(kind)) addUnique(lazy, path);
    else addUnique(other, `${path} (${kind})`); // e.g. require-resolve: loads nothing
  }
  return { output, bytes: out.bytes, entryPoint: out.entryPoint ?? null, modules, packages, eager, lazy, builtins, other };
}

/** launchGraph() of a metafile on disk (e.g. dist/meta.json). */
export function readLaunchGraph(metafilePath, output = LAUNCH_OUTPUT) {
  let metafile;
  try {
    metafile = JSON.parse(readFileSync(metafilePath, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the esbuild metafile ${metafilePath} (run \`npm run build\`): ${error.message}`);
  }
  return launchGraph(metafile, output);
}

/** The heavy packages a plain launch loads: bundled at all, or imported eagerly from outside. */
export function heavyIn(graph, heavy = HEAVY_PACKAGES) {
  const isHeavy = (name) => heavy.some((h) => (h.endsWith('/') ? name.startsWith(h) : name === h));
  const found = [];
  for (const p of graph.packages) if (isHeavy(p.name)) found.push({ package: p.name, how: 'bundled', via: p.firstModule });
  for (const specifier of graph.eager) {
    const name = packageOf(specifier);
    if (isHeavy(name)) found.push({ package: name, how: 'eager external', via: specifier });
  }
  return found;
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** A readable description of the graph, for the bench report (indented lines, no trailing newline). */
export function describeLaunchGraph(graph) {
  const fromSrc = graph.modules.filter((m) => !m.includes('node_modules/')).length;
  const pkgs = graph.packages.length
    ? graph.packages.map((p) => `${p.name} (${p.modules} module${p.modules === 1 ? '' : 's'}, ${kib(p.bytesInOutput)})`).join(', ')
    : 'none';
  const lines = [
    `  ${graph.output}  ${kib(graph.bytes)}, ${graph.modules.length} modules (${fromSrc} own, ${graph.modules.length - fromSrc} from node_modules)`,
    `  bundled packages: ${pkgs}`,
    `  eager external imports: ${graph.eager.length ? graph.eager.join(', ') : 'none'}`,
    `  lazy external imports (import() where needed, not loaded by a plain launch): ${graph.lazy.length ? graph.lazy.join(', ') : 'none'}`,
    `  Node builtins imported (ignored): ${graph.builtins.length ? graph.builtins.join(', ') : 'none'}`,
  ];
  if (graph.other.length) lines.push(`  other references (load nothing): ${graph.other.join(', ')}`);
  return lines.join('\n');
}
