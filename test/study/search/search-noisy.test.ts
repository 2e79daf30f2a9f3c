/**
 * The noisy search finds known optima of synthetic noisy functions: the
 * maximum of a concave curve, a Gaussian bump in two dimensions, the best of
 * five arms, an integer optimum, a minimum; its course does not depend on
 * the order a batch finishes in; its confirmed CI covers the true value.
 */
import { describe, expect, it } from 'vitest';
import { searchNoisy } from '../../../sim/study/search/search-noisy.js';
import { evaluator, options, range } from './noisy-objectives.js';

const concave = (x: readonly number[]) => -((x[0]! - 0.3) ** 2);

describe('searchNoisy finds known optima', () => {
  it('finds the maximum of a noisy concave function, and its confirmed CI covers the true value', async () => {
    const { evaluate, spent } = evaluator(concave, 0.05);
    const result = await searchNoisy(options([range(0, 1)]), evaluate);
    expect(Math.abs(result.best.point[0]! - 0.3)).toBeLessThan(0.05);
    const [low, high] = result.best.ci!;
    expect(low).toBeLessThanOrEqual(concave(result.best.point));
    expect(high).toBeGreaterThanOrEqual(concave(result.best.point));
    expect((high - low) / 2).toBeLessThanOrEqual(0.01);
    expect(result.stoppedBy).toBe('half-width');
    expect(result.evaluations).toBe(spent());
    expect(result.trajectory.filter((e) => e.stage === 'confirmation').at(-1)!.replications).toBe(result.best.replications);
  });

  it('keeps the regret small on every one of ten seeds', async () => {
    // Near x* the curve is flat: a point 0.1 away is only 0.01 worse, a fifth of one replication's noise.
    for (let k = 0; k < 10; k++) {
      const result = await searchNoisy(options([range(0, 1)], { seed: `seed-${k}` }), evaluator(concave, 0.05).evaluate);
      expect(-concave(result.best.point)).toBeLessThan(0.02);
    }
  });

  it('is deterministic, whatever order a batch’s results arrive in', async () => {
    const first = await searchNoisy(options([range(0, 1)]), evaluator(concave, 0.05).evaluate);
    const again = await searchNoisy(options([range(0, 1)]), evaluator(concave, 0.05).evaluate);
    const shuffled = await searchNoisy(options([range(0, 1)]), evaluator(concave, 0.05, { shuffle: true }).evaluate);
    expect(again).toEqual(first);
    expect(shuffled).toEqual(first);
    const other = await searchNoisy(options([range(0, 1)], { seed: 'other' }), evaluator(concave, 0.05).evaluate);
    expect(other.trajectory).not.toEqual(first.trajectory);
  });

  it('finds a Gaussian bump in two dimensions', async () => {
    const bump = (x: readonly number[]) => Math.exp(-((x[0]! - 0.7) ** 2 + (x[1]! - 0.2) ** 2) / 0.02);
    const result = await searchNoisy(options([range(0, 1), range(0, 1)], { initialCandidates: 27 }), evaluator(bump, 0.1).evaluate);
    expect(Math.hypot(result.best.point[0]! - 0.7, result.best.point[1]! - 0.2)).toBeLessThan(0.1);
  });

  it('finds one of the three maxima of the negated Branin function', async () => {
    // Branin on [−5, 10] × [0, 15] (Dixon & Szegő 1978): minimum 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475).
    const branin = (x: readonly number[]) => {
      const [a, b] = [x[0]!, x[1]!];
      return (b - (5.1 / (4 * Math.PI ** 2)) * a * a + (5 / Math.PI) * a - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(a) + 10;
    };
    const optima = [
      [-Math.PI, 12.275],
      [Math.PI, 2.275],
      [9.42478, 2.475],
    ];
    const result = await searchNoisy(
      options([range(-5, 10), range(0, 15)], {
        initialCandidates: 40,
        zoomRounds: 3,
        confirmation: { ...options([]).confirmation, halfWidth: 0.2 },
      }),
      evaluator((x) => -branin(x), 1).evaluate,
    );
    const distance = Math.min(...optima.map(([a, b]) => Math.hypot(result.best.point[0]! - a!, result.best.point[1]! - b!)));
    expect(distance).toBeLessThan(1);
    expect(-result.best.mean).toBeLessThan(2);
  });

  it('picks the best of five arms with close means, having tried them all', async () => {
    const means = [0.1, 0.3, 0.2, 0.35, 0.05];
    const result = await searchNoisy(
      options([{ kind: 'choice', count: 5 }], { initialReplications: 4 }),
      evaluator((x) => means[x[0]!]!, 0.2).evaluate,
    );
    expect(result.best.point).toEqual([3]);
    // A space of five choices is enumerated, not sampled, and has nothing to zoom into.
    expect(result.trajectory.filter((e) => e.rung === 0 && e.stage === 'halving').map((e) => e.point[0])).toEqual(
      expect.arrayContaining([0, 1, 2, 3, 4]),
    );
    expect(result.trajectory.some((e) => e.stage === 'zoom')).toBe(false);
    const [low, high] = result.best.ci!;
    expect(low).toBeLessThanOrEqual(0.35);
    expect(high).toBeGreaterThanOrEqual(0.35);
  });

  it('finds an integer optimum', async () => {
    const result = await searchNoisy(options([range(1, 20, true)]), evaluator((x) => -Math.abs(x[0]! - 13), 0.5).evaluate);
    expect(result.best.point).toEqual([13]);
    expect(result.trajectory.every((e) => Number.isInteger(e.point[0]))).toBe(true);
  });

  it('minimizes', async () => {
    const result = await searchNoisy(options([range(-2, 2)], { maximize: false }), evaluator((x) => (x[0]! + 1) ** 2, 0.05).evaluate);
    expect(Math.abs(result.best.point[0]! + 1)).toBeLessThan(0.1);
    // The same objective maximized goes to an end of the range instead.
    const max = await searchNoisy(options([range(-2, 2)]), evaluator((x) => (x[0]! + 1) ** 2, 0.05).evaluate);
    expect(max.best.point[0]!).toBeGreaterThan(1.8);
  });

  it('searches a choice and a range together: the choice stays free in zoom rounds', async () => {
    const peaks = [0.2, 0.8, 0.5, 0.1];
    const heights = [0, 0.5, 0.2, 0.1];
    const f = (x: readonly number[]) => heights[x[0]!]! - (x[1]! - peaks[x[0]!]!) ** 2;
    const result = await searchNoisy(
      options([{ kind: 'choice', count: 4 }, range(0, 1)], { initialCandidates: 24 }),
      evaluator(f, 0.05).evaluate,
    );
    expect(result.best.point[0]).toBe(1);
    expect(Math.abs(result.best.point[1]! - 0.8)).toBeLessThan(0.1);
    const zoomChoices = new Set(result.trajectory.filter((e) => e.stage === 'zoom' && e.rung === 0).map((e) => e.point[0]));
    expect(zoomChoices).toEqual(new Set([0, 1, 2, 3]));
  });

  it('skips replications that did not report, and never picks a candidate that reports nothing', async () => {
    // Near x = 0.3 (the true optimum) the metric is always missing; elsewhere every fifth replication is.
    const missing = (p: readonly number[], r: number) => Math.abs(p[0]! - 0.3) < 0.1 || r % 5 === 4;
    const result = await searchNoisy(options([range(0, 1)]), evaluator(concave, 0.05, { missing }).evaluate);
    // The best points that report are x = 0.2 and 0.4 (both −0.01): the winner is outside the gap and near one of them.
    expect(Math.abs(result.best.point[0]! - 0.3)).toBeGreaterThanOrEqual(0.1);
    expect(Math.abs(result.best.point[0]! - 0.3)).toBeLessThan(0.2);
    expect(Number.isFinite(result.best.mean)).toBe(true);
    expect(Number.isFinite(result.best.searchMean)).toBe(true);
  });
});
