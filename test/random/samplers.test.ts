import { describe, expect, it } from 'vitest';
import { createSampler, type Distribution, moments } from '../../sim/random/distribution.js';
import { BetaSampler, CategoricalSampler, EmpiricalSampler, GammaSampler } from '../../sim/random/samplers.js';
import { StreamBank } from '../../sim/random/streams.js';

const bank = new StreamBank(2024);

function sampleMoments(spec: Distribution, n: number): { mean: number; variance: number } {
  const sampler = createSampler(spec, bank);
  const stream = bank.stream('test', JSON.stringify(spec));
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const x = sampler.sample(stream);
    sum += x;
    sumSquares += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sumSquares / n - mean * mean };
}

const cases: Distribution[] = [
  { family: 'uniform', min: 2, max: 5 },
  { family: 'exponential', mean: 3 },
  { family: 'normal', mean: -1, sd: 2 },
  { family: 'lognormal', meanLog: 0.5, sdLog: 0.4 },
  { family: 'lognormal-mean-cv', mean: 1100, cv: 0.35 },
  { family: 'gamma', shape: 2.5, scale: 1.5 },
  { family: 'gamma', shape: 0.4, scale: 2 },
  { family: 'beta', alpha: 2, beta: 5 },
  { family: 'beta', alpha: 5, beta: 2 },
  { family: 'beta', alpha: 0.5, beta: 0.5 },
  { family: 'beta', alpha: 0.3, beta: 3 },
  { family: 'beta', alpha: 3, beta: 0.3 },
  { family: 'beta-mean', mean: 0.53, concentration: 2 },
  { family: 'weibull', shape: 1.5, scale: 2 },
  { family: 'categorical', values: [1, 2, 10], weights: [1, 1, 2] },
  { family: 'empirical', values: [3, 4, 4, 9] },
];

describe('samplers', () => {
  it.each(cases)('$family draws match the analytic mean and variance', (spec) => {
    const expected = moments(spec);
    const observed = sampleMoments(spec, 200_000);
    const sd = Math.sqrt(expected.variance);
    // 200k draws: the sample mean is within ~5 standard errors; the variance within 3%.
    expect(Math.abs(observed.mean - expected.mean)).toBeLessThan((5 * sd) / Math.sqrt(200_000) + 1e-12);
    expect(observed.variance / expected.variance).toBeGreaterThan(0.97);
    expect(observed.variance / expected.variance).toBeLessThan(1.03);
  });

  it('keeps beta draws inside [0, 1] and lognormal draws positive', () => {
    const beta = createSampler({ family: 'beta-mean', mean: 0.1, concentration: 0.5 }, bank);
    const lognormal = createSampler({ family: 'lognormal', meanLog: 0, sdLog: 2 }, bank);
    const stream = bank.stream('t', 'bounds');
    for (let i = 0; i < 50_000; i++) {
      const b = beta.sample(stream);
      expect(b >= 0 && b <= 1).toBe(true);
      expect(lognormal.sample(stream)).toBeGreaterThan(0);
    }
  });

  it.each([
    [1.06, 0.94],
    [0.4, 0.7],
    [2, 5],
    [8, 1.5],
  ])('Cheng’s beta(%s, %s) has the quantiles of the ratio of two gammas', (a, b) => {
    const n = 100_000;
    const cheng = new BetaSampler(bank, a, b);
    const x = new GammaSampler(bank, a, 1);
    const y = new GammaSampler(bank, b, 1);
    const s1 = bank.stream('quantiles', `cheng-${a}-${b}`);
    const s2 = bank.stream('quantiles', `gammas-${a}-${b}`);
    const first = Float64Array.from({ length: n }, () => cheng.sample(s1)).sort();
    const second = Float64Array.from({ length: n }, () => {
      const g = x.sample(s2);
      return g / (g + y.sample(s2));
    }).sort();
    // Two-sample Kolmogorov–Smirnov distance on a grid; its 99.9% critical value at n = 100k each is ≈ 0.0087.
    let maxGap = 0;
    for (let q = 0.001; q < 1; q += 0.001) {
      const below = (sorted: Float64Array) => {
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (sorted[mid]! <= q) lo = mid + 1;
          else hi = mid;
        }
        return lo / sorted.length;
      };
      maxGap = Math.max(maxGap, Math.abs(below(first) - below(second)));
    }
    expect(maxGap).toBeLessThan(0.0087);
  });

  it('draws categorical indices in proportion to their weights, never a zero-weight one', () => {
    const sampler = new CategoricalSampler(bank, [1, 0, 3]);
    const stream = bank.stream('t', 'cat');
    const counts = [0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[sampler.sample(stream)]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.85);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.15);
  });

  it('resamples only measured values', () => {
    const sampler = new EmpiricalSampler(bank, [1.5, 2.5]);
    const stream = bank.stream('t', 'emp');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(sampler.sample(stream));
    expect([...seen].sort()).toEqual([1.5, 2.5]);
  });
});
