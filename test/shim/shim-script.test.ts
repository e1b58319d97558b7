// The shim's text, and telling a cx shim from a foreign codex by what a file holds.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SHIM_MARKER } from '../../src/launch/shim-marker.ts';
import { isShimText } from '../../src/launch/shim-marker.ts';
import { describeFileHead, describeSymlink, shimScript } from '../../src/shim/shim-script.ts';

describe('shimScript', () => {
  it('is the same bytes for the same node and cx, and carries the marker', () => {
    const text = shimScript('/usr/bin/node', '/opt/cx/bin/cx.js');
    expect(text).toBe(shimScript('/usr/bin/node', '/opt/cx/bin/cx.js'));
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(`# ${SHIM_MARKER}\n`);
    expect(text.endsWith(`exec '/usr/bin/node' '/opt/cx/bin/cx.js' "$@"\n`)).toBe(true);
  });

  it('quotes paths so /bin/sh reads them back exactly', () => {
    const node = "/o'dd $dir/`x`\n/node";
    const cx = '/a b/bin/cx.js';
    // The exec line with `exec` swapped for printf shows what sh would run.
    const text = shimScript(node, cx);
    const body = text.slice(text.indexOf('exec ')).replace(/^exec /, "printf '%s\\0' ");
    const out = execFileSync('/bin/sh', ['-c', body, 'sh', 'arg one']).toString('utf8');
    expect(out.split('\0').slice(0, -1)).toEqual([node, cx, 'arg one']);
  });
});

describe('recognising a cx shim', () => {
  it('a text with the marker is a shim; a foreign codex script is not', () => {
    expect(isShimText(shimScript('/n', '/c/bin/cx.js'))).toBe(true);
    expect(isShimText('#!/bin/sh\nexec /usr/lib/node_modules/@openai/codex/bin/codex.js "$@"\n')).toBe(false);
    expect(isShimText('')).toBe(false);
  });

  it('describes a foreign file by its first bytes', () => {
    expect(describeFileHead(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), 123456)).toBe('a program (123456 bytes; perhaps the real codex)');
    expect(describeFileHead(Buffer.from('#!/usr/bin/env node\nrequire("x")\n'), 40)).toBe('a script starting "#!/usr/bin/env node" (40 bytes)');
    expect(describeFileHead(Buffer.from('hello'), 5)).toBe('a file of 5 bytes');
    expect(describeFileHead(Buffer.alloc(0), 0)).toBe('a file of 0 bytes');
  });

  it('describes a symlink: to cx itself, dangling, or elsewhere', () => {
    const self = new Set(['/opt/cx/bin/cx.js']);
    expect(describeSymlink('../cx/bin/cx.js', '/opt/cx/bin/cx.js', self)).toBe('a symlink to ../cx/bin/cx.js, which is cx itself (it already runs cx)');
    expect(describeSymlink('/gone', null, self)).toBe('a symlink to /gone, which does not exist');
    expect(describeSymlink('/usr/bin/codex-real', '/usr/bin/codex-real', self)).toBe('a symlink to /usr/bin/codex-real');
  });
});
