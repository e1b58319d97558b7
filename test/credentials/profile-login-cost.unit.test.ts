// The launch-path cost of one login per profile: a launch that selects a profile WITHOUT a login
// of its own pays one lstat (findProfileLogin), and a launch with no profile pays nothing (make-plan
// does not call it then). Counted on node:fs itself.
import * as fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, lstatSync: vi.fn(real.lstatSync), statSync: vi.fn(real.statSync), readdirSync: vi.fn(real.readdirSync), existsSync: vi.fn(real.existsSync) };
});

const { findProfileLogin } = await import('../../src/credentials/profile-login-home.ts');

describe('findProfileLogin', () => {
  it('costs one lstat when the profile has no login of its own, and reads no directory', () => {
    const state = mkdtempSync(join(tmpdir(), 'cx-login-cost-'));
    vi.mocked(fs.lstatSync).mockClear();
    vi.mocked(fs.statSync).mockClear();
    vi.mocked(fs.readdirSync).mockClear();
    vi.mocked(fs.existsSync).mockClear();
    expect(findProfileLogin({ XDG_STATE_HOME: state, HOME: state }, '/nonexistent/codex-home', 'work')).toBeNull();
    expect(vi.mocked(fs.lstatSync)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(fs.statSync)).not.toHaveBeenCalled();
    expect(vi.mocked(fs.readdirSync)).not.toHaveBeenCalled();
    expect(vi.mocked(fs.existsSync)).not.toHaveBeenCalled();
  });
});
