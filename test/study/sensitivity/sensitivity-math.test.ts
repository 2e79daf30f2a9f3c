/**
 * The sensitivity mathematics against known answers: SciPy's unscrambled
 * Sobol points, the Ishigami function's analytic Sobol indices, an additive
 * model (total = first order), and Morris on linear and interacting models.
 */
import { describe, expect, it } from 'vitest';
import { sobolPoints } from '../../../sim/study/sensitivity/sobol-sequence.js';
import { saltelliPlan, sobolIndices } from '../../../sim/study/sensitivity/saltelli.js';
import { morrisEffects, morrisPlan } from '../../../sim/study/sensitivity/morris.js';

describe('sobolPoints', () => {
  it('matches scipy.stats.qmc.Sobol(d=40, scramble=False)', () => {
    // Rows 1, 2, 3, 4, 5, 10, 15; dimensions 1, 2, 3, 10, 20, 40 (printed by SciPy 1.10).
    const expected = [
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25, 0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75, 0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625, 0.625, 0.125, 0.875],
      [0.875, 0.875, 0.125, 0.125, 0.625, 0.375],
      [0.9375, 0.0625, 0.6875, 0.5625, 0.0625, 0.8125],
      [0.0625, 0.9375, 0.5625, 0.6875, 0.6875, 0.6875],
    ];
    const points = sobolPoints(16, 40);
    expect([1, 2, 3, 4, 5, 10, 15].map((i) => [0, 1, 2, 9, 19, 39].map((j) => points[i]![j]))).toEqual(expected);
  });

  it('puts one of the first 2^k points in each interval of width 2^-k, in every dimension', () => {
    const points = sobolPoints(64, 12);
    for (let j = 0; j < 12; j++) expect(new Set(points.map((p) => Math.floor(p[j]! * 64))).size).toBe(64);
  });
});

/** Ishigami (a = 7, b = 0.1) on [−π, π]³ from the unit cube. */
const ishigami = (u: readonly number[]) => {
  const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v) as [number, number, number];
  return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
};

describe('sobolIndices', () => {
  it('recovers the Ishigami function’s analytic indices within 0.02, each inside (or within 0.01 of) its bootstrap CI', () => {
    const n = 8192;
    const plan = saltelliPlan(n, 3);
    expect(plan.rows).toHaveLength(n * 5);
    const { indices } = sobolIndices(plan.rows.map(ishigami), n, 3, { bootstrap: 300, seed: 1 });
    const first = [0.3139, 0.4424, 0];
    const total = [0.5576, 0.4424, 0.2437];
    indices.forEach((index, i) => {
      expect(Math.abs(index.first - first[i]!)).toBeLessThan(0.02);
      expect(Math.abs(index.total - total[i]!)).toBeLessThan(0.02);
      expect(index.firstCi[0] - 0.01).toBeLessThanOrEqual(first[i]!);
      expect(index.firstCi[1] + 0.01).toBeGreaterThanOrEqual(first[i]!);
      expect(index.totalCi[0] - 0.01).toBeLessThanOrEqual(total[i]!);
      expect(index.totalCi[1] + 0.01).toBeGreaterThanOrEqual(total[i]!);
    });
  });

  it('gives an additive model total indices equal to its first-order ones, in proportion to each term’s variance', () => {
    const n = 2048;
    const plan = saltelliPlan(n, 3);
    // Var(c·U) = c²/12: shares 1 : 4 : 0.
    const { indices } = sobolIndices(
      plan.rows.map((u) => u[0]! + 2 * u[1]!),
      n,
      3,
      { bootstrap: 200 },
    );
    expect(indices[0]!.first).toBeCloseTo(0.2, 2);
    expect(indices[1]!.first).toBeCloseTo(0.8, 2);
    expect(indices[2]!.total).toBe(0);
    for (const index of indices) expect(Math.abs(index.total - index.first)).toBeLessThan(0.01);
  });

  it('refuses outputs that do not fit the plan', () => {
    expect(() => sobolIndices([1, 2, 3], 4, 3)).toThrow(/needs 20 outputs \(got 3\)/);
    const plan = saltelliPlan(4, 1);
    const outputs = plan.rows.map(() => 1);
    outputs[5] = Number.NaN;
    expect(() => sobolIndices(outputs, 4, 1)).toThrow(/output 5 of the plan is not a finite number/);
  });
});

describe('Morris', () => {
  it('lays out trajectories on the grid, each step moving one factor by ±Δ', () => {
    const plan = morrisPlan(20, 4, 4, 'grid');
    expect(plan.delta).toBeCloseTo(2 / 3, 12);
    expect(plan.rows).toHaveLength(20 * 5);
    for (const row of plan.rows) for (const x of row) expect(x).toBe(Math.round(x * 3) / 3);
    for (let t = 0; t < 20; t++) {
      const moved = new Set<number>();
      for (let k = 1; k <= 4; k++) {
        const before = plan.rows[t * 5 + k - 1]!;
        const after = plan.rows[t * 5 + k]!;
        const changed = before.map((x, i) => after[i]! - x).flatMap((d, i) => (Math.abs(d) > 1e-12 ? [[i, d] as const] : []));
        expect(changed).toHaveLength(1);
        expect(Math.abs(changed[0]![1])).toBeCloseTo(2 / 3, 12);
        moved.add(changed[0]![0]);
      }
      expect(moved.size).toBe(4);
    }
  });

  it('gives a linear model μ* = |c|, μ with the sign of c, and σ = 0', () => {
    const c = [3, -2, 0.5, 0];
    const plan = morrisPlan(12, 4, 6, 'linear');
    const effects = morrisEffects(
      plan,
      plan.rows.map((x) => x.reduce((s, v, i) => s + c[i]! * v, 0)),
      { bootstrap: 200 },
    );
    effects.forEach((e, i) => {
      expect(e.muStar).toBeCloseTo(Math.abs(c[i]!), 10);
      expect(e.mu).toBeCloseTo(c[i]!, 10);
      expect(e.sigma).toBeCloseTo(0, 10);
      expect(e.muStarCi[0]).toBeCloseTo(Math.abs(c[i]!), 10);
    });
  });

  it('shows an interaction as σ > 0, and ranks factors by μ*', () => {
    const plan = morrisPlan(30, 3, 4, 'interaction');
    const effects = morrisEffects(
      plan,
      plan.rows.map((x) => 4 * x[0]! * x[1]! + 0.5 * x[2]!),
    );
    expect(effects[0]!.sigma).toBeGreaterThan(0.5);
    expect(effects[1]!.sigma).toBeGreaterThan(0.5);
    expect(effects[2]!.sigma).toBeCloseTo(0, 10);
    expect(effects[0]!.muStar).toBeGreaterThan(effects[2]!.muStar);
    expect(
      morrisEffects(
        plan,
        plan.rows.map((x) => 4 * x[0]! * x[1]! + 0.5 * x[2]!),
      ),
    ).toEqual(effects);
  });
});
