import { describe, expect, it } from 'vitest';
import { checkRestrictions } from '../../src/check/cxrc-restrictions.ts';
import type { Restrictions } from '../../src/config/cxrc.ts';
import { effectiveSettings } from '../../src/config/effective-settings.ts';
import { knownWords } from '../../src/check/known-words.ts';
import { builtinTable } from '../../src/compat/table.ts';

const known = knownWords({ profiles: [], tables: [{ features: { some_flag: true } }], region: null, table: builtinTable() });

const at = { providers: '/r/.cxrc:3', regions: '/r/.cxrc:4', features_off: '/r/.cxrc:5' };
const require = (over: Partial<Restrictions>): Restrictions => ({ providers: null, regions: null, featuresOff: null, at, ...over });
const bedrock = (region: string | null, extra: Record<string, unknown> = {}) =>
  effectiveSettings([{ model_provider: 'amazon-bedrock', ...(region ? { model_providers: { 'amazon-bedrock': { aws: { region } } } } : {}), ...extra }], {});

describe('checkRestrictions', () => {
  it('allows only the listed providers', () => {
    expect(checkRestrictions(bedrock('eu-west-1'), require({ providers: ['amazon-bedrock', 'azure'] }), known)).toEqual([]);
    expect(checkRestrictions(effectiveSettings([{}], {}), require({ providers: ['amazon-bedrock'] }), known)).toEqual([
      { at: '/r/.cxrc:3', message: 'provider openai is not allowed here (allowed: amazon-bedrock)' },
    ]);
  });

  it('allows only regions matching a glob, and fails closed when the region is unknown', () => {
    expect(checkRestrictions(bedrock('eu-central-1'), require({ regions: ['eu-*'] }), known)).toEqual([]);
    expect(checkRestrictions(bedrock('us-east-1'), require({ regions: ['eu-*'] }), known)[0]?.message).toMatch(/region us-east-1 is not allowed/);
    expect(checkRestrictions(bedrock(null), require({ regions: ['eu-*'] }), known)[0]?.message).toMatch(/cannot be told/);
    expect(checkRestrictions(effectiveSettings([{}], {}), require({ regions: ['eu-*'] }), known)).toHaveLength(1);
  });

  it('requires features off: web search unless disabled, image generation unless turned off, flags when on', () => {
    const off = require({ featuresOff: ['web_search', 'image_generation', 'some_flag'] });
    const violations = checkRestrictions(effectiveSettings([{ features: { some_flag: true } }], {}), off, known).map((v) => v.message);
    expect(violations).toEqual([
      expect.stringMatching(/^web_search must be off here but is on/),
      'image_generation must be off here but is on',
      'some_flag must be off here but is on',
    ]);
    const clean = effectiveSettings([{ web_search: 'disabled', features: { image_generation: false } }], {});
    expect(checkRestrictions(clean, off, known)).toEqual([]);
  });

  it('quotes only allowed values cx knows; a token-like entry is counted, never shown', () => {
    const message = checkRestrictions(effectiveSettings([{}], {}), require({ providers: ['amazon-bedrock', 'ghs_SENTINEL0123456789'], regions: ['eu-*', 'https://x-access-token:ghs_x@github.com'] }), known)
      .map((v) => v.message)
      .join('\n');
    expect(message).toContain('allowed: amazon-bedrock and 1 entry naming nothing cx knows (not shown)');
    expect(message).toContain('only eu-* and 1 entry');
    expect(message).not.toMatch(/ghs_|x-access-token/);
  });
});
