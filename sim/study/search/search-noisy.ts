/**
 * A derivative-free search for the maximum (or minimum) of a noisy
 * objective over a small mixed space (ranges, integers, choices).
 *
 * 1. Successive halving (Karnin, Koren & Somekh 2013, "Almost optimal
 *    exploration in multi-armed bandits"; Jamieson & Talwalkar 2016) over
 *    a Latin-hypercube set of candidates: every candidate gets
 *    `initialReplications`; the best 1/eta go on to eta times as many
 *    (a candidate keeps the replications it has: only new ones are asked
 *    for); until one is left. Candidates are ranked by their mean over the
 *    replications all survivors share: replication r has one seed for every
 *    candidate (common random numbers), so the ranking is a paired one.
 * 2. Zoom rounds: halving again over new candidates in a box half as wide
 *    (per round) around the incumbent, which stays in.
 * 3. Confirmation on fresh seeds: the winner runs again from replication
 *    `replicationOffset` (replications the search never saw), doubling until
 *    the Student-t 95% CI meets the target or the cap. Its reported mean is
 *    free of the winner's curse (the search's own mean of the best of many
 *    noisy candidates is biased upward).
 *
 * Each batch is one call of `evaluate`, and the search reads a batch's
 * results only as a whole, in request order: its course depends on its seed
 * and the values, never on the order in which a batch's points finish.
 */
import { StreamBank } from '../../random/streams.js';
import { confidenceInterval, momentsOfValues } from '../../stats/summary-statistics.js';
import { type CandidatePoint, type SearchDimension, unitOfValue, valueOfUnit } from './dimensions.js';

export type { CandidatePoint, SearchDimension } from './dimensions.js';

export interface EvaluationRequest {
  readonly candidate: number;
  readonly point: CandidatePoint;
  readonly firstReplication: number;
  readonly replications: number;
}

/** For each request in order, one objective value per replication (null: the run did not report it). */
export type BatchEvaluator = (requests: readonly EvaluationRequest[]) => Promise<ReadonlyArray<ReadonlyArray<number | null>>>;

export interface ConfirmationTarget {
  readonly halfWidth: number | null;
  readonly relativeHalfWidth: number | null;
  readonly minReplications: number;
  readonly maxReplications: number;
  readonly replicationOffset: number;
}

export interface SearchOptions {
  readonly dimensions: readonly SearchDimension[];
  readonly seed: number | string;
  readonly maximize: boolean;
  readonly initialCandidates: number;
  readonly eta: number;
  readonly initialReplications: number;
  readonly zoomRounds: number;
  readonly confirmation: ConfirmationTarget;
}

export interface TrajectoryEntry {
  /** The batch whose results this entry summarizes (0-based). */
  readonly step: number;
  readonly stage: 'halving' | 'zoom' | 'confirmation';
  /** 0 for the first halving, then 1, 2… for zoom rounds. */
  readonly round: number;
  readonly rung: number;
  readonly candidate: number;
  readonly point: CandidatePoint;
  readonly replications: number;
  readonly mean: number;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  /** Whether the candidate went on to the next rung (or won). */
  readonly kept: boolean;
}

export interface SearchResult {
  readonly best: {
    readonly candidate: number;
    readonly point: CandidatePoint;
    /** Mean and CI over the confirmation replications only. */
    readonly mean: number;
    readonly ci: [number, number] | null;
    readonly replications: number;
    /** Mean over the search's own replications of the winner. */
    readonly searchMean: number;
  };
  readonly trajectory: readonly TrajectoryEntry[];
  readonly evaluations: number;
  readonly batches: number;
  readonly stoppedBy: 'half-width' | 'max-replications';
}

interface Candidate {
  readonly id: number;
  readonly point: CandidatePoint;
  readonly values: Array<number | null>;
}

function checkOptions(options: SearchOptions): void {
  const { dimensions, eta, initialCandidates, initialReplications, confirmation } = options;
  if (dimensions.length === 0) throw new RangeError('a search needs at least one dimension');
  if (!(Number.isInteger(eta) && eta >= 2)) throw new RangeError(`eta must be an integer of at least 2 (got ${eta})`);
  if (!(Number.isInteger(initialCandidates) && initialCandidates >= 1)) throw new RangeError('a search needs at least one candidate');
  if (!(Number.isInteger(initialReplications) && initialReplications >= 1))
    throw new RangeError('initialReplications must be a positive integer');
  if (!(confirmation.minReplications >= 2 && confirmation.maxReplications >= confirmation.minReplications))
    throw new RangeError('confirmation needs minReplications ≥ 2 and maxReplications ≥ minReplications');
  for (const d of dimensions) {
    if (d.kind === 'choice' && !(d.count >= 1)) throw new RangeError('a choice dimension needs at least one choice');
    if (d.kind === 'range' && !(d.high >= d.low)) throw new RangeError(`a range needs high ≥ low (got [${d.low}, ${d.high}])`);
  }
}

const keyOf = (point: CandidatePoint) => point.join('\u0000');

class Search {
  private nextId = 0;
  private batch = 0;
  evaluations = 0;
  readonly trajectory: TrajectoryEntry[] = [];
  private readonly bank: StreamBank;
  private readonly stream: number;

  constructor(
    private readonly options: SearchOptions,
    private readonly evaluate: BatchEvaluator,
  ) {
    this.bank = new StreamBank(options.seed, 'poq-sim/search/v1');
    this.stream = this.bank.stream('search', 'candidates');
  }

  /** Mean over a candidate's first `n` values, worst possible when none is a number. */
  score(candidate: Candidate, n: number): number {
    const m = momentsOfValues(candidate.values.slice(0, n));
    if (m.n === 0) return Number.NEGATIVE_INFINITY;
    return this.options.maximize ? m.mean : -m.mean;
  }

  /** A Latin hypercube of `count` points in the box [low, high] of the unit cube, deduplicated after rounding and against `taken`. */
  candidates(count: number, low: readonly number[], high: readonly number[], taken: Set<string>): Candidate[] {
    const { dimensions } = this.options;
    const columns = dimensions.map(() => this.permutation(count));
    const found: Candidate[] = [];
    for (let i = 0; i < count; i++) {
      const point = dimensions.map((d, k) => {
        const u = (columns[k]![i]! + this.bank.uniform(this.stream)) / count;
        return valueOfUnit(d, low[k]! + u * (high[k]! - low[k]!));
      });
      const key = keyOf(point);
      if (taken.has(key)) continue;
      taken.add(key);
      found.push({ id: this.nextId++, point, values: [] });
    }
    return found;
  }

  /** Every point of a space of choices only, when it has no more than `count`. */
  allChoices(count: number): Candidate[] | undefined {
    const { dimensions } = this.options;
    if (!dimensions.every((d) => d.kind === 'choice')) return undefined;
    const sizes = dimensions.map((d) => (d.kind === 'choice' ? d.count : 0));
    const total = sizes.reduce((a, b) => a * b, 1);
    if (total > count) return undefined;
    return Array.from({ length: total }, (_, index) => {
      let rest = index;
      const point = sizes.map((size) => {
        const v = rest % size;
        rest = Math.floor(rest / size);
        return v;
      });
      return { id: this.nextId++, point: point.reverse(), values: [] };
    });
  }

  private permutation(n: number): number[] {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.bank.uniform(this.stream) * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }

  /** Runs one batch: each request's values are appended to its candidate. */
  async run(requests: ReadonlyArray<{ candidate: Candidate; first: number; count: number }>): Promise<number> {
    const step = this.batch++;
    if (requests.length === 0) return step;
    const results = await this.evaluate(
      requests.map((r) => ({ candidate: r.candidate.id, point: r.candidate.point, firstReplication: r.first, replications: r.count })),
    );
    if (results.length !== requests.length)
      throw new Error(`the evaluator returned ${results.length} results for ${requests.length} requests`);
    requests.forEach((r, i) => {
      const values = results[i]!;
      if (values.length !== r.count) throw new Error(`the evaluator returned ${values.length} values for ${r.count} replications`);
      this.evaluations += r.count;
      if (r.first < this.options.confirmation.replicationOffset) r.candidate.values.push(...values);
    });
    return step;
  }

  record(
    step: number,
    stage: TrajectoryEntry['stage'],
    round: number,
    rung: number,
    candidate: Candidate,
    values: ReadonlyArray<number | null>,
    kept: boolean,
  ): void {
    const m = momentsOfValues(values);
    const ci = confidenceInterval(m);
    this.trajectory.push({
      step,
      stage,
      round,
      rung,
      candidate: candidate.id,
      point: candidate.point,
      replications: values.length,
      mean: m.n > 0 ? m.mean : Number.NaN,
      ciLow: ci?.[0] ?? null,
      ciHigh: ci?.[1] ?? null,
      kept,
    });
  }

  /** Successive halving over `pool`; returns the survivor. */
  async halving(pool: Candidate[], stage: 'halving' | 'zoom', round: number): Promise<Candidate> {
    const { eta, initialReplications } = this.options;
    let survivors = pool;
    let target = initialReplications;
    for (let rung = 0; ; rung++) {
      const requests = survivors
        .filter((c) => c.values.length < target)
        .map((c) => ({ candidate: c, first: c.values.length, count: target - c.values.length }));
      const step = await this.run(requests);
      const ranked = [...survivors].sort((a, b) => this.score(b, target) - this.score(a, target) || a.id - b.id);
      const keep = survivors.length === 1 ? 1 : Math.max(1, Math.floor(survivors.length / eta));
      ranked.forEach((c, i) => this.record(step, stage, round, rung, c, c.values.slice(0, target), i < keep));
      if (survivors.length === 1) return survivors[0]!;
      survivors = ranked.slice(0, keep);
      target *= eta;
    }
  }

  /** The box of zoom round `round` around the incumbent, half as wide per round, clipped to the unit cube. */
  box(incumbent: Candidate, round: number): [number[], number[]] {
    const half = 0.5 ** round / 2;
    const centre = this.options.dimensions.map((d, k) => unitOfValue(d, incumbent.point[k]!));
    return [centre.map((c) => Math.max(0, c - half)), centre.map((c) => Math.min(1, c + half))];
  }

  async confirm(winner: Candidate): Promise<{ values: Array<number | null>; stoppedBy: SearchResult['stoppedBy'] }> {
    const { halfWidth, relativeHalfWidth, minReplications, maxReplications, replicationOffset } = this.options.confirmation;
    const values: Array<number | null> = [];
    let count = minReplications;
    for (;;) {
      const results = await this.evaluate([
        { candidate: winner.id, point: winner.point, firstReplication: replicationOffset + values.length, replications: count },
      ]);
      this.evaluations += count;
      values.push(...results[0]!);
      this.record(this.batch++, 'confirmation', 0, 0, winner, values, true);
      const m = momentsOfValues(values);
      const ci = confidenceInterval(m);
      const limit = halfWidth ?? (relativeHalfWidth === null ? Number.POSITIVE_INFINITY : relativeHalfWidth * Math.abs(m.mean));
      if (ci && (ci[1] - ci[0]) / 2 <= limit) return { values, stoppedBy: 'half-width' };
      if (values.length >= maxReplications) return { values, stoppedBy: 'max-replications' };
      count = Math.min(values.length, maxReplications - values.length);
    }
  }
}

export async function searchNoisy(options: SearchOptions, evaluate: BatchEvaluator): Promise<SearchResult> {
  checkOptions(options);
  const search = new Search(options, evaluate);
  const d = options.dimensions.length;
  const taken = new Set<string>();
  const first =
    search.allChoices(options.initialCandidates) ?? search.candidates(options.initialCandidates, Array(d).fill(0), Array(d).fill(1), taken);
  let incumbent = await search.halving(first, 'halving', 0);
  for (let round = 1; round <= options.zoomRounds; round++) {
    const [low, high] = search.box(incumbent, round);
    const fresh = search.candidates(Math.max(1, options.initialCandidates - 1), low, high, new Set([keyOf(incumbent.point), ...taken]));
    fresh.forEach((c) => taken.add(keyOf(c.point)));
    if (fresh.length === 0) break;
    incumbent = await search.halving([incumbent, ...fresh], 'zoom', round);
  }
  const { values, stoppedBy } = await search.confirm(incumbent);
  const m = momentsOfValues(values);
  const searchMoments = momentsOfValues(incumbent.values);
  return {
    best: {
      candidate: incumbent.id,
      point: incumbent.point,
      mean: m.n > 0 ? m.mean : Number.NaN,
      ci: confidenceInterval(m),
      replications: m.n,
      searchMean: searchMoments.n > 0 ? searchMoments.mean : Number.NaN,
    },
    trajectory: search.trajectory,
    evaluations: search.evaluations,
    batches: search.trajectory.length === 0 ? 0 : search.trajectory[search.trajectory.length - 1]!.step + 1,
    stoppedBy,
  };
}
