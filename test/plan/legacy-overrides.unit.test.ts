// A legacy [profiles.NAME] table as codex `-c` overrides: leaves flattened, empty tables kept as
// `{}`, keys codex's `-c` cannot address set aside.
import { describe, expect, it } from 'vitest';
import type { ProfileDefinition } from '../../src/config/codex-config.ts';
import { legacyOverrides } from '../../src/plan/legacy-overrides.ts';

const legacy = (data: ProfileDefinition['data']): ProfileDefinition => ({ name: 'old', kind: 'legacy', at: '/h/config.toml:3', path: '/h/config.toml', data });

describe('legacyOverrides', () => {
  it('flattens nested tables to one -c per leaf, in order', () => {
    expect(legacyOverrides(legacy({ model: 'm', sandbox_workspace_write: { network_access: true, writable_roots: ['/a'] } }))).toEqual({
      args: ['-c', 'model="m"', '-c', 'sandbox_workspace_write.network_access=true', '-c', 'sandbox_workspace_write.writable_roots=["/a"]'],
      unaddressable: [],
    });
  });

  it('an empty table is passed as {} rather than dropped', () => {
    expect(legacyOverrides(legacy({ tools: {}, model: 'm' })).args).toEqual(['-c', 'tools={  }', '-c', 'model="m"']);
  });

  it('a key holding `.` or `=` cannot be addressed by -c: named with its path, nothing passed for it', () => {
    const out = legacyOverrides(legacy({ model_providers: { 'a.b': { base_url: 'u' }, ok: { base_url: 'v' } }, 'x=y': 1 }));
    expect(out.unaddressable).toEqual(['model_providers.a.b', 'x=y']);
    expect(out.args).toEqual(['-c', 'model_providers.ok.base_url="v"']);
  });
});
