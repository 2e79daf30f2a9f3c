import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { batchMeans, mserTruncation } from '../../sim/stats/batch-means.js';
import { confidenceInterval, momentsOfValues } from '../../sim/stats/summary-statistics.js';

/** Standard normal draws by Box–Muller from a seeded generator. */
function normals(seed: string): () => number {
  const random = seedrandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const ones = (n: number) => new Float64Array(n).fill(1);

describe('batch means', () => {
  it('with one observation per batch, symmetric and uncorrelated, is the Student-t interval over the observations', () => {
    // Deviations ±1, ±2, … in alternating signs: no skewness, negative lag-1 correlation, so nothing is adjusted.
    const values = Float64Array.from({ length: 20 }, (_, i) => 3 + (i % 2 === 0 ? 1 : -1) * (1 + Math.floor(i / 2)));
    const estimate = batchMeans({ numerator: values, denominator: ones(20), length: 20 }, 0, 20);
    const expected = confidenceInterval(momentsOfValues([...values]))!;
    expect(estimate.batches).toBe(20);
    expect(estimate.interval![0]).toBeCloseTo(expected[0], 12);
    expect(estimate.interval![1]).toBeCloseTo(expected[1], 12);
  });

  it("widens the interval on the side of a right-skewed output's long tail (Willink's adjustment)", () => {
    const numerator = Float64Array.from({ length: 20 }, (_, i) => (i % 5 === 0 ? 10 : 0) + (i % 2));
    const estimate = batchMeans({ numerator, denominator: ones(20), length: 20 }, 0, 20);
    const [low, high] = estimate.interval!;
    expect(high - estimate.mean).toBeGreaterThan(estimate.mean - low);
  });

  it('estimates a ratio: Σ numerator / Σ denominator over the kept microbatches, leftovers in the first batch', () => {
    const numerator = Float64Array.from([100, 1, 2, 3, 4, 5, 6, 7]);
    const denominator = Float64Array.from([1, 1, 2, 1, 2, 1, 2, 1]);
    const estimate = batchMeans({ numerator, denominator, length: 8 }, 1, 3);
    expect(estimate.mean).toBeCloseTo(28 / 10, 14);
    expect(estimate.batches).toBe(3);
  });

  it('covers the mean of a strongly autocorrelated AR(1) series about 95% of the time, where the t interval does not', () => {
    // x_t = φ x_{t−1} + ε_t with φ = 0.9: the integrated autocorrelation time is (1 + φ)/(1 − φ) = 19.
    const phi = 0.9;
    const replications = 400;
    const n = 20_000;
    const microbatch = 100;
    let batchCovers = 0;
    let naiveCovers = 0;
    for (let r = 0; r < replications; r++) {
      const draw = normals(`ar1-${r}`);
      let x = draw() / Math.sqrt(1 - phi * phi);
      const numerator = new Float64Array(n / microbatch);
      const all: number[] = [];
      for (let i = 0; i < n; i++) {
        x = phi * x + draw();
        numerator[Math.floor(i / microbatch)]! += x;
        all.push(x);
      }
      const estimate = batchMeans(
        { numerator, denominator: new Float64Array(n / microbatch).fill(microbatch), length: n / microbatch },
        0,
        20,
      );
      if (estimate.interval![0] <= 0 && 0 <= estimate.interval![1]) batchCovers++;
      const naive = confidenceInterval(momentsOfValues(all))!;
      if (naive[0] <= 0 && 0 <= naive[1]) naiveCovers++;
    }
    expect(batchCovers / replications).toBeGreaterThan(0.92);
    expect(batchCovers / replications).toBeLessThan(0.98);
    expect(naiveCovers / replications).toBeLessThan(0.6);
  });

  it('reports the lag-1 autocorrelation of batches that are too short', () => {
    const phi = 0.999;
    const draw = normals('short');
    let x = 0;
    const numerator = Float64Array.from({ length: 200 }, () => (x = phi * x + draw()));
    const estimate = batchMeans({ numerator, denominator: ones(200), length: 200 }, 0, 20);
    expect(estimate.lag1!).toBeGreaterThan(0.5);
  });
});

describe('MSER', () => {
  it('finds the end of an initial transient', () => {
    const draw = normals('transient');
    // 40 microbatches decaying from 10 towards the steady state 0, then 360 of noise.
    const numerator = Float64Array.from({ length: 400 }, (_, b) => (b < 40 ? 10 * (1 - b / 40) : 0) + 0.3 * draw());
    const d = mserTruncation({ numerator, denominator: ones(400), length: 400 });
    expect(d).toBeGreaterThanOrEqual(35);
    expect(d).toBeLessThanOrEqual(50);
  });

  it('deletes little from a series that starts in steady state, and never more than half', () => {
    const draw = normals('steady');
    const numerator = Float64Array.from({ length: 400 }, () => draw());
    const d = mserTruncation({ numerator, denominator: ones(400), length: 400 });
    expect(d).toBeLessThanOrEqual(200);
    const trend = Float64Array.from({ length: 400 }, (_, b) => b);
    expect(mserTruncation({ numerator: trend, denominator: ones(400), length: 400 })).toBe(200);
  });
});
