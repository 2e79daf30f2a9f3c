/**
 * The search's parts: a unit coordinate's value (the sweep designs'
 * mapping: integer ranges include both ends, log scales), its inverse, the
 * Latin hypercube's strata, the enumeration of a space of choices, and the
 * paired ranking on shared replications.
 */
import { describe, expect, it } from 'vitest';
import { StreamBank } from '../../../sim/random/streams.js';
import { type SearchDimension, dimensionProblem, unitOfValue, valueOfUnit } from '../../../sim/study/search/dimensions.js';
import { rankPaired, sharedReplications } from '../../../sim/study/search/paired-ranking.js';
import { everyChoice, latinHypercube, unitCube } from '../../../sim/study/search/space-filling.js';

const range = (low: number, high: number, integer: boolean, scale: 'linear' | 'log' = 'linear'): SearchDimension => ({
  kind: 'range',
  low,
  high,
  integer,
  scale,
});
const grid = (n: number) => Array.from({ length: n }, (_, i) => (i + 0.5) / n);

describe('valueOfUnit', () => {
  it('gives every integer of a range, both ends included, an equal share (as a sweep design’s valueAt does)', () => {
    const counts = new Map<number, number>();
    for (const u of grid(3000)) {
      const v = valueOfUnit(range(1, 3, true), u);
      expect(v).toBe(Math.min(3, 1 + Math.floor(u * 3)));
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts]).toEqual([
      [1, 1000],
      [2, 1000],
      [3, 1000],
    ]);
    expect(valueOfUnit(range(1, 3, true), 1)).toBe(3);
    expect(valueOfUnit(range(1, 3, true), 0)).toBe(1);
  });

  it('is uniform in the logarithm on a log scale, integer or not', () => {
    expect(valueOfUnit(range(1, 100, false, 'log'), 0.5)).toBeCloseTo(10, 12);
    expect(valueOfUnit(range(1, 100, false, 'log'), 1)).toBeCloseTo(100, 12);
    expect(valueOfUnit(range(1, 9, true, 'log'), 0)).toBe(1);
    expect(valueOfUnit(range(1, 9, true, 'log'), 1)).toBe(9);
    // x = 10^u on [1, 10), floored: 4 begins at u = log10 4 ≈ 0.602, 9 at log10 9 ≈ 0.954.
    expect(valueOfUnit(range(1, 9, true, 'log'), 0.6)).toBe(3);
    expect(valueOfUnit(range(1, 9, true, 'log'), 0.61)).toBe(4);
    expect(valueOfUnit(range(1, 9, true, 'log'), 0.95)).toBe(8);
    expect(valueOfUnit(range(1, 9, true, 'log'), 0.96)).toBe(9);
  });

  it('maps a choice’s unit interval onto its indices, 1 on the last', () => {
    const five: SearchDimension = { kind: 'choice', count: 5 };
    expect([0, 0.19, 0.2, 0.999, 1].map((u) => valueOfUnit(five, u))).toEqual([0, 0, 1, 4, 4]);
  });

  it('is inverted by unitOfValue: integers and choices exactly, reals to rounding', () => {
    for (const d of [range(1, 20, true), range(2, 64, true, 'log'), { kind: 'choice', count: 7 } as SearchDimension]) {
      const values = new Set(grid(500).map((u) => valueOfUnit(d, u)));
      for (const v of values) expect(valueOfUnit(d, unitOfValue(d, v))).toBe(v);
    }
    for (const d of [range(-3, 5, false), range(0.01, 10, false, 'log')])
      for (const u of grid(50)) expect(unitOfValue(d, valueOfUnit(d, u))).toBeCloseTo(u, 12);
  });

  it('names what makes a dimension unsearchable', () => {
    expect(dimensionProblem(range(0, 1, false))).toBeNull();
    expect(dimensionProblem(range(0, Number.POSITIVE_INFINITY, false))).toMatch(/finite/);
    expect(dimensionProblem({ kind: 'choice', count: 2.5 })).toMatch(/whole number/);
  });
});

describe('space-filling candidates', () => {
  it('puts one Latin-hypercube point in each stratum of each dimension, inside its box, the same from the same key', () => {
    const draw = () => {
      const bank = new StreamBank('lhs', 'test');
      return latinHypercube({ bank, stream: bank.stream('search', 'candidates') }, [range(0, 1, false), range(0, 1, false)], 10, {
        low: [0, 0.2],
        high: [1, 0.4],
      });
    };
    const points = draw();
    expect(points.map((p) => Math.floor(p[0]! * 10)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(points.map((p) => Math.floor((p[1]! - 0.2) * 50)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(draw()).toEqual(points);
  });

  it('lists every point of a small space of choices, the first dimension slowest, and declines a large or mixed one', () => {
    const space: SearchDimension[] = [
      { kind: 'choice', count: 2 },
      { kind: 'choice', count: 3 },
    ];
    expect(everyChoice(space, 6)).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(everyChoice(space, 5)).toBeUndefined();
    expect(everyChoice([...space, range(0, 1, false)], 100)).toBeUndefined();
    expect(unitCube(2)).toEqual({ low: [0, 0], high: [1, 1] });
  });
});

describe('paired ranking', () => {
  it('ranks on the replications every reporting candidate shares, not on each one’s own', () => {
    // Own means: a 5, b 34; on the shared replications 0 and 2: a 5, b 1.
    const a = { id: 0, values: [0, null, 10] };
    const b = { id: 1, values: [1, 100, 1] };
    const silent = { id: 2, values: [null, null, null] };
    expect(sharedReplications([a, b, silent], 3)).toEqual([0, 2]);
    expect(rankPaired([b, silent, a], 3, true).map((c) => c.id)).toEqual([0, 1, 2]);
    expect(rankPaired([b, silent, a], 3, false).map((c) => c.id)).toEqual([1, 0, 2]);
  });

  it('breaks ties by id, and uses only the first n replications', () => {
    const tied = [
      { id: 5, values: [1, 1, 9] },
      { id: 3, values: [1, 1, 0] },
      { id: 4, values: [0, 0, 99] },
    ];
    expect(rankPaired(tied, 2, true).map((c) => c.id)).toEqual([3, 5, 4]);
  });

  it('falls back on each candidate’s own values when no replication is shared', () => {
    const ranked = rankPaired(
      [
        { id: 0, values: [null, 1] },
        { id: 1, values: [2, null] },
      ],
      2,
      true,
    );
    expect(ranked.map((c) => c.id)).toEqual([1, 0]);
  });
});
