// A plain launch must not load yargs, execa, the AWS SDK, keytar or dotenv (product.md, "Speed"):
// none of them may be bundled into dist/cx.cjs (one file, all parsed at start) or imported by it
// eagerly; importing them with import() where they are needed is fine. Read from esbuild's
// metafile, dist/meta.json (bench/launch-graph.mjs); `npm run build` writes both.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heavyIn, launchGraph, packageOf, readLaunchGraph, type Metafile, type MetafileOutput } from '../bench/launch-graph.mjs';
import { LAZY_PATHS } from '../src/cli/load-command.ts';
import { ROOT, tempDir } from './helpers/cx-process.ts';

const BUNDLE = join(ROOT, 'dist', 'cx.cjs');
const METAFILE = join(ROOT, 'dist', 'meta.json');

describe('what a plain launch loads', () => {
  it('has dist/meta.json describing the built dist/cx.cjs', () => {
    expect(existsSync(METAFILE), 'dist/meta.json is missing: run `npm run build`').toBe(true);
    expect(existsSync(BUNDLE), 'dist/cx.cjs is missing: run `npm run build`').toBe(true);
    const metafile = JSON.parse(readFileSync(METAFILE, 'utf8')) as Metafile;
    // The launch bundle, plus one bundle per lazily loaded module (dist/cli/NAME.cjs and
    // dist/commands/NAME.cjs for commands that do not launch, dist/credentials/{aws,keyring}.cjs;
    // loaded only when that command runs); no shared chunks.
    const outputs = Object.keys(metafile.outputs).filter((name) => !name.endsWith('.map'));
    expect(outputs).toContain('dist/cx.cjs');
    expect(outputs.filter((name) => name !== 'dist/cx.cjs').every((name) => /^dist\/((cli|commands)\/[a-z-]+|credentials\/(aws|keyring|profile-login-overlay)|plan-cache\/plan-cache)\.cjs$/.test(name))).toBe(true);
    // None of the command bundles' code is in the launch bundle.
    const lazy = new Set(Object.values(LAZY_PATHS).map((path) => `src/${path}.ts`));
    expect(readLaunchGraph(METAFILE, 'dist/cx.cjs').modules.filter((m) => lazy.has(m))).toEqual([]);
    // The opt-in plan cache: only the test whether a run opted in is on the launch path.
    expect(readLaunchGraph(METAFILE, 'dist/cx.cjs').modules.filter((m) => m.startsWith('src/plan-cache/'))).toEqual(['src/plan-cache/applies.ts']);
    // yargs's and execa's bundles are built by a step of their own (package.json `build`: the package inside).
    const separate = new Set(['cli/yargs-factory', 'cli/execa-bundle']);
    expect(outputs.filter((name) => name !== 'dist/cx.cjs').sort()).toEqual(Object.values(LAZY_PATHS).filter((path) => !separate.has(path)).map((path) => `dist/${path}.cjs`).sort());
    for (const path of separate) expect(existsSync(join(ROOT, 'dist', `${path}.cjs`)), `dist/${path}.cjs`).toBe(true);
    const graph = readLaunchGraph(METAFILE, 'dist/cx.cjs');
    expect(graph.entryPoint).toBe('src/cx.ts');
    expect(graph.modules).toContain('src/cx.ts');
    // The metafile is of this very bundle, not left over from an earlier build.
    expect(graph.bytes, 'dist/meta.json does not match dist/cx.cjs: run `npm run build`').toBe(statSync(BUNDLE).size);
  });

  it('reaches none of yargs, execa, @aws-sdk, @smithy, keytar, dotenv (bundled or eagerly imported)', () => {
    const hits = heavyIn(readLaunchGraph(METAFILE)).map((hit) => `${hit.package} (${hit.how}: ${hit.via})`);
    expect(hits).toEqual([]);
  });
});

describe('the launch-graph reader', () => {
  /** A fake metafile with one output, dist/cx.cjs, bundling `inputs` and importing `imports`. */
  function metafile(inputs: string[], imports: MetafileOutput['imports'] = []): Metafile {
    return {
      outputs: {
        'dist/cx.cjs': {
          bytes: 1000,
          entryPoint: 'src/cx.ts',
          inputs: Object.fromEntries(['src/cx.ts', ...inputs].map((path) => [path, { bytesInOutput: 10 }])),
          imports,
        },
      },
    };
  }

  it('counts a bundled heavy package as a hit', () => {
    const graph = launchGraph(metafile(['node_modules/smol-toml/dist/parse.js', 'node_modules/execa/index.js', 'node_modules/execa/lib/run.js']));
    expect(graph.packages.map((p) => [p.name, p.modules])).toEqual([['smol-toml', 1], ['execa', 2]]);
    expect(heavyIn(graph)).toEqual([{ package: 'execa', how: 'bundled', via: 'node_modules/execa/index.js' }]);
  });

  it('counts a heavy package imported eagerly from outside the bundle as a hit', () => {
    const graph = launchGraph(metafile([], [
      { path: 'keytar', kind: 'require-call', external: true },
      { path: '@aws-sdk/client-sso', kind: 'import-statement', external: true },
      { path: 'dotenv/config', kind: 'require-call', external: true },
    ]));
    expect(graph.eager).toEqual(['keytar', '@aws-sdk/client-sso', 'dotenv/config']);
    expect(heavyIn(graph).map((hit) => [hit.package, hit.how])).toEqual([
      ['keytar', 'eager external'],
      ['@aws-sdk/client-sso', 'eager external'],
      ['dotenv', 'eager external'],
    ]);
  });

  it('does not count a heavy package imported lazily with import()', () => {
    const graph = launchGraph(metafile([], [
      { path: 'yargs', kind: 'dynamic-import', external: true },
      { path: '@aws-sdk/credential-providers', kind: 'dynamic-import', external: true },
      { path: 'execa', kind: 'require-resolve', external: true },
    ]));
    expect(graph.eager).toEqual([]);
    expect(graph.lazy).toEqual(['yargs', '@aws-sdk/credential-providers']);
    expect(heavyIn(graph)).toEqual([]);
  });

  it('ignores Node builtins, with or without node:', () => {
    const graph = launchGraph(metafile([], [
      { path: 'node:fs', kind: 'require-call', external: true },
      { path: 'fs/promises', kind: 'require-call', external: true },
      { path: 'child_process', kind: 'import-statement', external: true },
      { path: 'node:test', kind: 'dynamic-import', external: true },
      { path: 'smol-toml', kind: 'require-call', external: true },
    ]));
    expect(graph.builtins).toEqual(['node:fs', 'fs/promises', 'child_process', 'node:test']);
    expect(graph.eager).toEqual(['smol-toml']);
    expect(graph.lazy).toEqual([]);
    // A heavy name matches a whole package name, not a prefix of one ('smol' is not 'smol-toml').
    expect(heavyIn(graph, ['smol'])).toEqual([]);
    expect(heavyIn(graph, ['smol-toml']).map((hit) => hit.how)).toEqual(['eager external']);
  });

  it('names scoped, pnpm and nested packages right', () => {
    const graph = launchGraph(metafile([
      'node_modules/@aws-sdk/client-sso/dist-cjs/index.js',
      'node_modules/.pnpm/execa@9.6.0/node_modules/execa/index.js',
      'node_modules/.pnpm/@smithy+types@4.1.0/node_modules/@smithy/types/dist-cjs/index.js',
      'node_modules/some-tool/node_modules/yargs-parser/build/index.cjs',
      '../../work/main/node_modules/dotenv/lib/main.js', // a symlinked node_modules, as esbuild records it
    ]));
    expect(graph.packages.map((p) => p.name)).toEqual(['@aws-sdk/client-sso', 'execa', '@smithy/types', 'yargs-parser', 'dotenv']);
    expect(heavyIn(graph).map((hit) => hit.package)).toEqual(['@aws-sdk/client-sso', 'execa', '@smithy/types', 'yargs-parser', 'dotenv']);
    expect(packageOf('@aws-sdk/credential-providers/dist-es/index.js')).toBe('@aws-sdk/credential-providers');
    expect(packageOf('dotenv/config')).toBe('dotenv');
  });

  it('refuses a metafile without the output, or with chunks it cannot follow', () => {
    expect(() => launchGraph(metafile([]), 'dist/cx.js')).toThrow(/no output dist\/cx\.js/);
    const chunked = metafile([], [{ path: 'dist/chunk-X.cjs', kind: 'require-call', external: false }]);
    expect(() => launchGraph(chunked)).toThrow(/single-file bundle/);
  });

  it('reads a metafile from disk', () => {
    const file = join(tempDir('cx-graph-'), 'meta.json');
    writeFileSync(file, JSON.stringify(metafile(['node_modules/keytar/lib/keytar.js'])));
    expect(heavyIn(readLaunchGraph(file)).map((hit) => hit.package)).toEqual(['keytar']);
  });
});
