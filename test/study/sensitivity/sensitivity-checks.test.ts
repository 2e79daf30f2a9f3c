/**
 * Further checks of the sensitivity mathematics: the Sobol sequence's
 * stratification in all its dimensions, the Saltelli plan's layout, Sobol's
 * G-function (an interacting model with analytic indices; Saltelli & Sobol
 * 1995), the Morris plan's grid and refusals, and determinism from seeds.
 */
import { describe, expect, it } from 'vitest';
import { SOBOL_MAX_DIMENSIONS, sobolPoints } from '../../../sim/study/sensitivity/sobol-sequence.js';
import { saltelliPlan, sobolIndices } from '../../../sim/study/sensitivity/saltelli.js';
import { morrisEffects, morrisPlan } from '../../../sim/study/sensitivity/morris.js';

describe('sobolPoints, further', () => {
  it('stratifies the first 2^k points, k = 1…10, in each of its 40 dimensions', () => {
    const points = sobolPoints(1024, SOBOL_MAX_DIMENSIONS);
    for (let k = 1; k <= 10; k++) {
      const head = points.slice(0, 2 ** k);
      for (let j = 0; j < SOBOL_MAX_DIMENSIONS; j++) expect(new Set(head.map((p) => Math.floor(p[j]! * 2 ** k))).size).toBe(2 ** k);
    }
  });

  it('skips by dropping the leading points of the same sequence', () => {
    expect(sobolPoints(10, 5, 6)).toEqual(sobolPoints(16, 5).slice(6));
    expect(sobolPoints(1, 3)).toEqual([[0, 0, 0]]);
  });

  it('refuses dimensions it has no direction numbers for', () => {
    expect(() => sobolPoints(4, 0)).toThrow(RangeError);
    expect(() => sobolPoints(4, SOBOL_MAX_DIMENSIONS + 1)).toThrow(/1 to 40 dimensions/);
  });
});

describe('saltelliPlan', () => {
  it('lists A_j, AB_1j … AB_dj, B_j from the 2d-dimensional sequence after skipping the next power of two', () => {
    const n = 6;
    const d = 3;
    const plan = saltelliPlan(n, d);
    const base = sobolPoints(n, 2 * d, 8);
    expect(plan.rows).toHaveLength(n * (d + 2));
    base.forEach((point, j) => {
      const a = point.slice(0, d);
      const b = point.slice(d);
      expect(plan.rows[j * (d + 2)]).toEqual(a);
      for (let i = 0; i < d; i++) expect(plan.rows[j * (d + 2) + 1 + i]).toEqual(a.map((x, k) => (k === i ? b[i] : x)));
      expect(plan.rows[j * (d + 2) + d + 1]).toEqual(b);
    });
    expect(saltelliPlan(4, 2, { skip: 0 }).rows[0]).toEqual([0, 0]);
  });

  it('refuses too few base samples or no parameters', () => {
    expect(() => saltelliPlan(1, 3)).toThrow(/at least 2 base samples/);
    expect(() => saltelliPlan(8, 0)).toThrow(/at least one parameter/);
  });
});

describe('sobolIndices against SALib', () => {
  it('gives SALib’s estimates on the Ishigami function at N = 1000 (numpy port of SALib 1.4’s saltelli.sample and sobol.analyze on SciPy’s points)', () => {
    const ishigami = (u: readonly number[]) => {
      const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v) as [number, number, number];
      return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
    };
    const plan = saltelliPlan(1000, 3);
    const { indices } = sobolIndices(plan.rows.map(ishigami), 1000, 3, { bootstrap: 10 });
    const first = [0.31234575038933815, 0.442993608911221, 0.009031060629091675];
    const total = [0.5543453500670728, 0.4375371984700841, 0.24557731601264632];
    indices.forEach((index, i) => {
      expect(index.first).toBeCloseTo(first[i]!, 12);
      expect(index.total).toBeCloseTo(total[i]!, 12);
    });
  });
});

/** Sobol's G-function on the unit cube and its analytic indices: V_i = 1/(3(1 + a_i)²). */
const G_A = [0, 1, 4.5, 9, 99, 99];
const gFunction = (u: readonly number[]) => u.reduce((p, x, i) => (p * (Math.abs(4 * x - 2) + G_A[i]!)) / (1 + G_A[i]!), 1);
const partial = G_A.map((a) => 1 / (3 * (1 + a) ** 2));
const totalVariance = partial.reduce((p, v) => p * (1 + v), 1) - 1;

describe('sobolIndices on the G-function', () => {
  const n = 4096;
  const plan = saltelliPlan(n, G_A.length);
  const outputs = plan.rows.map(gFunction);
  const { indices } = sobolIndices(outputs, n, G_A.length, { bootstrap: 300, seed: 'g' });

  it('recovers S_i = V_i / V and ST_i = V_i ∏_{j≠i}(1 + V_j) / V within 0.01, each inside (or within 0.002 of) its CI', () => {
    indices.forEach((index, i) => {
      const first = partial[i]! / totalVariance;
      const total = (partial[i]! * (totalVariance + 1)) / (1 + partial[i]!) / totalVariance;
      expect(Math.abs(index.first - first)).toBeLessThan(0.01);
      expect(Math.abs(index.total - total)).toBeLessThan(0.01);
      expect(index.firstCi[0] - 0.002).toBeLessThanOrEqual(first);
      expect(index.firstCi[1] + 0.002).toBeGreaterThanOrEqual(first);
      expect(index.totalCi[0] - 0.002).toBeLessThanOrEqual(total);
      expect(index.totalCi[1] + 0.002).toBeGreaterThanOrEqual(total);
    });
  });

  it('shows the interaction (ST_1 − S_1 ≈ 0.071) and ranks the factors by a_i', () => {
    expect(indices[0]!.total - indices[0]!.first).toBeGreaterThan(0.04);
    for (let i = 1; i < 4; i++) expect(indices[i]!.total).toBeLessThan(indices[i - 1]!.total);
  });

  it('gives the same intervals for the same seed, other resamples (same estimates) for another', () => {
    const again = sobolIndices(outputs, n, G_A.length, { bootstrap: 300, seed: 'g' });
    expect(again.indices).toEqual(indices);
    const other = sobolIndices(outputs, n, G_A.length, { bootstrap: 300, seed: 'other' });
    expect(other.indices.map((x) => [x.first, x.total])).toEqual(indices.map((x) => [x.first, x.total]));
    expect(other.indices[0]!.firstCi).not.toEqual(indices[0]!.firstCi);
  });

  it('widens the interval with the level', () => {
    const narrow = sobolIndices(outputs, n, G_A.length, { bootstrap: 300, seed: 'g', level: 0.5 }).indices[0]!;
    expect(narrow.firstCi[0]).toBeGreaterThan(indices[0]!.firstCi[0]);
    expect(narrow.firstCi[1]).toBeLessThan(indices[0]!.firstCi[1]);
  });

  it('gives an output that does not vary no indices (NaN) rather than a number', () => {
    const flat = sobolIndices(
      plan.rows.slice(0, 8 * 3).map(() => 2),
      3,
      G_A.length,
      { bootstrap: 10 },
    );
    expect(flat.variance).toBe(0);
    expect(Number.isNaN(flat.indices[0]!.first)).toBe(true);
  });
});

describe('morrisPlan, further', () => {
  it('puts every coordinate exactly on the grid k/(p − 1) and uses every level of each factor', () => {
    for (const levels of [2, 4, 6, 8]) {
      const plan = morrisPlan(60, 3, levels, `grid-${levels}`);
      const used = Array.from({ length: 3 }, () => new Set<number>());
      for (const row of plan.rows)
        row.forEach((x, i) => {
          const k = Math.round(x * (levels - 1));
          expect(x).toBe(k / (levels - 1));
          expect(k).toBeGreaterThanOrEqual(0);
          expect(k).toBeLessThanOrEqual(levels - 1);
          used[i]!.add(k);
        });
      for (const set of used) expect(set.size).toBe(levels);
    }
  });

  it('refuses an odd number of levels, whose Δ = p/(2(p − 1)) would leave the grid', () => {
    expect(() => morrisPlan(10, 3, 3, 's')).toThrow(/even number of levels/);
    expect(() => morrisPlan(10, 3, 5, 's')).toThrow(RangeError);
    expect(() => morrisPlan(1, 3, 4, 's')).toThrow(/at least 2 trajectories/);
    expect(() => morrisPlan(10, 0, 4, 's')).toThrow(/at least one factor/);
  });

  it('is the same plan for the same seed and another for another seed', () => {
    expect(morrisPlan(8, 5, 4, 'seed')).toEqual(morrisPlan(8, 5, 4, 'seed'));
    expect(morrisPlan(8, 5, 4, 'seed').rows).not.toEqual(morrisPlan(8, 5, 4, 'seed2').rows);
  });
});

describe('morrisEffects, further', () => {
  const plan = morrisPlan(40, 4, 4, 'effects');
  // x3 is inert; x0 enters alone but squared; x1 and x2 only through their product.
  const model = (x: readonly number[]) => 3 * x[0]! ** 2 + x[1]! * x[2]!;

  it('gives a squared factor σ > 0 with μ = μ*, interacting ones σ > 0, an inert one 0, and ranks by μ*', () => {
    const outputs = plan.rows.map(model);
    const effects = morrisEffects(plan, outputs, { bootstrap: 200, seed: 7 });
    // For p = 4 (Δ = 2/3), 3x0²'s effects are 3 · (2k/3 + 2/3) for base level k ∈ {0, 1}: 2 or 4.
    expect(effects[0]!.mu).toBeCloseTo(effects[0]!.muStar, 12);
    expect(effects[0]!.muStar).toBeGreaterThan(2 - 1e-12);
    expect(effects[0]!.muStar).toBeLessThan(4 + 1e-12);
    expect(effects[0]!.sigma).toBeGreaterThan(0.5);
    // x1's effect is x2 ∈ [0, 1] and vice versa.
    for (const i of [1, 2]) {
      expect(effects[i]!.muStar).toBeLessThan(1 + 1e-12);
      expect(effects[i]!.sigma).toBeGreaterThan(0.2);
      expect(effects[i]!.muStar).toBeGreaterThan(effects[3]!.muStar);
    }
    expect(effects[0]!.muStar).toBeGreaterThan(Math.max(effects[1]!.muStar, effects[2]!.muStar));
    expect(effects[3]).toEqual({ mu: 0, muStar: 0, sigma: 0, muStarCi: [0, 0] });
    for (const e of effects) {
      expect(e.muStarCi[0]).toBeLessThanOrEqual(e.muStar);
      expect(e.muStarCi[1]).toBeGreaterThanOrEqual(e.muStar);
    }
    expect(morrisEffects(plan, outputs, { bootstrap: 200, seed: 7 })).toEqual(effects);
  });

  it('refuses outputs of the wrong length and names a non-finite output’s row', () => {
    const outputs = plan.rows.map(model);
    expect(() => morrisEffects(plan, outputs.slice(1))).toThrow(/has 200 rows; got 199 outputs/);
    outputs[17] = Number.POSITIVE_INFINITY;
    expect(() => morrisEffects(plan, outputs)).toThrow(/output 17 of the plan is not a finite number/);
  });
});
