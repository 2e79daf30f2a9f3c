/**
 * A derivative-free search for the maximum (or minimum) of a noisy
 * objective over a small mixed space (ranges, integers, choices).
 *
 * 1. Successive halving (Karnin, Koren & Somekh 2013, "Almost optimal
 *    exploration in multi-armed bandits", ICML; Jamieson & Talwalkar 2016,
 *    "Non-stochastic best arm identification and hyperparameter
 *    optimization", AISTATS) over a space-filling set of candidates (a Latin
 *    hypercube, or every point of a small space of choices): every candidate
 *    gets `initialReplications`; the best ⌊n/eta⌋ go on to eta times as many
 *    in all (a candidate keeps the replications it has: only new ones are
 *    asked for), until one is left. Candidates are ranked by their mean over
 *    the replications they share: replication r has one seed for every
 *    candidate (common random numbers), so the ranking is a paired one
 *    (paired-ranking.ts). Ties go to the lower candidate id.
 * 2. Zoom rounds: halving again over the incumbent and new candidates in a
 *    box around it, half as wide per round along each range (a choice is
 *    categorical, with no neighbourhood: it stays free), clipped to the cube.
 * 3. Confirmation on fresh seeds: the winner runs again from replication
 *    `replicationOffset` (replications the search never saw), doubling until
 *    the Student-t 95% CI half-width meets the target or the cap. Its mean is
 *    free of the winner's curse (the search's own mean of the best of many
 *    noisy candidates is biased upward: Smith & Winkler 2006, "The
 *    optimizer's curse").
 *
 * Each batch is one call of `evaluate`, and the search reads a batch's
 * results only as a whole, in request order: its course depends on its seed
 * and the values, never on the order in which a batch's points finish.
 */
import { StreamBank } from '../../random/streams.js';
import { confidenceInterval, momentsOfValues } from '../../stats/summary-statistics.js';
import { type CandidatePoint, type SearchDimension, dimensionProblem, unitOfValue } from './dimensions.js';
import { rankPaired } from './paired-ranking.js';
import { type DrawSource, type UnitBox, everyChoice, latinHypercube, unitCube } from './space-filling.js';

export type { CandidatePoint, SearchDimension } from './dimensions.js';
export { valueOfUnit } from './dimensions.js';

export interface EvaluationRequest {
  readonly candidate: number;
  readonly point: CandidatePoint;
  readonly firstReplication: number;
  readonly replications: number;
}

/** For each request in order, one objective value per replication (null: the run did not report it). */
export type BatchEvaluator = (requests: readonly EvaluationRequest[]) => Promise<ReadonlyArray<ReadonlyArray<number | null>>>;

/** When confirmation stops: a half-width (absolute; else relative to |mean|; neither: as soon as a CI exists), or the cap. */
export interface ConfirmationTarget {
  readonly halfWidth: number | null;
  readonly relativeHalfWidth: number | null;
  readonly minReplications: number;
  readonly maxReplications: number;
  /** The first confirmation replication: every search replication lies below it. */
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
  /** 0 for the first halving, then 1, 2… for zoom rounds; confirmation: the last round. */
  readonly round: number;
  /** The rung of the halving; for confirmation, its batch (0, 1, …). */
  readonly rung: number;
  readonly candidate: number;
  readonly point: CandidatePoint;
  readonly replications: number;
  /** The candidate's own mean and CI over `replications` (ranking used the shared ones). */
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
    /** Confirmation replications that reported a value. */
    readonly replications: number;
    /** Mean over the search's own replications of the winner. */
    readonly searchMean: number;
  };
  readonly trajectory: readonly TrajectoryEntry[];
  /** Replications requested in all (search and confirmation). */
  readonly evaluations: number;
  /** Calls of the evaluator. */
  readonly batches: number;
  readonly stoppedBy: 'half-width' | 'max-replications';
}

interface Candidate {
  readonly id: number;
  readonly point: CandidatePoint;
  readonly values: Array<number | null>;
}

interface Request {
  readonly candidate: Candidate;
  readonly first: number;
  readonly count: number;
}

const isCount = (n: number, least: number) => Number.isInteger(n) && n >= least;
const isTarget = (x: number | null) => x === null || (Number.isFinite(x) && x > 0);

/** The most replications any candidate can reach in the search: the target of the last rung that still compares two. */
export function searchReplicationsBound(options: Pick<SearchOptions, 'initialCandidates' | 'eta' | 'initialReplications'>): number {
  let survivors = options.initialCandidates;
  let target = options.initialReplications;
  while (Math.floor(survivors / options.eta) > 1) {
    survivors = Math.floor(survivors / options.eta);
    target *= options.eta;
  }
  return target;
}

function checkOptions(options: SearchOptions): void {
  const { dimensions, eta, initialCandidates, initialReplications, zoomRounds, confirmation } = options;
  if (dimensions.length === 0) throw new RangeError('a search needs at least one dimension');
  for (const d of dimensions) {
    const problem = dimensionProblem(d);
    if (problem !== null) throw new RangeError(problem);
  }
  if (!isCount(eta, 2)) throw new RangeError(`eta must be an integer of at least 2 (got ${eta})`);
  if (!isCount(initialCandidates, 1)) throw new RangeError(`a search needs at least one candidate (got ${initialCandidates})`);
  if (!isCount(initialReplications, 1)) throw new RangeError(`initialReplications must be a positive integer (got ${initialReplications})`);
  if (!isCount(zoomRounds, 0)) throw new RangeError(`zoomRounds must be a whole number (got ${zoomRounds})`);
  const { minReplications, maxReplications, replicationOffset, halfWidth, relativeHalfWidth } = confirmation;
  if (!(isCount(minReplications, 2) && isCount(maxReplications, minReplications)))
    throw new RangeError('confirmation needs whole minReplications ≥ 2 and maxReplications ≥ minReplications');
  if (!(isTarget(halfWidth) && isTarget(relativeHalfWidth))) throw new RangeError('a confirmation half-width must be positive (or null)');
  const reach = searchReplicationsBound(options);
  if (!(isCount(replicationOffset, 0) && replicationOffset >= reach))
    throw new RangeError(
      `confirmation.replicationOffset must be a whole number ≥ ${reach}, the search's own replications (got ${replicationOffset})`,
    );
}

const keyOf = (point: CandidatePoint) => point.join('\u0000');

/** The values of one request, checked: as many as asked for, each a finite number or null. */
function checkedValues(values: ReadonlyArray<number | null> | undefined, request: Request): ReadonlyArray<number | null> {
  if (values === undefined || values.length !== request.count)
    throw new Error(
      `the evaluator returned ${values?.length ?? 'no'} values for candidate ${request.candidate.id}'s ${request.count} replications`,
    );
  const bad = values.findIndex((v) => v !== null && !Number.isFinite(v));
  if (bad >= 0)
    throw new Error(`the evaluator returned ${values[bad]} for candidate ${request.candidate.id}, replication ${request.first + bad}`);
  return values;
}

class Search {
  private nextId = 0;
  batches = 0;
  evaluations = 0;
  readonly trajectory: TrajectoryEntry[] = [];
  /** Every point made a candidate so far: a point is evaluated once. */
  private readonly taken = new Set<string>();
  private readonly source: DrawSource;

  constructor(
    private readonly options: SearchOptions,
    private readonly evaluate: BatchEvaluator,
  ) {
    const bank = new StreamBank(options.seed, 'poq-sim/search/v1');
    this.source = { bank, stream: bank.stream('search', 'candidates') };
  }

  /** New candidates for the points not yet taken, with ids in creation order. */
  create(points: readonly CandidatePoint[]): Candidate[] {
    const made: Candidate[] = [];
    for (const point of points) {
      const key = keyOf(point);
      if (this.taken.has(key)) continue;
      this.taken.add(key);
      made.push({ id: this.nextId++, point, values: [] });
    }
    return made;
  }

  /** The first candidate set: every choice of a small space of choices, else a Latin hypercube of the cube. */
  initial(): Candidate[] {
    const { dimensions, initialCandidates } = this.options;
    const points =
      everyChoice(dimensions, initialCandidates) ?? latinHypercube(this.source, dimensions, initialCandidates, unitCube(dimensions.length));
    return this.create(points);
  }

  /** One batch (one call of the evaluator, none when nothing is asked); returns its step and the checked values per request. */
  async run(requests: readonly Request[]): Promise<{ step: number; values: ReadonlyArray<ReadonlyArray<number | null>> }> {
    if (requests.length === 0) return { step: this.batches - 1, values: [] };
    const step = this.batches++;
    const results = await this.evaluate(
      requests.map((r) => ({ candidate: r.candidate.id, point: r.candidate.point, firstReplication: r.first, replications: r.count })),
    );
    if (results.length !== requests.length)
      throw new Error(`the evaluator returned ${results.length} results for ${requests.length} requests`);
    const values = requests.map((r, i) => checkedValues(results[i], r));
    for (const r of requests) this.evaluations += r.count;
    return { step, values };
  }

  record(
    step: number,
    where: Pick<TrajectoryEntry, 'stage' | 'round' | 'rung'>,
    c: Candidate,
    values: ReadonlyArray<number | null>,
    kept: boolean,
  ) {
    const m = momentsOfValues(values);
    const ci = confidenceInterval(m);
    this.trajectory.push({
      step,
      ...where,
      candidate: c.id,
      point: c.point,
      replications: values.length,
      mean: m.n > 0 ? m.mean : Number.NaN,
      ciLow: ci?.[0] ?? null,
      ciHigh: ci?.[1] ?? null,
      kept,
    });
  }

  /** Tops every survivor up to `target` replications (only the missing ones are asked for). */
  async topUp(survivors: readonly Candidate[], target: number): Promise<number> {
    const requests = survivors
      .filter((c) => c.values.length < target)
      .map((c) => ({ candidate: c, first: c.values.length, count: target - c.values.length }));
    const { step, values } = await this.run(requests);
    requests.forEach((r, i) => r.candidate.values.push(...values[i]!));
    return step;
  }

  /** Successive halving over `pool`; returns the survivor (no replications are spent once one is left). */
  async halving(pool: readonly Candidate[], stage: 'halving' | 'zoom', round: number): Promise<Candidate> {
    const { eta, initialReplications, maximize } = this.options;
    let survivors = pool;
    let target = initialReplications;
    for (let rung = 0; ; rung++) {
      const step = await this.topUp(survivors, target);
      const ranked = rankPaired(survivors, target, maximize);
      const keep = Math.max(1, Math.floor(survivors.length / eta));
      ranked.forEach((c, i) => this.record(step, { stage, round, rung }, c, c.values.slice(0, target), i < keep));
      if (keep === 1) return ranked[0]!;
      survivors = ranked.slice(0, keep);
      target *= eta;
    }
  }

  /** Zoom round `round`'s box: along each range, half as wide per round around the incumbent, clipped; a choice stays free. */
  box(incumbent: Candidate, round: number): UnitBox {
    const half = 0.5 ** round / 2;
    const { dimensions } = this.options;
    const centre = dimensions.map((d, k) => unitOfValue(d, incumbent.point[k]!));
    return {
      low: centre.map((c, k) => (dimensions[k]!.kind === 'choice' ? 0 : Math.max(0, c - half))),
      high: centre.map((c, k) => (dimensions[k]!.kind === 'choice' ? 1 : Math.min(1, c + half))),
    };
  }

  /** The zoom rounds after the first halving; a space without a range to narrow has none. */
  async zoom(incumbent: Candidate): Promise<{ incumbent: Candidate; round: number }> {
    const { dimensions, zoomRounds, initialCandidates } = this.options;
    const narrowable = dimensions.some((d) => d.kind === 'range' && d.high > d.low);
    let round = 0;
    while (narrowable && round < zoomRounds) {
      const points = latinHypercube(this.source, dimensions, Math.max(1, initialCandidates - 1), this.box(incumbent, round + 1));
      const fresh = this.create(points);
      if (fresh.length === 0) break;
      round++;
      incumbent = await this.halving([incumbent, ...fresh], 'zoom', round);
    }
    return { incumbent, round };
  }

  /** Confirmation batches from `replicationOffset`, doubling, until the half-width target or the cap. */
  async confirm(winner: Candidate, round: number): Promise<{ values: Array<number | null>; stoppedBy: SearchResult['stoppedBy'] }> {
    const { halfWidth, relativeHalfWidth, minReplications, maxReplications, replicationOffset } = this.options.confirmation;
    const values: Array<number | null> = [];
    for (let rung = 0, count = minReplications; ; rung++) {
      const { step, values: batch } = await this.run([{ candidate: winner, first: replicationOffset + values.length, count }]);
      values.push(...batch[0]!);
      this.record(step, { stage: 'confirmation', round, rung }, winner, values, true);
      const m = momentsOfValues(values);
      const ci = confidenceInterval(m);
      const limit = halfWidth ?? (relativeHalfWidth === null ? Number.POSITIVE_INFINITY : relativeHalfWidth * Math.abs(m.mean));
      if (ci && (ci[1] - ci[0]) / 2 <= limit) return { values, stoppedBy: 'half-width' };
      if (values.length >= maxReplications) return { values, stoppedBy: 'max-replications' };
      count = Math.min(values.length, maxReplications - values.length);
    }
  }
}

/** Searches for the best point of `options.dimensions` (see the module comment for the method). */
export async function searchNoisy(options: SearchOptions, evaluate: BatchEvaluator): Promise<SearchResult> {
  checkOptions(options);
  const search = new Search(options, evaluate);
  const first = await search.halving(search.initial(), 'halving', 0);
  const { incumbent, round } = await search.zoom(first);
  const { values, stoppedBy } = await search.confirm(incumbent, round);
  const confirmed = momentsOfValues(values);
  const searched = momentsOfValues(incumbent.values);
  return {
    best: {
      candidate: incumbent.id,
      point: incumbent.point,
      mean: confirmed.n > 0 ? confirmed.mean : Number.NaN,
      ci: confidenceInterval(confirmed),
      replications: confirmed.n,
      searchMean: searched.n > 0 ? searched.mean : Number.NaN,
    },
    trajectory: search.trajectory,
    evaluations: search.evaluations,
    batches: search.batches,
    stoppedBy,
  };
}
