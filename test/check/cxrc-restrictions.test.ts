import { describe, expect, it } from 'vitest';
import { checkRestrictions } from '../../src/check/cxrc-restrictions.ts';
import type { Restrictions } from '../../src/config/cxrc.ts';
import { effectiveSettings } from '../../src/config/effective-settings.ts';

const at = { providers: '/r/.cxrc:3', regions: '/r/.cxrc:4', features_off: '/r/.cxrc:5' };
const require = (over: Partial<Restrictions>): Restrictions => ({ providers: null, regions: null, featuresOff: null, at, ...over });
const bedrock = (region: string | null, extra: Record<string, unknown> = {}) =>
  effectiveSettings([{ model_provider: 'amazon-bedrock', ...(region ? { model_providers: { 'amazon-bedrock': { aws: { region } } } } : {}), ...extra }], {});

describe('checkRestrictions', () => {
  it('allows only the listed providers', () => {
    expect(checkRestrictions(bedrock('eu-west-1'), require({ providers: ['amazon-bedrock', 'azure'] }))).toEqual([]);
    expect(checkRestrictions(effectiveSettings([{}], {}), require({ providers: ['amazon-bedrock'] }))).toEqual([
      { at: '/r/.cxrc:3', message: 'provider openai is not allowed here (allowed: amazon-bedrock)' },
    ]);
  });

  it('allows only regions matching a glob, and fails closed when the region is unknown', () => {
    expect(checkRestrictions(bedrock('eu-central-1'), require({ regions: ['eu-*'] }))).toEqual([]);
    expect(checkRestrictions(bedrock('us-east-1'), require({ regions: ['eu-*'] }))[0]?.message).toMatch(/region us-east-1 is not allowed/);
    expect(checkRestrictions(bedrock(null), require({ regions: ['eu-*'] }))[0]?.message).toMatch(/cannot be told/);
    expect(checkRestrictions(effectiveSettings([{}], {}), require({ regions: ['eu-*'] }))).toHaveLength(1);
  });

  it('requires features off: web search unless disabled, image generation unless turned off, flags when on', () => {
    const off = require({ featuresOff: ['web_search', 'image_generation', 'some_flag'] });
    const violations = checkRestrictions(effectiveSettings([{ features: { some_flag: true } }], {}), off).map((v) => v.message);
    expect(violations).toEqual([
      expect.stringMatching(/^web_search must be off here but is on/),
      'image_generation must be off here but is on',
      'some_flag must be off here but is on',
    ]);
    const clean = effectiveSettings([{ web_search: 'disabled', features: { image_generation: false } }], {});
    expect(checkRestrictions(clean, off)).toEqual([]);
  });
});
