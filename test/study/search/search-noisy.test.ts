/**
 * The noisy search finds known optima of synthetic noisy functions: the
 * maximum of a concave curve, a Gaussian bump in two dimensions, the best of
 * five arms, an integer optimum, a minimum; it spends exactly what it asks
 * for, and its course does not depend on the order a batch finishes in.
 */
import { describe, expect, it } from 'vitest';
import { StreamBank } from '../../../sim/random/streams.js';
import { type BatchEvaluator, type SearchOptions, searchNoisy } from '../../../sim/study/search/search-noisy.js';
import type { SearchDimension } from '../../../sim/study/search/dimensions.js';

/** A standard normal draw for (replication, candidate): a part common to every candidate (as common random numbers give) and a part of its own. */
function noise(replication: number, candidate: string): number {
  const bank = new StreamBank(7, 'test-noise');
  const draw = (purpose: string) => {
    const s = bank.stream('noise', purpose);
    const u1 = Math.max(bank.uniform(s), 1e-12);
    const u2 = bank.uniform(s);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  return 0.8 * draw(`common-${replication}`) + 0.6 * draw(`${candidate}-${replication}`);
}

/** An evaluator of f plus noise of standard deviation `sd`, that resolves its batch's requests in a shuffled order. */
function evaluator(f: (x: readonly number[]) => number, sd: number, shuffle = false): { evaluate: BatchEvaluator; spent: () => number } {
  let spent = 0;
  const evaluate: BatchEvaluator = async (requests) => {
    const pending = requests.map(async (r, i) => {
      if (shuffle) await new Promise((resolve) => setTimeout(resolve, (i * 7919) % 5));
      spent += r.replications;
      return Array.from({ length: r.replications }, (_, k) => f(r.point) + sd * noise(r.firstReplication + k, r.point.join(',')));
    });
    return Promise.all(pending);
  };
  return { evaluate, spent: () => spent };
}

const range = (low: number, high: number, integer = false): SearchDimension => ({ kind: 'range', low, high, integer, scale: 'linear' });

function options(dimensions: SearchDimension[], overrides: Partial<SearchOptions> = {}): SearchOptions {
  return {
    dimensions,
    seed: 'test',
    maximize: true,
    initialCandidates: 16,
    eta: 3,
    initialReplications: 2,
    zoomRounds: 2,
    confirmation: { halfWidth: 0.01, relativeHalfWidth: null, minReplications: 10, maxReplications: 160, replicationOffset: 1_000_000 },
    ...overrides,
  };
}

describe('searchNoisy', () => {
  const concave = (x: readonly number[]) => -((x[0]! - 0.3) ** 2);

  it('finds the maximum of a noisy concave function, and its confirmed CI covers the true value', async () => {
    const { evaluate, spent } = evaluator(concave, 0.05);
    const result = await searchNoisy(options([range(0, 1)]), evaluate);
    expect(Math.abs(result.best.point[0]! - 0.3)).toBeLessThan(0.05);
    const [low, high] = result.best.ci!;
    expect(low).toBeLessThanOrEqual(concave(result.best.point));
    expect(high).toBeGreaterThanOrEqual(concave(result.best.point));
    expect(result.stoppedBy).toBe('half-width');
    expect(result.evaluations).toBe(spent());
    expect(result.trajectory.filter((e) => e.stage === 'confirmation').at(-1)!.replications).toBe(result.best.replications);
  });

  it('is deterministic, whatever order a batch’s results arrive in', async () => {
    const first = await searchNoisy(options([range(0, 1)]), evaluator(concave, 0.05).evaluate);
    const shuffled = await searchNoisy(options([range(0, 1)]), evaluator(concave, 0.05, true).evaluate);
    expect(shuffled).toEqual(first);
    const other = await searchNoisy(options([range(0, 1)], { seed: 'other' }), evaluator(concave, 0.05).evaluate);
    expect(other.trajectory).not.toEqual(first.trajectory);
  });

  it('finds a Gaussian bump in two dimensions', async () => {
    const bump = (x: readonly number[]) => Math.exp(-((x[0]! - 0.7) ** 2 + (x[1]! - 0.2) ** 2) / 0.02);
    const result = await searchNoisy(options([range(0, 1), range(0, 1)], { initialCandidates: 27 }), evaluator(bump, 0.1).evaluate);
    expect(Math.hypot(result.best.point[0]! - 0.7, result.best.point[1]! - 0.2)).toBeLessThan(0.1);
  });

  it('picks the best of five arms with close means', async () => {
    const means = [0.1, 0.3, 0.2, 0.35, 0.05];
    const result = await searchNoisy(
      options([{ kind: 'choice', count: 5 }], { zoomRounds: 0, initialReplications: 4 }),
      evaluator((x) => means[x[0]!]!, 0.2).evaluate,
    );
    expect(result.best.point).toEqual([3]);
    // Every arm is tried: a space of five choices is enumerated, not sampled.
    expect(new Set(result.trajectory.filter((e) => e.rung === 0).map((e) => e.point[0]))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('finds an integer optimum', async () => {
    const result = await searchNoisy(options([range(1, 20, true)]), evaluator((x) => -Math.abs(x[0]! - 13), 0.5).evaluate);
    expect(result.best.point).toEqual([13]);
  });

  it('minimizes', async () => {
    const result = await searchNoisy(options([range(-2, 2)], { maximize: false }), evaluator((x) => (x[0]! + 1) ** 2, 0.05).evaluate);
    expect(Math.abs(result.best.point[0]! + 1)).toBeLessThan(0.1);
  });

  it('refuses options it cannot honour', async () => {
    const { evaluate } = evaluator(concave, 0.05);
    await expect(searchNoisy(options([range(0, 1)], { eta: 1 }), evaluate)).rejects.toThrow(/eta must be an integer of at least 2/);
    await expect(searchNoisy(options([]), evaluate)).rejects.toThrow(/at least one dimension/);
  });
});
