import { describe, expect, it } from 'vitest';
import { ReputationEvaluatorSelection, UniformEvaluatorSelection } from '../../sim/mechanism/evaluator-selection.js';
import { FenwickTree, ReputationRouter, UniformRouter, WeightedRouter } from '../../sim/mechanism/routing.js';
import { StreamBank } from '../../sim/random/streams.js';

const bank = new StreamBank(5);

describe('evaluator sampling', () => {
  it('draws K distinct evaluators, each equally often', () => {
    const sampler = new UniformEvaluatorSelection(5, bank, bank.stream('t', 'sel'));
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
    const sampler = new UniformEvaluatorSelection(3, bank, bank.stream('t', 'all'));
    const out = new Int32Array(3);
    sampler.sampleInto(out, 0, 3);
    expect([...out].sort()).toEqual([0, 1, 2]);
  });
});

describe('evaluator removal and reputation', () => {
  it('never samples a removed evaluator', () => {
    const selection = new UniformEvaluatorSelection(6, bank, bank.stream('t', 'removed'));
    selection.remove(2);
    selection.remove(4);
    expect(selection.active).toBe(4);
    const out = new Int32Array(3);
    for (let round = 0; round < 2000; round++) {
      selection.sampleInto(out, 0, 3);
      expect(new Set(out).size).toBe(3);
      expect([...out]).not.toContain(2);
      expect([...out]).not.toContain(4);
    }
  });

  it('samples distinct evaluators in proportion to reputation', () => {
    const selection = new ReputationEvaluatorSelection(4, bank, bank.stream('t', 'weighted'), 0.5, 1);
    selection.setReputation(0, 0.05);
    selection.remove(3);
    const out = new Int32Array(2);
    const counts = [0, 0, 0, 0];
    for (let round = 0; round < 20_000; round++) {
      selection.sampleInto(out, 0, 2);
      expect(out[0]).not.toBe(out[1]);
      for (const e of out) counts[e]!++;
    }
    expect(counts[3]).toBe(0);
    // Low-reputation evaluator 0 is picked far less often than 1 and 2.
    expect(counts[0]! / counts[1]!).toBeLessThan(0.25);
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

  it('agrees with plain prefix sums on random integer weights and updates, for sizes around powers of two', () => {
    let state = 4242;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [1, 2, 3, 7, 8, 9, 31, 32, 33, 1000]) {
      const weights: number[] = Array.from({ length: n }, () => (next() < 0.2 ? 0 : Math.floor(next() * 10) + 1));
      if (!weights.some((w) => w > 0)) weights[0] = 1;
      const tree = new FenwickTree(weights);
      for (let round = 0; round < 200; round++) {
        const index = Math.floor(next() * n);
        weights[index] = Math.floor(next() * 10) + 1;
        tree.set(index, weights[index]);
        const total = weights.reduce((a, b) => a + b, 0);
        expect(tree.total).toBe(total);
        const target = Math.floor(next() * total);
        let expected = 0;
        for (let cumulative = weights[0]!; cumulative <= target; cumulative += weights[++expected]!);
        expect(tree.find(target)).toBe(expected);
      }
    }
  });

  it('routes in proportion to static weights', () => {
    const router = new WeightedRouter([1, 3], bank, bank.stream('t', 'route'));
    let second = 0;
    for (let i = 0; i < 40_000; i++) second += router.pick();
    expect(second / 40_000).toBeCloseTo(0.75, 1);
  });

  it('shifts traffic towards nodes with better consensus quality under reputation routing', () => {
    const router = new ReputationRouter(2, bank, bank.stream('t', 'rep'), 0.5, 2);
    router.setReputation(0, 0.9);
    router.setReputation(1, 0.1);
    let first = 0;
    for (let i = 0; i < 10_000; i++) first += router.pick() === 0 ? 1 : 0;
    // weights 0.9² : 0.1² → 98.8% to node 0
    expect(first / 10_000).toBeGreaterThan(0.97);
  });
});

describe('restoring a removed node (a candidate joining)', () => {
  const counts = (pick: () => number, n: number, draws = 6000) => {
    const seen = new Array<number>(n).fill(0);
    for (let i = 0; i < draws; i++) seen[pick()]!++;
    return seen;
  };

  it('the uniform router and selection choose it again, uniformly among the active, and a second restore changes nothing', () => {
    const router = new UniformRouter(4, bank, bank.stream('t', 'restore-router'));
    router.remove(1);
    router.remove(3);
    expect(counts(() => router.pick(), 4)[1]).toBe(0);
    router.restore(3);
    router.restore(3);
    const seen = counts(() => router.pick(), 4);
    expect(seen[1]).toBe(0);
    for (const node of [0, 2, 3]) expect(seen[node]! / 6000).toBeCloseTo(1 / 3, 1);

    const selection = new UniformEvaluatorSelection(5, bank, bank.stream('t', 'restore-selection'));
    selection.remove(0);
    selection.remove(4);
    selection.restore(0);
    expect(selection.active).toBe(4);
    const out = new Int32Array(3);
    const chosen = new Array<number>(5).fill(0);
    for (let i = 0; i < 3000; i++) {
      selection.sampleInto(out, 0, 3);
      expect(new Set(out).size).toBe(3);
      for (const e of out) chosen[e]!++;
    }
    expect(chosen[4]).toBe(0);
    for (const e of [0, 1, 2, 3]) expect(chosen[e]! / 3000).toBeCloseTo(3 / 4, 1);
  });

  it('a weighted router restores the node’s static weight; a reputation router and selection its current reputation', () => {
    const weighted = new WeightedRouter([1, 3], bank, bank.stream('t', 'restore-weighted'));
    weighted.remove(1);
    weighted.restore(1, 0.01);
    expect(counts(() => weighted.pick(), 2)[1]! / 6000).toBeCloseTo(0.75, 1);

    const reputation = new ReputationRouter(2, bank, bank.stream('t', 'restore-reputation'), 1, 1);
    reputation.remove(1);
    reputation.restore(1, 3);
    expect(counts(() => reputation.pick(), 2)[1]! / 6000).toBeCloseTo(0.75, 1);

    const selection = new ReputationEvaluatorSelection(3, bank, bank.stream('t', 'restore-rep-selection'), 1, 1);
    selection.remove(2);
    expect(selection.active).toBe(2);
    selection.restore(2, 2);
    selection.restore(2, 2);
    expect(selection.active).toBe(3);
    const out = new Int32Array(1);
    const chosen = counts(() => (selection.sampleInto(out, 0, 1), out[0]!), 3);
    expect(chosen[2]! / 6000).toBeCloseTo(0.5, 1);
  });
});
