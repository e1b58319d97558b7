// A bundle that runs from a V8 code cache is a vm.Script whose cache was accepted: it has no
// dynamic-import callback, so an import() in it fails at run time ("A dynamic import callback was
// not specified") — `cx init` at a terminal did, once the dispatcher got a cache. Every bundle the
// build made a cache for must load what it needs with require() or process.getBuiltinModule().
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cx-process.ts';

const CACHE_DIR = join(ROOT, '.code-cache');

/** The bundles under dist/ (cli/dispatch.cjs, …) with a cache: cli-dispatch.cjs.<V8 version>….v8cache. */
function bundlesWithCaches(): string[] {
  const caches = readdirSync(CACHE_DIR);
  const bundles = readdirSync(join(ROOT, 'dist'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.cjs'));
  return bundles.filter((bundle) => caches.some((cache) => cache.startsWith(`${bundle.replace(/[\\/]/g, '-')}.`))).map((bundle) => join(ROOT, 'dist', bundle));
}

describe('bundles that run from a code cache', () => {
  it('call no import() (each found, and none of them)', () => {
    expect(existsSync(CACHE_DIR), '.code-cache is missing: run `npm run build`').toBe(true);
    const bundles = bundlesWithCaches();
    expect(bundles.map((b) => relative(ROOT, b))).toContain(join('dist', 'cx.cjs'));
    for (const bundle of bundles) {
      expect(existsSync(bundle), bundle).toBe(true);
      const calls = readFileSync(bundle, 'utf8').match(/\bimport\(\s*["'`][^"'`]*["'`]\s*\)/g) ?? [];
      expect(calls, bundle).toEqual([]);
    }
  });
});
