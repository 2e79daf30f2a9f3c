/**
 * Runs a study's batches of points on an executor (threads, a Redis queue,
 * this thread) and stores each finished point at once under `points/`.
 *
 * A study is a deterministic function of its results: its search asks for
 * batch after batch, each only once the previous one is in, and point ids
 * are given in the order points are asked for. A resumed study asks for the
 * same points under the same ids, so every point already on disk is read
 * back instead of run: a kill loses only the points in flight, and nothing
 * is run twice or differently whatever the worker count.
 */
import stableStringify from 'safe-stable-stringify';
import type { PointExecutor } from '../experiment/executors/executor.js';
import { type ExperimentContext, type PointResult, type PointTask, replicationSeed } from '../experiment/point.js';
import type { PointStore } from '../experiment/point-store.js';

/** One candidate's replications `first … first + count − 1`, with the values of the paths it sets (keyed as the context names them). */
export interface StudyRequest {
  readonly values: Readonly<Record<string, unknown>>;
  readonly first: number;
  readonly count: number;
}

/** Raised when the study's signal aborts between or during batches. */
export class StudyInterrupted extends Error {
  constructor() {
    super('the study was interrupted');
  }
}

export class StudyRunner {
  private nextId = 0;
  points = 0;
  runs = 0;
  batches = 0;

  constructor(
    private readonly context: ExperimentContext,
    private readonly executor: PointExecutor,
    private readonly store: PointStore,
    private readonly signal: AbortSignal,
    private readonly onNotice: (line: string) => void = () => {},
  ) {}

  /** Runs the requests (or reads them back) and returns their results in request order. */
  async evaluate(requests: readonly StudyRequest[]): Promise<PointResult[]> {
    if (this.signal.aborted) throw new StudyInterrupted();
    const results = new Map<number, PointResult>();
    const tasks: PointTask[] = [];
    const ids = requests.map((request) => {
      const id = this.nextId++;
      const stored = this.storedResult(id, request);
      if (stored) results.set(id, stored);
      else tasks.push({ pointId: id, values: request.values, replications: { first: request.first, count: request.count } });
      return id;
    });
    await this.executor.run(
      tasks,
      (result) => {
        this.store.write(result);
        results.set(result.point_id, result);
      },
      this.signal,
    );
    if (results.size < ids.length) throw new StudyInterrupted();
    this.batches++;
    this.points += ids.length;
    this.runs += requests.reduce((sum, r) => sum + r.count, 0);
    return ids.map((id) => results.get(id)!);
  }

  /** The stored point of this id when it is the one asked for; a stored point that is not is reported and run again. */
  private storedResult(id: number, request: StudyRequest): PointResult | undefined {
    if (!this.store.has(id)) return undefined;
    const checked = this.store.check(id);
    const point = 'point' in checked ? checked.point : undefined;
    const expected = replicationSeed(this.context, request.values, request.first);
    const same =
      point !== undefined &&
      point.experiment === this.context.experiment &&
      point.replications === request.count &&
      point.seeds[0] === expected &&
      stableStringify(point.values) === stableStringify(request.values);
    if (same) return point;
    this.onNotice(
      `${this.store.fileOf(id)} is ${'damage' in checked ? `damaged (${checked.damage})` : 'not the point this study asks for'}; recomputing it`,
    );
    this.store.remove(id);
    return undefined;
  }
}
