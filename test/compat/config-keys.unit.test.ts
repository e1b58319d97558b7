// The did-you-mean for a key codex ignores (config-keys.ts suggestKey), at the edges of its
// distance: how close a word must be for its length (1 up to 4 letters, 2 up to 10, 3 beyond), a
// swap of two letters counting as one edit, the closest key winning, and a known key that starts
// with the whole word as the last resort (only when it is the only one).
import { describe, expect, it } from 'vitest';
import { suggestKey } from '../../src/compat/config-keys.ts';

describe('suggestKey', () => {
  it.each([
    ['tuis', 'tui'],
    ['tul', 'tui'],
    ['appz', 'apps'],
    ['hook', 'hooks'],
    ['otle', 'otel'],
    ['mdoel', 'model'],
    ['hoosk', 'hooks'],
    ['moodel', 'model'],
    ['notie', 'notice'],
    ['notif', 'notify'],
    ['auto_revew', 'auto_review'],
    ['auto_reviewxx', 'auto_review'],
    ['developer_instrutcions', 'developer_instructions'],
    ['TUI', 'tui'],
    ['model-provider', 'model_provider'],
  ])('%s → %s', (typed, meant) => {
    expect(suggestKey(typed)).toBe(meant);
  });

  it.each([
    ['check_for', 'check_for_update_on_startup'],
    ['background_terminal', 'background_terminal_max_timeout'],
    ['apps_mcp', 'apps_mcp_product_sku'],
    ['chatgpt_base', 'chatgpt_base_url'],
  ])('%s: the one known key that starts with it, %s', (typed, meant) => {
    expect(suggestKey(typed)).toBe(meant);
  });

  it.each(['tx', 'a', 'mod', 'noticexyz', 'developer_instrxxxxions', 'experimental'])('%s: too far from every key, or the start of several: nothing', (typed) => {
    expect(suggestKey(typed)).toBeNull();
  });
});
