/**
 * The parameter bounds of DistributionSchema (sim/random/distribution-bounds.ts):
 * the edge of each range validates and the next double past it is refused
 * with the range and the reason; at the edges the samplers still draw
 * their family exactly (finite draws inside the support, Kolmogorov–Smirnov
 * against the exact CDF, moments finite and matching the draws).
 */
import betaCdf from '@stdlib/stats-base-dists-beta-cdf';
import gammaCdf from '@stdlib/stats-base-dists-gamma-cdf';
import lognormalCdf from '@stdlib/stats-base-dists-lognormal-cdf';
import weibullCdf from '@stdlib/stats-base-dists-weibull-cdf';
import { describe, expect, it } from 'vitest';
import { WEIBULL_SHAPE_MIN, LOGNORMAL_SD_LOG_MAX } from '../../sim/random/distribution-bounds.js';
import { createSampler, type Distribution, DistributionSchema, moments } from '../../sim/random/distribution.js';
import { StreamBank } from '../../sim/random/streams.js';

const bank = new StreamBank(2024);

/** The neighbouring doubles of x. */
function nextDouble(x: number, direction: 1 | -1): number {
  if (x === 0) return direction * Number.MIN_VALUE;
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] = bits[0]! + BigInt((x > 0 ? 1 : -1) * direction);
  return new Float64Array(bits.buffer)[0]!;
}
const up = (x: number) => nextDouble(x, 1);
const down = (x: number) => nextDouble(x, -1);

/** [what, the spec at the edge, the spec just past it, the field refused, the range named] */
const edges: Array<[string, Distribution, Record<string, unknown>, string, string]> = [];
function edge(what: string, base: Record<string, unknown>, field: string, value: number, past: number, range: string) {
  edges.push([what, { ...base, [field]: value } as Distribution, { ...base, [field]: past }, field, range]);
}
edge('constant value, top', { family: 'constant' }, 'value', 1e15, up(1e15), '[-1e15, 1e15]');
edge('constant value, bottom', { family: 'constant' }, 'value', -1e15, down(-1e15), '[-1e15, 1e15]');
edge('uniform max', { family: 'uniform', min: 0 }, 'max', 1e15, up(1e15), '[-1e15, 1e15]');
edge('uniform min', { family: 'uniform', max: 0 }, 'min', -1e15, down(-1e15), '[-1e15, 1e15]');
edge('exponential mean, top', { family: 'exponential' }, 'mean', 1e15, up(1e15), '[1e-15, 1e15]');
edge('exponential mean, bottom', { family: 'exponential' }, 'mean', 1e-15, down(1e-15), '[1e-15, 1e15]');
edge('normal sd', { family: 'normal', mean: 0 }, 'sd', 1e15, up(1e15), '[0, 1e15]');
edge('normal sd, negative', { family: 'normal', mean: 0 }, 'sd', 0, down(0), '[0, 1e15]');
edge('lognormal meanLog, top', { family: 'lognormal', sdLog: 1 }, 'meanLog', 34.5, up(34.5), '[-34.5, 34.5]');
edge('lognormal meanLog, bottom', { family: 'lognormal', sdLog: 1 }, 'meanLog', -34.5, down(-34.5), '[-34.5, 34.5]');
edge('lognormal sdLog', { family: 'lognormal', meanLog: 0 }, 'sdLog', 2.5, up(2.5), '[0, 2.5]');
edge('lognormal-mean-cv cv', { family: 'lognormal-mean-cv', mean: 1 }, 'cv', 20, up(20), '[0, 20]');
edge('lognormal-mean-cv mean', { family: 'lognormal-mean-cv', cv: 1 }, 'mean', 1e15, up(1e15), '[1e-15, 1e15]');
edge('gamma shape, bottom', { family: 'gamma', scale: 1 }, 'shape', 0.05, down(0.05), '[0.05, 1e6]');
edge('gamma shape, top', { family: 'gamma', scale: 1 }, 'shape', 1e6, up(1e6), '[0.05, 1e6]');
edge('gamma scale', { family: 'gamma', shape: 1 }, 'scale', 1e-15, down(1e-15), '[1e-15, 1e15]');
edge('beta alpha, bottom', { family: 'beta', beta: 1 }, 'alpha', 0.05, down(0.05), '[0.05, 1e6]');
edge('beta beta, top', { family: 'beta', alpha: 1 }, 'beta', 1e6, up(1e6), '[0.05, 1e6]');
edge('beta-mean concentration, top', { family: 'beta-mean', mean: 0.5 }, 'concentration', 1e6, up(1e6), '[0.1, 1e6]');
edge('beta-mean concentration, bottom', { family: 'beta-mean', mean: 0.5 }, 'concentration', 0.1, down(0.1), '[0.1, 1e6]');
edge('weibull shape, bottom', { family: 'weibull', scale: 1 }, 'shape', 0.5, down(0.5), '[0.5, 1000]');
edge('weibull shape, top', { family: 'weibull', scale: 1 }, 'shape', 1000, up(1000), '[0.5, 1000]');
edge('weibull scale', { family: 'weibull', shape: 1 }, 'scale', 1e15, up(1e15), '[1e-15, 1e15]');

describe('distribution parameter bounds', () => {
  it.each(edges)('%s: the edge validates, the next double past it is refused with the range', (_what, atEdge, past, field, range) => {
    expect(DistributionSchema.safeParse(atEdge).success).toBe(true);
    const result = DistributionSchema.safeParse(past);
    expect(result.success).toBe(false);
    const issues = result.error!.issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual([field]);
    expect(issues[0]!.message).toContain(`must lie in ${range}, got `);
    expect(issues[0]!.message).toMatch(/\(.+\)$/); // and why
  });

  it('beta-mean: each derived shape must reach 0.05, and the message says what concentration would', () => {
    expect(DistributionSchema.safeParse({ family: 'beta-mean', mean: 0.01, concentration: 5 }).success).toBe(true);
    const low = DistributionSchema.safeParse({ family: 'beta-mean', mean: 0.01, concentration: 4.99 });
    expect(low.error!.issues.map((i) => [i.path, i.message])).toEqual([
      [
        ['concentration'],
        'with mean 0.01, must be ≥ 5, got 4.99 (alpha = mean × concentration must be ≥ 0.05, where Cheng’s beta sampler is exact)',
      ],
    ]);
    const high = DistributionSchema.safeParse({ family: 'beta-mean', mean: 0.97, concentration: 1 });
    expect(high.error!.issues[0]!.message).toMatch(/^with mean 0\.97, must be ≥ 1\.67, got 1 \(beta = \(1 − mean\)/);
    expect(DistributionSchema.safeParse({ family: 'beta-mean', mean: 0.97, concentration: 1.67 }).success).toBe(true);
    const tiny = DistributionSchema.safeParse({ family: 'beta-mean', mean: 1e-9, concentration: 1e6 });
    expect(tiny.error!.issues.map((i) => i.path)).toEqual([['mean']]);
    expect(tiny.error!.issues[0]!.message).toMatch(/^must lie in \[5e-8, 1 − 5e-8\], got 1e-9/);
  });

  it('categorical and empirical lists hold at most a million values', () => {
    const million = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(DistributionSchema.safeParse({ family: 'empirical', values: million }).success).toBe(true);
    const over = DistributionSchema.safeParse({ family: 'empirical', values: [...million, 1] });
    expect(over.error!.issues[0]!.message).toMatch(/^must have at most 1,000,000 items/);
    const weights = DistributionSchema.safeParse({ family: 'categorical', values: [1, 2], weights: [1, up(1e15)] });
    expect(weights.error!.issues[0]!.path).toEqual(['weights', 1]);
  });

  it('refuses the values that crashed the engine: a cv of 1e200, an infinite mean', () => {
    const cv = DistributionSchema.safeParse({ family: 'lognormal-mean-cv', mean: 1050, cv: 1e200 });
    expect(cv.error!.issues[0]!.message).toBe(
      'must lie in [0, 20], got 1e200 (sdLog = √ln(1 + cv²) must stay ≤ 2.5, where the lognormal sampler is exact)',
    );
    expect(DistributionSchema.safeParse({ family: 'exponential', mean: Number.POSITIVE_INFINITY }).success).toBe(false);
    expect(DistributionSchema.safeParse({ family: 'normal', mean: Number.NaN, sd: 1 }).success).toBe(false);
  });
});

/**
 * One-sample Kolmogorov–Smirnov distance of sorted draws from `cdf`, over
 * the draws up to `top`: above it doubles are too sparse to hold the
 * distribution (next to 1 they are 1.1e-16 apart, and a beta with a small
 * shape there puts percents of its mass closer), so draws round to the
 * same value, and only their total is compared (the last term).
 */
function ksDistance(sorted: Float64Array, cdf: (x: number) => number, top = Number.POSITIVE_INFINITY): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n && sorted[i]! <= top; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

const N = 100_000;
/** The 99.9% critical value of the one-sample KS distance at N draws: 1.949 / √N. */
const KS_CRITICAL = 1.949 / Math.sqrt(N);
const standardNormalCdf = (z: number) => lognormalCdf(Math.exp(z), 0, 1);

interface ExactCase {
  readonly spec: Distribution;
  readonly cdf: (x: number) => number;
  readonly support: readonly [number, number];
  /** Whether N draws estimate the variance well (light tails): then it is compared with moments(). */
  readonly lightTailed: boolean;
  /** Where doubles stop resolving the distribution (see ksDistance). */
  readonly ksTop?: number;
}

const exact: ExactCase[] = [];
const positive = [0, Number.POSITIVE_INFINITY] as const;
for (const scale of [1e-15, 1e15]) {
  exact.push({ spec: { family: 'exponential', mean: scale }, cdf: (x) => 1 - Math.exp(-x / scale), support: positive, lightTailed: true });
  for (const shape of [0.05, 1e6]) {
    exact.push({
      spec: { family: 'gamma', shape, scale },
      cdf: (x) => gammaCdf(x, shape, 1 / scale),
      support: positive,
      lightTailed: true,
    });
  }
  for (const shape of [0.5, 1000]) {
    exact.push({
      spec: { family: 'weibull', shape, scale },
      cdf: (x) => weibullCdf(x, shape, scale),
      support: positive,
      lightTailed: shape > 1,
    });
  }
  exact.push({
    spec: { family: 'normal', mean: scale, sd: 1e15 },
    cdf: (x) => standardNormalCdf((x - scale) / 1e15),
    support: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    lightTailed: true,
  });
}
for (const meanLog of [-34.5, 34.5]) {
  exact.push({
    spec: { family: 'lognormal', meanLog, sdLog: 2.5 },
    cdf: (x) => lognormalCdf(x, meanLog, 2.5),
    support: positive,
    lightTailed: false,
  });
}
for (const mean of [1e-15, 1e15]) {
  const sdLog = Math.sqrt(Math.log(1 + 20 * 20));
  const meanLog = Math.log(mean) - (sdLog * sdLog) / 2;
  exact.push({
    spec: { family: 'lognormal-mean-cv', mean, cv: 20 },
    cdf: (x) => lognormalCdf(x, meanLog, sdLog),
    support: positive,
    lightTailed: false,
  });
}
for (const [alpha, beta] of [
  [0.05, 0.05],
  [0.05, 1e6],
  [1e6, 0.05],
  [1e6, 1e6],
  [0.05, 1],
]) {
  exact.push({
    spec: { family: 'beta', alpha: alpha!, beta: beta! },
    cdf: (x) => betaCdf(x, alpha!, beta!),
    support: [0, 1],
    lightTailed: true,
    ksTop: 1 - 1e-15,
  });
}
exact.push({
  spec: { family: 'uniform', min: -1e15, max: 1e15 },
  cdf: (x) => (x + 1e15) / 2e15,
  support: [-1e15, 1e15],
  lightTailed: true,
});

const label = (spec: Distribution) => JSON.stringify(spec).replace(/"/g, '');

describe('samplers are exact at the edges of their bounds', () => {
  it.each(exact.map((c) => [label(c.spec), c] as const))('%s', (_label, { spec, cdf, support, lightTailed, ksTop }) => {
    expect(DistributionSchema.safeParse(spec).success).toBe(true);
    const sampler = createSampler(spec, bank);
    const stream = bank.stream('bounds', JSON.stringify(spec));
    const draws = new Float64Array(N);
    for (let i = 0; i < N; i++) draws[i] = sampler.sample(stream);
    for (const x of draws) {
      if (!(Number.isFinite(x) && x >= support[0] && x <= support[1])) throw new Error(`draw ${x} outside [${support.join(', ')}]`);
    }
    expect(ksDistance(draws.slice().sort(), cdf, ksTop)).toBeLessThan(KS_CRITICAL);

    const expected = moments(spec);
    expect(Number.isFinite(expected.mean) && Number.isFinite(expected.variance) && expected.variance >= 0).toBe(true);
    if (!lightTailed) return;
    const mean = draws.reduce((s, x) => s + x, 0) / N;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / N;
    const sd = Math.sqrt(expected.variance);
    expect(Math.abs(mean - expected.mean)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(N) + 1e-12 * Math.abs(expected.mean));
    expect(variance / expected.variance).toBeGreaterThan(0.9);
    expect(variance / expected.variance).toBeLessThan(1.1);
  });

  it('lognormal-mean-cv with cv 0 draws its mean', () => {
    const sampler = createSampler({ family: 'lognormal-mean-cv', mean: 1e15, cv: 0 }, bank);
    const stream = bank.stream('bounds', 'cv0');
    for (let i = 0; i < 100; i++) expect(sampler.sample(stream) / 1e15).toBeCloseTo(1, 14);
  });

  it('categorical weights at 1e15 and empirical values at ±1e15 draw only what was given', () => {
    const categorical = createSampler({ family: 'categorical', values: [-1e15, 1e15], weights: [1e15, 1e15] }, bank);
    const empirical = createSampler({ family: 'empirical', values: [-1e15, 0, 1e15] }, bank);
    const stream = bank.stream('bounds', 'lists');
    let positives = 0;
    for (let i = 0; i < 10_000; i++) {
      const c = categorical.sample(stream);
      expect([-1e15, 1e15]).toContain(c);
      if (c > 0) positives++;
      expect([-1e15, 0, 1e15]).toContain(empirical.sample(stream));
    }
    expect(positives / 10_000).toBeGreaterThan(0.47);
    expect(positives / 10_000).toBeLessThan(0.53);
    expect(moments({ family: 'categorical', values: [-1e15, 1e15], weights: [1e15, 1e15] })).toEqual({ mean: 0, variance: 1e30 });
  });
});

/**
 * The generator reaches |z| ≤ √(−2 ln 2^-62) ≈ 9.27 for a normal draw and
 * −ln u ≤ 32 ln 2 ≈ 22.2 for an exponential one; what lies beyond changes
 * the moments the code computes by less than 1e-4 at the bounds.
 */
describe('what the 32-bit generator cannot reach is negligible at the bounds', () => {
  const zMax = Math.sqrt(-2 * Math.log(2 ** -62));
  const eMax = 32 * Math.log(2);

  it('the largest |z| and −ln u are 9.27 and 22.18', () => {
    expect(zMax).toBeCloseTo(9.27, 2);
    expect(eMax).toBeCloseTo(22.18, 2);
  });

  it('lognormal at sdLog 2.5: E[X] and E[X²] lose less than 1e-4', () => {
    // E[X^k; |z| ≤ zMax] / E[X^k] = Φ(zMax − kσ) − Φ(−zMax − kσ).
    for (const k of [1, 2]) {
      const kept = standardNormalCdf(zMax - k * LOGNORMAL_SD_LOG_MAX) - standardNormalCdf(-zMax - k * LOGNORMAL_SD_LOG_MAX);
      expect(1 - kept).toBeLessThan(1e-4);
    }
  });

  it('Weibull at shape 0.5: E[X] and E[X²] lose less than 1e-4', () => {
    // E[E^(j/k); E ≤ eMax] / E[E^(j/k)] = P(Gamma(1 + j/k) ≤ eMax).
    for (const j of [1, 2]) expect(1 - gammaCdf(eMax, 1 + j / WEIBULL_SHAPE_MIN, 1)).toBeLessThan(1e-4);
  });
});
