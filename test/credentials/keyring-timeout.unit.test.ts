// The cap on how long one keyring lookup may take (keyringTimeoutMs in src/credentials/keyring.ts):
// CX_KEYRING_TIMEOUT_MS within 1..60000 ms, else 1500 ms. (That the bound is kept, against a
// keyring that never answers, is test/credentials/keyring.test.ts.)
import { afterEach, describe, expect, it } from 'vitest';
import { keyringTimeoutMs } from '../../src/credentials/keyring.ts';

const saved = process.env['CX_KEYRING_TIMEOUT_MS'];
afterEach(() => {
  if (saved === undefined) delete process.env['CX_KEYRING_TIMEOUT_MS'];
  else process.env['CX_KEYRING_TIMEOUT_MS'] = saved;
});

describe('the keyring lookup cap', () => {
  it.each([
    [undefined, 1500],
    ['1', 1],
    ['800', 800],
    ['60000', 60_000],
    ['060000', 60_000],
    ['60001', 1500],
    ['999999', 1500],
    ['1000000', 1500],
    ['0', 1500],
    ['', 1500],
    ['-5', 1500],
    ['1e3', 1500],
    ['2.5', 1500],
    [' 800', 1500],
    ['800ms', 1500],
  ])('CX_KEYRING_TIMEOUT_MS=%j → %d ms', (value, ms) => {
    if (value === undefined) delete process.env['CX_KEYRING_TIMEOUT_MS'];
    else process.env['CX_KEYRING_TIMEOUT_MS'] = value;
    expect(keyringTimeoutMs()).toBe(ms);
  });
});
