/** Fitting: families recovered from samples drawn with the simulator's own samplers; the noise model. */
import { describe, expect, it } from 'vitest';
import { fitBeta, fitGamma, fitLognormal, fitWeibull, squeezeUnit } from '../../calibration/fit/families.js';
import { fitScoreModel } from '../../calibration/fit/score-model-fit.js';
import { fitSample } from '../../calibration/fit/select-family.js';
import { twoSampleKs } from '../../calibration/fit/two-sample-ks.js';
import { createSampler, type Distribution, moments } from '../../sim/random/distribution.js';
import { StreamBank } from '../../sim/random/streams.js';

function draw(spec: Distribution, n: number, seed = 3): number[] {
  const bank = new StreamBank(seed, 0);
  const sampler = createSampler(spec, bank);
  const stream = bank.stream('test', 'draws');
  return Array.from({ length: n }, () => sampler.sample(stream));
}

describe('maximum-likelihood families', () => {
  it('recovers lognormal, gamma, Weibull and beta parameters', () => {
    const lognormal = fitLognormal(draw({ family: 'lognormal', meanLog: 3, sdLog: 0.4 }, 4000))!.distribution as {
      meanLog: number;
      sdLog: number;
    };
    expect(lognormal.meanLog).toBeCloseTo(3, 1);
    expect(lognormal.sdLog).toBeCloseTo(0.4, 1);
    const gamma = fitGamma(draw({ family: 'gamma', shape: 2.5, scale: 40 }, 4000))!.distribution as { shape: number; scale: number };
    expect(gamma.shape / 2.5).toBeGreaterThan(0.92);
    expect(gamma.shape / 2.5).toBeLessThan(1.08);
    expect(gamma.shape * gamma.scale).toBeCloseTo(100, -1);
    const weibull = fitWeibull(draw({ family: 'weibull', shape: 1.8, scale: 250 }, 4000))!.distribution as { shape: number; scale: number };
    expect(weibull.shape).toBeCloseTo(1.8, 1);
    expect(weibull.scale / 250).toBeCloseTo(1, 1);
    const beta = fitBeta(draw({ family: 'beta', alpha: 2, beta: 5 }, 4000))!;
    expect(beta.method).toBe('maximum-likelihood');
    expect((beta.distribution as { alpha: number }).alpha).toBeCloseTo(2, 0);
    expect((beta.distribution as { beta: number }).beta).toBeCloseTo(5, 0);
  });

  it('refuses values a family cannot produce', () => {
    expect(fitLognormal([0, 1, 2])).toBeUndefined();
    expect(fitBeta([0.5, 1.5])).toBeUndefined();
    expect(squeezeUnit([0, 1])).toEqual([0.25, 0.75]);
  });
});

describe('family selection', () => {
  it('picks the generating family by AIC and reproduces its quantiles', () => {
    for (const spec of [
      { family: 'lognormal', meanLog: 0, sdLog: 0.8 },
      { family: 'weibull', shape: 3, scale: 10 },
    ] as Distribution[]) {
      const fit = fitSample(draw(spec, 3000, 11), 'positive');
      expect(fit.chosen).toBe(spec.family);
      expect(fit.candidates.map((c) => c.family).sort()).toEqual(['gamma', 'lognormal', 'weibull']);
      expect(fit.ks!.statistic).toBeLessThan(0.03);
      for (const q of fit.quantiles) expect(Math.abs(q.fitted - q.measured) / q.measured).toBeLessThan(0.06);
    }
  });

  it('falls back to the empirical distribution when KS rejects every candidate', () => {
    // Token F1 of extractive answers: mostly exactly 0 or 1.
    const values = [...Array(30).fill(0), ...Array(15).fill(1), 0.5, 0.4, 0.667];
    const fit = fitSample(values, 'unit');
    expect(fit.chosen).toBe('empirical');
    expect(fit.reason).toMatch(/KS rejects/);
    expect(fit.distribution).toEqual({ family: 'empirical', values });
    expect(fitSample([4, 4, 4], 'positive').distribution).toEqual({ family: 'constant', value: 4 });
  });
});

describe('evaluator noise model', () => {
  it('reproduces the measured correlation, mean and sd after clipping to [0, 1]', () => {
    // Scores that pile up at 1: clipping would shrink a naive model's spread and correlation.
    const quality = draw({ family: 'beta', alpha: 1.2, beta: 1.2 }, 600, 5);
    const noise = draw({ family: 'normal', mean: 0, sd: 1 }, 600, 6);
    const answers = quality.map((q, i) => ({
      quality: q,
      score: Math.min(1, Math.max(0, 0.45 + 0.7 * q + 0.15 * noise[i]!)),
      cell: i % 2 ? 'a' : 'b',
    }));
    const qualityDistributions: Distribution[] = [{ family: 'beta', alpha: 1.2, beta: 1.2 }];
    const { mean, variance } = moments(qualityDistributions[0]!);
    const fit = fitScoreModel(answers, qualityDistributions, { mean, sd: Math.sqrt(variance) }, 1, 50_000);
    expect(fit.simulated.correlation).toBeCloseTo(fit.targets.correlation, 3);
    expect(fit.simulated.scoreMean).toBeCloseTo(fit.targets.scoreMean, 3);
    expect(fit.simulated.scoreSd).toBeCloseTo(fit.targets.scoreSd, 3);
    // The pre-clipping parameters must differ from the targets to get there.
    expect(fit.parameters.scoreMean).toBeGreaterThan(fit.targets.scoreMean + 0.01);
    expect(fit.marginalKs.statistic).toBeLessThan(0.1);
  });
});

it('computes the two-sample KS statistic with ties and atoms', () => {
  expect(twoSampleKs([0, 0, 1, 1], [0, 1, 1, 1]).statistic).toBeCloseTo(0.25, 12);
  expect(twoSampleKs([1, 1, 1], [1, 1]).statistic).toBe(0);
  const far = twoSampleKs(draw({ family: 'normal', mean: 0, sd: 1 }, 400, 1), draw({ family: 'normal', mean: 1, sd: 1 }, 400, 2));
  expect(far.pValue).toBeLessThan(1e-6);
  const near = twoSampleKs(draw({ family: 'normal', mean: 0, sd: 1 }, 400, 1), draw({ family: 'normal', mean: 0, sd: 1 }, 400, 2));
  expect(near.pValue).toBeGreaterThan(0.01);
});
