import { describe, expect, it } from 'vitest';
import { EvaluatorSampler } from '../../sim/mechanism/evaluator-selection.js';
import { FenwickTree, ReputationRouter, WeightedRouter } from '../../sim/mechanism/routing.js';
import { StreamBank } from '../../sim/random/streams.js';

const bank = new StreamBank(5);

describe('evaluator sampling', () => {
  it('draws K distinct evaluators, each equally often', () => {
    const sampler = new EvaluatorSampler(5, bank, bank.stream('t', 'sel'));
    const out = new Int32Array(3);
    const counts = new Array(5).fill(0);
    for (let round = 0; round < 50_000; round++) {
      sampler.sampleInto(out, 0, 3);
      expect(new Set(out).size).toBe(3);
      for (const e of out) counts[e]++;
    }
    for (const c of counts) expect(Math.abs(c / 150_000 - 0.2)).toBeLessThan(0.01);
  });

  it('draws every evaluator when K equals the pool', () => {
    const sampler = new EvaluatorSampler(3, bank, bank.stream('t', 'all'));
    const out = new Int32Array(3);
    sampler.sampleInto(out, 0, 3);
    expect([...out].sort()).toEqual([0, 1, 2]);
  });
});

describe('routing', () => {
  it('finds the index whose cumulative weight interval holds the target', () => {
    const tree = new FenwickTree([1, 0, 2, 1]);
    expect(tree.total).toBe(4);
    expect(tree.find(0)).toBe(0);
    expect(tree.find(0.99)).toBe(0);
    expect(tree.find(1)).toBe(2);
    expect(tree.find(2.99)).toBe(2);
    expect(tree.find(3.5)).toBe(3);
    tree.set(1, 5);
    expect(tree.total).toBe(9);
    expect(tree.find(1.5)).toBe(1);
  });

  it('routes in proportion to static weights', () => {
    const router = new WeightedRouter([1, 3], bank, bank.stream('t', 'route'));
    let second = 0;
    for (let i = 0; i < 40_000; i++) second += router.pick();
    expect(second / 40_000).toBeCloseTo(0.75, 1);
  });

  it('shifts traffic towards nodes with better consensus quality under reputation routing', () => {
    const router = new ReputationRouter(2, bank, bank.stream('t', 'rep'), 0.1, 0.5, 2);
    for (let i = 0; i < 100; i++) {
      router.observe(0, 0.9);
      router.observe(1, 0.1);
    }
    let first = 0;
    for (let i = 0; i < 10_000; i++) first += router.pick() === 0 ? 1 : 0;
    // weights 0.9² : 0.1² → 98.8% to node 0
    expect(first / 10_000).toBeGreaterThan(0.97);
  });
});
