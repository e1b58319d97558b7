// The man pages, `cx --cx-help` and the code say the same things: the same command words and
// --cx- options, every environment variable and finding code cx uses, the exit statuses, the
// capability table, and examples that cx actually accepts. Each check fails when one side changes
// without the other.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { CX_HELP } from '../../src/cli/help.ts';
import { CX_COMMANDS, CX_OPTIONS, HIDDEN_COMMANDS } from '../../src/cli/split-argv.ts';
import { parseCxrc } from '../../src/config/cxrc.ts';
import { loadCxConfig } from '../../src/config/cx-config.ts';
import { EXIT } from '../../src/exit-status.ts';
import capabilities from '../../src/compat/capabilities.json' with { type: 'json' };
import { ROOT, tempDir } from '../helpers/cx-process.ts';

const MAN = join(ROOT, 'man');
const source = (page: string): string => readFileSync(join(MAN, page), 'utf8');
/** The page as a reader sees it: rendered by mandoc, wide enough that nothing wraps, no overstrike. */
const rendered = (page: string): string =>
  execFileSync('mandoc', ['-T', 'ascii', '-O', 'width=300', join(MAN, page)], { encoding: 'utf8' }).replace(/.\x08/g, '');

/** The source lines of one `.Sh` section (or `.Ss` subsection). */
function section(text: string, title: string, macro: 'Sh' | 'Ss' = 'Sh'): string {
  const start = text.indexOf(`\n.${macro} ${title}\n`);
  expect(start, `section ${title}`).toBeGreaterThan(-1);
  const rest = text.slice(start + title.length + 5);
  const end = rest.search(macro === 'Sh' ? /\n\.Sh / : /\n\.S[hs] /);
  return end < 0 ? rest : rest.slice(0, end);
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** doctor's own option is spelled like a cx option; it is doctor's, not one of CX_OPTIONS. */
const COMMAND_OPTIONS_SPELLED_CX = ['--cx-only'];
const cxOptionsIn = (text: string): string[] => sorted([...text.matchAll(/--cx-[a-z][a-z-]*/g)].map((m) => m[0]).filter((o) => !COMMAND_OPTIONS_SPELLED_CX.includes(o)));

describe('command words and --cx- options: split-argv.ts, --cx-help and man cx agree', () => {
  const page = source('cx.1');

  it('man cx: SYNOPSIS, COMMANDS and DESCRIPTION name exactly CX_COMMANDS', () => {
    const synopsis = section(page, 'SYNOPSIS');
    // The first .Cm after each .Nm is the command word (`trust | untrust` is two).
    const fromSynopsis = [...synopsis.matchAll(/^\.Nm\n\.Cm ([^\n]+)$/gm)].flatMap((m) => (m[1] as string).split('|').map((w) => w.trim()));
    expect(sorted(fromSynopsis)).toEqual(sorted(CX_COMMANDS));
    const fromCommands = [...section(page, 'COMMANDS').matchAll(/^\.It Cm ([a-z_]+)/gm)].map((m) => m[1] as string);
    expect(sorted(fromCommands)).toEqual(sorted(CX_COMMANDS));
    const claimed = section(page, 'DESCRIPTION').split('claims only:')[1]?.split('.It\na leading')[0] ?? '';
    expect(sorted([...claimed.matchAll(/^\.Cm ([a-z_]+)/gm)].map((m) => m[1] as string))).toEqual(sorted(CX_COMMANDS));
  });

  it('--cx-help: its command list is exactly CX_COMMANDS', () => {
    const block = CX_HELP.split("cx's commands")[1]?.split('cx options')[0] ?? '';
    const words = [...block.matchAll(/(?:^ {2}|\/ )cx ([a-z_]+)/gm)].map((m) => m[1] as string);
    expect(sorted(words)).toEqual(sorted(CX_COMMANDS));
  });

  it('no hidden command is advertised', () => {
    for (const hidden of HIDDEN_COMMANDS) {
      expect(CX_HELP).not.toContain(hidden);
      expect(rendered('cx.1')).not.toContain(hidden);
    }
  });

  it('the --cx- options: the same set in split-argv.ts, --cx-help and man cx (OPTIONS section and whole page)', () => {
    const options = sorted(CX_OPTIONS);
    expect(cxOptionsIn(CX_HELP)).toEqual(options);
    const helpBlock = CX_HELP.split('cx options')[1]?.split('\n\n')[0] ?? '';
    expect(sorted([...helpBlock.matchAll(/^ {2}(--cx-[a-z-]+)/gm)].map((m) => m[1] as string))).toEqual(options);
    expect(cxOptionsIn(rendered('cx.1'))).toEqual(options);
    const tagged = [...section(page, 'OPTIONS').matchAll(/^\.It Fl (-cx-[a-z-]+)/gm)].map((m) => `-${m[1] as string}`);
    expect(sorted(tagged)).toEqual(options);
  });
});

describe('environment variables', () => {
  /** Every variable cx reads by name in src/ (envValue(env, 'X'), env['X'], process.env['X']). */
  function readInSource(): string[] {
    const names = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const text = readFileSync(path, 'utf8');
          for (const m of text.matchAll(/envValue\([^,()]+, '([A-Z][A-Z0-9_]*)'\)|env\['([A-Z][A-Z0-9_]*)'\]/g)) names.add((m[1] ?? m[2]) as string);
        }
      }
    };
    walk(join(ROOT, 'src'));
    return sorted(names);
  }

  const BRIEF = ['CODEX_HOME', 'CX_PROFILE', 'CODEX_PROFILE', 'CX_CODEX_BIN', 'CX_CONFIG', 'CX_STRICT', 'CX_KEYRING_TIMEOUT_MS', 'CX_DOCTOR_TIMEOUT_MS', 'CX_DEBUG', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'NO_COLOR'];

  it('every variable cx reads is in man cx ENVIRONMENT', () => {
    const documented = rendered('cx.1').split('\nENVIRONMENT\n')[1]?.split('\nFILES\n')[0] ?? '';
    // npm's own variables, read to mirror the npm launcher, are not cx's interface.
    const read = readInSource().filter((name) => !name.startsWith('npm_'));
    expect(read.length).toBeGreaterThan(10);
    const missing = read.filter((name) => !new RegExp(`\\b${name}\\b`).test(documented));
    expect(missing).toEqual([]);
    for (const name of BRIEF) expect(documented).toMatch(new RegExp(`^ {5}${name}\\b`, 'm'));
  });

  it('--cx-help lists cx\'s own variables', () => {
    const line = CX_HELP.split('Environment:')[1]?.split('Exit status')[0] ?? '';
    expect(sorted(line.split(/[\s,]+/).filter(Boolean))).toEqual(sorted(BRIEF));
  });
});

describe('finding codes', () => {
  /** Every finding code cx can emit, read off src/ (code: 'x', ternaries, block(), refuse(), templates). */
  function emitted(): { codes: string[]; prefixes: string[] } {
    const codes = new Set<string>();
    const prefixes = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          const text = readFileSync(path, 'utf8');
          const add = (m: RegExpMatchArray): void => {
            for (const group of m.slice(1)) if (group !== undefined) codes.add(group);
          };
          for (const m of text.matchAll(/\bcode: '([a-z][a-z0-9-]+)'/g)) add(m);
          for (const m of text.matchAll(/\bcode: [^,`\n]*?\? '([a-z][a-z0-9-]+)' : '([a-z][a-z0-9-]+)'/g)) add(m);
          for (const m of text.matchAll(/\bblock\((?:[^,'`\n]*\? )?'([a-z][a-z0-9-]+)'(?: : '([a-z][a-z0-9-]+)')?/g)) add(m);
          for (const m of text.matchAll(/\brefuse\(args, findings, '([a-z][a-z0-9-]+)'/g)) add(m);
          for (const m of text.matchAll(/\bcode: `([a-z][a-z0-9-]*-)\$\{/g)) prefixes.add(m[1] as string);
        }
      }
    };
    walk(join(ROOT, 'src'));
    return { codes: sorted(codes), prefixes: sorted(prefixes) };
  }

  const documented = (): string[] => {
    const text = section(source('cx.1'), 'Finding codes', 'Ss');
    return sorted([...text.matchAll(/^\.Li ([a-z][a-z0-9-]*)/gm)].map((m) => m[1] as string));
  };

  it('every code cx emits is documented in man cx', () => {
    const { codes, prefixes } = emitted();
    expect(codes.length).toBeGreaterThan(20);
    expect(codes.filter((code) => !documented().includes(code))).toEqual([]);
    for (const prefix of prefixes) expect(documented().some((code) => code.startsWith(prefix)), prefix).toBe(true);
  });

  it('every code documented is one cx emits', () => {
    const { codes, prefixes } = emitted();
    const stale = documented().filter((code) => !codes.includes(code) && !prefixes.some((prefix) => code.startsWith(prefix)));
    expect(stale).toEqual([]);
  });
});

describe('the capability table in man cx', () => {
  const SHORT: Readonly<Record<string, string>> = { yes: 'yes', no: 'no', unknown: '?' };
  const COLUMNS = ['web_search', 'image_generation', 'codex_cloud', 'service_tier', 'voice', 'data_residency'] as const;

  it('matches src/compat/capabilities.json, row by row and cell by cell, with its date', () => {
    const text = section(source('cx.1'), 'PROVIDER COMPATIBILITY');
    const table = text.split('.Bl -column')[1]?.split('.El')[0] ?? '';
    const rows = [...table.matchAll(/^\.It ([a-z][a-z-]*) Ta (.+)$/gm)].map((m) => [m[1] as string, ...(m[2] as string).split(' Ta ')]);
    const rowsJson = capabilities.rows as Record<string, { features: Record<string, string> }>;
    const expected = Object.entries(rowsJson).map(([id, row]) => [id, ...COLUMNS.map((f) => SHORT[row.features[f] ?? 'unknown'] ?? '?')]);
    expect(rows).toEqual(expected);
    expect(text).toContain(`dated ${capabilities.date}, checked with ${capabilities.checked_with}`);
  });
});

describe('exit statuses', () => {
  it('every status in exit-status.ts is in man cx EXIT STATUS and in --cx-help', () => {
    const exit = section(source('cx.1'), 'EXIT STATUS');
    for (const status of Object.values(EXIT)) {
      expect(exit).toMatch(new RegExp(`^\\.It ${status}$`, 'm'));
      expect(CX_HELP).toMatch(new RegExp(`\\b${status}\\b`));
    }
  });
});

describe('the examples in the man pages are accepted', () => {
  /** The text of each `.Bd -literal` display, with roff escapes undone. */
  function literals(page: string): string[] {
    return [...source(page).matchAll(/^\.Bd -literal[^\n]*\n([\s\S]*?)^\.Ed$/gm)].map((m) => (m[1] as string).replace(/\\e/g, '\\').replace(/\\&/g, ''));
  }

  function cxConfigAccepted(text: string): void {
    const dir = tempDir('cx-man-');
    const path = join(dir, 'config.toml');
    writeFileSync(path, text);
    expect(() => loadCxConfig({ CX_CONFIG: path, HOME: dir })).not.toThrow();
  }

  it('cxrc(5): each .cxrc parses as a .cxrc, and each configuration as cx\'s configuration', () => {
    const blocks = literals('cxrc.5');
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const block of blocks) {
      if (block.startsWith('# .cxrc') || /^[a-z]+\n$/.test(block)) expect(parseCxrc('/repo/.cxrc', block).profile?.value).toBe('bedrock');
      else cxConfigAccepted(block);
    }
  });

  it('cx(1): profiles parse as TOML; cx configuration blocks are accepted by cx', () => {
    const blocks = literals('cx.1').filter((block) => /^[a-z_[]|^# \$CODEX_HOME|^# ~\/\.config/m.test(block) && !/^(cx|printf|AWS_PROFILE)\b/m.test(block));
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    for (const block of blocks) {
      if (block.startsWith('# $CODEX_HOME/')) expect(() => parseToml(block), block).not.toThrow();
      else cxConfigAccepted(block);
    }
  });
});

describe('installing the pages', () => {
  it('package.json lists every page in man/, and `man` files ship', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { man: string[]; files: string[] };
    const pages = readdirSync(MAN).filter((name) => /\.\d$/.test(name)).map((name) => relative(ROOT, join(MAN, name)));
    expect(sorted(pkg.man)).toEqual(sorted(pages));
    expect(sorted(pages)).toEqual(['man/cx.1', 'man/cxrc.5']);
    expect(pkg.files).toContain('man');
  });
});
