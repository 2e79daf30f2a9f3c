import { describe, expect, it } from 'vitest';
import { LedgerEntry } from '../../sim/market/ledger.js';
import { CAPACITY, RoundSeries } from '../../sim/market/round-series.js';

function entry(reward: number, waitMs: number): LedgerEntry {
  const e = new LedgerEntry();
  Object.assign(e, { reward, quality: 0.5, cost: 0.1, reportedCostUsd: 1, trueCostUsd: 2, serviceMs: 10, waitMs, pairX: 0.3, pairY: 0.7 });
  return e;
}

describe('round series', () => {
  it('keeps every round through its merges: sums are exact and the microbatches stay within capacity', () => {
    const series = new RoundSeries(2);
    const rounds = 100_003;
    let rewardSum = 0;
    for (let r = 0; r < rounds; r++) {
      const reward = (r % 7) / 7;
      rewardSum += reward;
      series.record(r % 2, entry(reward, r % 3 === 0 ? 0 : 5), r % 11 === 0 ? 0.25 : 0, true);
      series.endRound(r, 1, 0, 0, 0.7, 0.01);
    }
    series.finish(rounds);
    expect(series.length).toBeGreaterThan(CAPACITY / 2);
    expect(series.length).toBeLessThanOrEqual(CAPACITY);
    let total = 0;
    let count = 0;
    let settled = 0;
    let waited = 0;
    let profit = 0;
    for (let b = 0; b < series.length; b++) {
      settled += series.rounds(b);
      for (const cell of [0, 1]) {
        count += series.count(cell, b);
        total += series.sum(cell, 'reward', b);
        waited += series.sum(cell, 'waited', b);
        profit += series.sum(cell, 'profit', b);
      }
    }
    expect(settled).toBe(rounds);
    expect(count).toBe(rounds);
    expect(total).toBeCloseTo(rewardSum, 6);
    expect(waited).toBe(rounds - Math.ceil(rounds / 3));
    expect(profit).toBeCloseTo(rewardSum - 0.25 * Math.ceil(rounds / 11), 6);
    // The last (partial) microbatch ends when the run ends; earlier ones end in order.
    expect(series.endMs(series.length - 1)).toBe(rounds);
    for (let b = 1; b < series.length; b++) expect(series.endMs(b)).toBeGreaterThan(series.endMs(b - 1));
  });

  it('records the true quality of an inference node and the score of an evaluator', () => {
    const series = new RoundSeries(2);
    series.record(0, entry(1, 0), 0, true);
    series.record(1, entry(1, 0), 0, false);
    series.endRound(1, 1, 0, 0, 0, 0);
    series.finish(1);
    expect(series.sum(0, 'truth', 0)).toBe(0.7);
    expect(series.sum(1, 'truth', 0)).toBe(0.3);
  });
});
