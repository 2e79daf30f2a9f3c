/**
 * Synthetic noisy objectives for the search's tests: f(point) plus normal
 * noise whose replication-r part is common to every candidate (as common
 * random numbers give) and whose other part is the candidate's own.
 */
import { StreamBank } from '../../../sim/random/streams.js';
import type { BatchEvaluator, EvaluationRequest, SearchOptions } from '../../../sim/study/search/search-noisy.js';
import type { SearchDimension } from '../../../sim/study/search/dimensions.js';

const bank = new StreamBank(7, 'test-noise');
/** A stream advances as it is drawn from: each purpose's draw is kept, so a value depends on its key alone. */
const drawn = new Map<string, number>();

/** The standard normal draw (Box–Muller) of the keyed stream for `purpose`. */
function normal(purpose: string): number {
  let z = drawn.get(purpose);
  if (z === undefined) {
    const s = bank.stream('noise', purpose);
    const u1 = Math.max(bank.uniform(s), 1e-12);
    const u2 = bank.uniform(s);
    drawn.set(purpose, (z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)));
  }
  return z;
}

/** Unit-variance noise for (replication, point): 0.8 common + 0.6 own (0.64 + 0.36 = 1). */
export function noise(replication: number, point: readonly number[]): number {
  return 0.8 * normal(`common-${replication}`) + 0.6 * normal(`${point.join(',')}-${replication}`);
}

export interface LoggedEvaluator {
  readonly evaluate: BatchEvaluator;
  /** Every batch, as requested. */
  readonly batches: EvaluationRequest[][];
  readonly spent: () => number;
}

/** An evaluator of f plus `sd` × noise; `shuffle` makes a batch's requests finish in a scrambled order; `missing` nulls some values. */
export function evaluator(
  f: (x: readonly number[]) => number,
  sd: number,
  { shuffle = false, missing }: { shuffle?: boolean; missing?: (point: readonly number[], replication: number) => boolean } = {},
): LoggedEvaluator {
  const batches: EvaluationRequest[][] = [];
  const evaluate: BatchEvaluator = async (requests) => {
    batches.push([...requests]);
    const pending = requests.map(async (r, i) => {
      if (shuffle) await new Promise((resolve) => setTimeout(resolve, (i * 7919) % 5));
      return Array.from({ length: r.replications }, (_, k) => {
        const replication = r.firstReplication + k;
        return missing?.(r.point, replication) ? null : f(r.point) + sd * noise(replication, r.point);
      });
    });
    return Promise.all(pending);
  };
  const spent = () => batches.flat().reduce((sum, r) => sum + r.replications, 0);
  return { evaluate, batches, spent };
}

export const range = (low: number, high: number, integer = false): SearchDimension => ({
  kind: 'range',
  low,
  high,
  integer,
  scale: 'linear',
});

export function options(dimensions: SearchDimension[], overrides: Partial<SearchOptions> = {}): SearchOptions {
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
