/**
 * Variance-based sensitivity indices (Sobol 1993) from the sampling plan of
 * Saltelli (2002) and Saltelli et al. (2010), "Variance based sensitivity
 * analysis of model output. Design and estimator for the total sensitivity
 * index", as SALib computes them without second-order indices:
 *
 * - matrices A and B (N rows, d columns) are the two halves of a
 *   2d-dimensional Sobol sequence, and AB_i is A with column i from B; the
 *   plan lists, for each base row j, A_j, AB_1j … AB_dj, B_j: N·(d + 2) rows;
 * - first order S_i = mean(f(B)·(f(AB_i) − f(A))) / V (Saltelli et al. 2010),
 *   total ST_i = mean((f(A) − f(AB_i))²) / 2V (Jansen 1999), V the variance
 *   of f(A) and f(B) together;
 * - 95% CIs are bootstrap percentiles over the N base rows;
 * - outputs are centred on their mean first (as SALib), which leaves every
 *   index unchanged in expectation and shrinks the first-order estimator's
 *   variance; an output that does not vary has no indices (NaN).
 *
 * Following SALib, the sequence skips its first points (as many as the
 * power of two at or above N), which drops the all-zeros point.
 */
import { bootstrapReplicates, percentileInterval } from './bootstrap.js';
import { sobolPoints } from './sobol-sequence.js';

export interface SaltelliPlan {
  readonly rows: number[][];
  readonly baseSamples: number;
  readonly dimensions: number;
}

export interface SobolIndex {
  readonly first: number;
  readonly firstCi: [number, number];
  readonly total: number;
  readonly totalCi: [number, number];
}

export function saltelliPlan(baseSamples: number, dimensions: number, options: { skip?: number } = {}): SaltelliPlan {
  if (!(Number.isInteger(baseSamples) && baseSamples >= 2))
    throw new RangeError(`a Saltelli plan needs at least 2 base samples (got ${baseSamples})`);
  if (!(Number.isInteger(dimensions) && dimensions >= 1)) throw new RangeError('a Saltelli plan needs at least one parameter');
  const skip = options.skip ?? 2 ** Math.ceil(Math.log2(baseSamples));
  const base = sobolPoints(baseSamples, 2 * dimensions, skip);
  const rows: number[][] = [];
  for (const point of base) {
    const a = point.slice(0, dimensions);
    const b = point.slice(dimensions);
    rows.push(a);
    for (let i = 0; i < dimensions; i++) rows.push(a.map((value, k) => (k === i ? b[i]! : value)));
    rows.push(b);
  }
  return { rows, baseSamples, dimensions };
}

/** Population variance (as SALib's numpy var). */
function variance(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
}

interface Columns {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly ab: Float64Array[];
}

function columnsOf(outputs: readonly number[], n: number, d: number): Columns {
  const step = d + 2;
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const ab = Array.from({ length: d }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    a[j] = outputs[j * step]!;
    for (let i = 0; i < d; i++) ab[i]![j] = outputs[j * step + 1 + i]!;
    b[j] = outputs[j * step + d + 1]!;
  }
  return { a, b, ab };
}

/** Population variance of f(A) and f(B) over the base rows `rows`, in two passes (no array per resample). */
function pooledVariance(c: Columns, rows: ArrayLike<number>): number {
  let sum = 0;
  for (let r = 0; r < rows.length; r++) sum += c.a[rows[r]!]! + c.b[rows[r]!]!;
  const mean = sum / (2 * rows.length);
  let squares = 0;
  for (let r = 0; r < rows.length; r++) squares += (c.a[rows[r]!]! - mean) ** 2 + (c.b[rows[r]!]! - mean) ** 2;
  return squares / (2 * rows.length);
}

/** S_i and ST_i over the base rows `rows` (a resample, or all of them). */
function estimate(c: Columns, i: number, rows: ArrayLike<number>): [number, number] {
  let first = 0;
  let total = 0;
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r]!;
    const fa = c.a[j]!;
    const fab = c.ab[i]![j]!;
    first += c.b[j]! * (fab - fa);
    total += (fa - fab) ** 2;
  }
  const v = pooledVariance(c, rows);
  return [first / rows.length / v, total / rows.length / 2 / v];
}

export function sobolIndices(
  outputs: readonly number[],
  baseSamples: number,
  dimensions: number,
  options: { bootstrap?: number; seed?: number | string; level?: number } = {},
): { indices: SobolIndex[]; variance: number } {
  const expected = baseSamples * (dimensions + 2);
  if (outputs.length !== expected)
    throw new RangeError(`a Saltelli plan of ${baseSamples} × (${dimensions} + 2) rows needs ${expected} outputs (got ${outputs.length})`);
  const bad = outputs.findIndex((y) => !Number.isFinite(y));
  if (bad >= 0) throw new RangeError(`output ${bad} of the plan is not a finite number (${outputs[bad]})`);
  // Centred first, as SALib does: the first-order estimator multiplies f(B) by a difference, so an offset adds only noise.
  const offset = outputs.reduce((sum, y) => sum + y, 0) / outputs.length;
  const columns = columnsOf(
    outputs.map((y) => y - offset),
    baseSamples,
    dimensions,
  );
  const all = Int32Array.from({ length: baseSamples }, (_, j) => j);
  const resamples = options.bootstrap ?? 1000;
  const seed = options.seed ?? 1;
  const indices = Array.from({ length: dimensions }, (_, i) => {
    const [first, total] = estimate(columns, i, all);
    const replicates = bootstrapReplicates(baseSamples, resamples, `${seed}/${i}`, (rows) => estimate(columns, i, rows));
    return {
      first,
      firstCi: percentileInterval(
        replicates.map((r) => r[0]),
        options.level,
      ),
      total,
      totalCi: percentileInterval(
        replicates.map((r) => r[1]),
        options.level,
      ),
    };
  });
  return { indices, variance: variance([...columns.a, ...columns.b]) };
}
