import { describe, expect, it } from 'vitest';
import { costScale, normalizeCost } from '../../sim/mechanism/cost-normalization.js';
import { agreement, clipReward, costAwareReward, normalizeQuality } from '../../sim/mechanism/rewards.js';

const costSpec = { method: 'minmax', signal: 'request', basis: 'service', clip: true } as const;

describe('cost-aware reward', () => {
  it('is α·quality − β·cost', () => {
    expect(costAwareReward(1, 0.5, 0.8, 0.4, 'none')).toBeCloseTo(0.6, 12);
    expect(costAwareReward(2, 1, 0.3, 0.9, 'none')).toBeCloseTo(-0.3, 12);
  });

  it('clips when asked', () => {
    expect(clipReward(-0.3, 'none')).toBe(-0.3);
    expect(clipReward(-0.3, 'non-negative')).toBe(0);
    expect(clipReward(1.4, 'non-negative')).toBe(1.4);
    expect(clipReward(1.4, 'unit')).toBe(1);
    expect(costAwareReward(2, 1, 0.3, 0.9, 'non-negative')).toBe(0);
  });
});

describe('agreement', () => {
  const spec = { form: 'absolute', width: 0.1, includeOwnScore: true } as const;
  it('absolute: 1 − |s − C|', () => {
    expect(agreement(0.7, 0.5, spec)).toBeCloseTo(0.8, 12);
    expect(agreement(0.3, 0.5, spec)).toBeCloseTo(0.8, 12);
  });
  it('squared: 1 − (s − C)²', () => {
    expect(agreement(0.7, 0.5, { ...spec, form: 'squared' })).toBeCloseTo(0.96, 12);
  });
  it('gaussian: exp(−(s − C)² / 2w²)', () => {
    expect(agreement(0.7, 0.5, { ...spec, form: 'gaussian', width: 0.2 })).toBeCloseTo(Math.exp(-0.5), 12);
    expect(agreement(0.5, 0.5, { ...spec, form: 'gaussian' })).toBe(1);
  });
});

describe('normalization', () => {
  it('min–max scales costs between the cheapest and dearest expected cost, clipped', () => {
    const scale = costScale(costSpec, [2, 4, 6]);
    expect(scale).toEqual({ low: 2, high: 6, clip: true });
    expect(normalizeCost(5, scale)).toBeCloseTo(0.75, 12);
    expect(normalizeCost(1, scale)).toBe(0);
    expect(normalizeCost(9, scale)).toBe(1);
    expect(normalizeCost(9, { ...scale, clip: false })).toBeCloseTo(1.75, 12);
  });

  it('max divides by the dearest expected cost; fixed uses given bounds', () => {
    expect(normalizeCost(3, costScale({ ...costSpec, method: 'max' }, [2, 4, 6]))).toBeCloseTo(0.5, 12);
    expect(normalizeCost(3, costScale({ ...costSpec, method: 'fixed', min: 1, max: 5 }, [2, 4, 6]))).toBeCloseTo(0.5, 12);
  });

  it('maps every cost to 0 when all nodes cost the same', () => {
    expect(normalizeCost(3, costScale(costSpec, [3, 3]))).toBe(0);
  });

  it('normalizes quality by identity or a range', () => {
    expect(normalizeQuality(0.42, { method: 'identity' })).toBe(0.42);
    expect(normalizeQuality(0.6, { method: 'range', min: 0.2, max: 1 })).toBeCloseTo(0.5, 12);
    expect(normalizeQuality(0.1, { method: 'range', min: 0.2, max: 1 })).toBe(0);
  });
});
