/**
 * The candidate sets a search starts from: a Latin hypercube (McKay,
 * Beckman & Conover 1979: each dimension's range cut into `count` equal
 * strata, one point per stratum, strata paired by independent random
 * permutations) inside a box of the unit cube, or, for a small space of
 * choices only, every point of it.
 *
 * Draws come only from the given keyed stream, in a fixed order, so a set
 * depends on the seed alone.
 */
import type { StreamBank } from '../../random/streams.js';
import { type CandidatePoint, type SearchDimension, valueOfUnit } from './dimensions.js';

/** A keyed stream of a bank: where the draws come from. */
export interface DrawSource {
  readonly bank: StreamBank;
  readonly stream: number;
}

/** A box of the unit cube: per dimension, its low and high coordinate. */
export interface UnitBox {
  readonly low: readonly number[];
  readonly high: readonly number[];
}

/** The whole unit cube in `d` dimensions. */
export function unitCube(d: number): UnitBox {
  return { low: Array<number>(d).fill(0), high: Array<number>(d).fill(1) };
}

/** A uniformly random permutation of 0…n−1 (Fisher–Yates). */
function permutation(source: DrawSource, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(source.bank.uniform(source.stream) * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** `count` Latin-hypercube points in `box`, as dimension values (rounded for integers and choices; duplicates kept). */
export function latinHypercube(source: DrawSource, dimensions: readonly SearchDimension[], count: number, box: UnitBox): CandidatePoint[] {
  const columns = dimensions.map(() => permutation(source, count));
  return Array.from({ length: count }, (_, i) =>
    dimensions.map((d, k) => {
      const u = (columns[k]![i]! + source.bank.uniform(source.stream)) / count;
      return valueOfUnit(d, box.low[k]! + u * (box.high[k]! - box.low[k]!));
    }),
  );
}

/** Every point of a space of choices only (the first dimension varies slowest), or undefined when it has a range or more than `limit` points. */
export function everyChoice(dimensions: readonly SearchDimension[], limit: number): CandidatePoint[] | undefined {
  const sizes: number[] = [];
  for (const d of dimensions) {
    if (d.kind !== 'choice') return undefined;
    sizes.push(d.count);
  }
  const total = sizes.reduce((a, b) => a * b, 1);
  if (total > limit) return undefined;
  return Array.from({ length: total }, (_, index) => {
    const point = Array<number>(sizes.length);
    let rest = index;
    for (let k = sizes.length - 1; k >= 0; k--) {
      point[k] = rest % sizes[k]!;
      rest = Math.floor(rest / sizes[k]!);
    }
    return point;
  });
}
