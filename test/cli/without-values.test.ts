import { describe, expect, it } from 'vitest';
import { withoutValues } from '../../src/cli/without-values.ts';

describe('withoutValues: error text from Node or a library, without the values it quotes', () => {
  it("cuts Node's \"Received '…'\" (an environment value for codex)", () => {
    let message = '';
    try {
      // The error Node raises for a NUL byte in a child's environment: it quotes the value.
      process.getBuiltinModule('node:child_process').spawnSync('true', [], { env: { K: 'SENTINEL\0x' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SENTINEL');
    const safe = withoutValues(message);
    expect(safe).not.toContain('SENTINEL');
    expect(safe).toMatch(/must be a string without null bytes\. \(value not shown\)$/);
  });

  it('replaces every quoted span, keeps the words', () => {
    expect(withoutValues(`bad token 'SENTINEL1' and "SENTINEL2" or \`SENTINEL3\``)).toBe('bad token … and … or …');
    expect(withoutValues('Could not load credentials from any providers')).toBe('Could not load credentials from any providers');
  });
});
