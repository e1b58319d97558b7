// Glob matching without a library: picomatch costs ~5 ms to load, on every launch, for what is a
// dozen lines here. Two flavours: plain strings (git remote URLs, regions), where `*` matches
// anything including `/`, and paths, where `*` and `?` stay within one segment and `**` spans any.

function classAt(pattern: string, i: number): { source: string; end: number } | null {
  const end = pattern.indexOf(']', i + 2);
  if (end === -1) return null;
  const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
  return { source: `[${body}]`, end };
}

function escapeChar(ch: string): string {
  return ch.replace(/[.+^${}()|\\]/g, '\\$&');
}

function toRegExp(pattern: string, path: boolean): RegExp {
  const any = path ? '[^/]*' : '.*';
  const one = path ? '[^/]' : '.';
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i] as string;
    if (path && pattern.startsWith('**', i)) {
      const atStart = i === 0 || pattern[i - 1] === '/';
      const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
      if (atStart && atEnd) {
        // `a/**` matches a and everything under it; `a/**/b` matches a/b, a/x/b, …
        if (i + 2 === pattern.length) source = source.endsWith('/') ? `${source.slice(0, -1)}(?:/.*)?` : `${source}.*`;
        else source += '(?:.*/)?';
        i += 2; // also skips the `/` after a middle `**`
        continue;
      }
    }
    if (ch === '*') source += any;
    else if (ch === '?') source += one;
    else if (ch === '[') {
      const cls = classAt(pattern, i);
      if (cls === null) source += '\\[';
      else {
        source += cls.source;
        i = cls.end;
      }
    } else source += escapeChar(ch);
  }
  return new RegExp(`^${source}$`, 's');
}

/** fnmatch on a plain string: `*` matches anything (including `/`), `?` one character, `[…]` a class. */
export function wildcardMatch(pattern: string, text: string): boolean {
  return toRegExp(pattern, false).test(text);
}

/** A glob on a path: `*`/`?` within a segment, `**` across segments; `dir/**` matches `dir` too. */
export function pathMatch(pattern: string, path: string): boolean {
  return toRegExp(pattern, true).test(path);
}
