// readTextFile decodes as a fatal WHATWG TextDecoder would (what it used before buffer.isUtf8):
// the same text for valid UTF-8 (a leading BOM dropped), a refusal for every invalid sequence.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile } from '../../src/config/read-text-file.ts';
import { tempDir } from '../helpers/cx-process.ts';

const dir = tempDir('cx-read-text-');

function read(bytes: Buffer): ReturnType<typeof readTextFile> {
  const path = join(dir, 'f.toml');
  writeFileSync(path, bytes);
  return readTextFile(path, 1 << 16);
}

function decoded(bytes: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const CASES: readonly (readonly [string, Buffer])[] = [
  ['ascii', Buffer.from('model = "o3"\n')],
  ['a BOM first', Buffer.from('\uFEFFmodel = "o3"\n')],
  ['a BOM later', Buffer.from('a = "\uFEFF"\n')],
  ['two BOMs', Buffer.from('\uFEFF\uFEFFa = 1\n')],
  ['multi-byte', Buffer.from('name = "Zürich — 東京 😀"\n')],
  ['a lone continuation byte', Buffer.from([0x61, 0x80, 0x0a])],
  ['a truncated sequence', Buffer.from([0x61, 0xe2, 0x82])],
  ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
  ['a surrogate', Buffer.from([0xed, 0xa0, 0x80])],
  ['beyond U+10FFFF', Buffer.from([0xf4, 0x90, 0x80, 0x80])],
  ['0xFF', Buffer.from([0x61, 0xff])],
  ['empty', Buffer.alloc(0)],
];

describe('readTextFile decodes UTF-8 as a fatal TextDecoder does', () => {
  it.each(CASES)('%s', (_name, bytes) => {
    const want = decoded(bytes);
    const got = read(bytes);
    if (want === null) expect(got).toMatchObject({ ok: false });
    else expect(got).toEqual({ ok: true, text: want });
  });
});
