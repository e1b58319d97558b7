// The codex releases cx is tested with: package.json's "cx"."codexRange" (its newest is the pinned
// @openai/codex devDependency; `npm test` runs the real-codex tests against both ends). Bundled into
// the commands that state it (doctor), never into the launch bundle.
import manifest from '../package.json' with { type: 'json' };

export interface CodexRange {
  oldest: string;
  newest: string;
}

export const CODEX_RANGE: CodexRange = manifest.cx.codexRange;

/** The range as people read it: `0.1.0 to 0.2.0`. */
export function rangeText(range: CodexRange = CODEX_RANGE): string {
  return range.oldest === range.newest ? range.oldest : `${range.oldest} to ${range.newest}`;
}

/** major.minor.patch and a pre-release tag, or null for anything else. */
function parse(version: string): { numbers: [number, number, number]; pre: boolean } | null {
  const match = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/.exec(version);
  if (!match) return null;
  return { numbers: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] !== undefined };
}

/** Semver order of two versions (a pre-release before its release); null when one is not a version. */
export function compareVersions(a: string, b: string): number | null {
  const [x, y] = [parse(a), parse(b)];
  if (x === null || y === null) return null;
  for (let i = 0; i < 3; i += 1) {
    const d = (x.numbers[i] as number) - (y.numbers[i] as number);
    if (d !== 0) return Math.sign(d);
  }
  return Number(y.pre) - Number(x.pre);
}

/** Where `version` sits against the range; 'unknown' when it is not a version cx can order. */
export function placeInRange(version: string, range: CodexRange = CODEX_RANGE): 'older' | 'within' | 'newer' | 'unknown' {
  const [low, high] = [compareVersions(version, range.oldest), compareVersions(version, range.newest)];
  if (low === null || high === null) return 'unknown';
  if (low < 0) return 'older';
  if (high > 0) return 'newer';
  return 'within';
}
