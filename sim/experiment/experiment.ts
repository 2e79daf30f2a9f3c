/**
 * Runs an experiment into its folder: the points not yet on disk go to an
 * executor, each finished point is stored at once (atomically), and when
 * all are there the tables, parameters.json, profile.yaml and, last,
 * manifest.json are written from the stored points. Stopping half way
 * (Ctrl-C, a kill) loses only the points in flight; `resume` skips the rest.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../input/input-error.js';
import { didYouMean } from '../input/suggest.js';
import { copyProfile, experimentManifest, parameterEntries, writeJson } from './experiment-files.js';
import type { PointExecutor } from './executors/executor.js';
import type { PointResult, PointTask } from './point.js';
import { PointStore } from './point-store.js';
import type { ExperimentPlan } from './plan.js';
import { type TableCounts, writeTables } from './tables.js';

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export interface ProgressReporter {
  start(total: number, done: number): void;
  update(done: number, runs: number): void;
  stop(): void;
}

export interface ExperimentOptions {
  readonly out: string;
  readonly resume?: boolean;
  readonly force?: boolean;
  readonly shard?: Shard;
  readonly executor: PointExecutor;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
}

export interface ExperimentOutcome {
  readonly status: 'complete' | 'interrupted';
  readonly total: number;
  readonly done: number;
  /** Points found on disk and not recomputed. */
  readonly skipped: number;
  readonly computed: number;
  readonly runs: number;
  readonly wallTimeMs: number;
  readonly tables?: TableCounts;
}

/** Files and folders an experiment folder may hold (what --force removes). */
const EXPERIMENT_ENTRIES = ['points', 'manifest.json', 'parameters.json', 'profile.yaml'];
const TABLES = ['runs', 'metrics', 'summary'];

export function shardLabel(shard: Shard | undefined): string | null {
  return shard ? `${shard.index}/${shard.count}` : null;
}

export function pointIdsOf(plan: ExperimentPlan, shard?: Shard): number[] {
  const ids = plan.points.map((_, id) => id);
  return shard ? ids.filter((id) => id % shard.count === shard.index - 1) : ids;
}

function outProblem(out: string, message: string): InputError {
  return new InputError({ file: out, path: '', message });
}

function clearExperiment(out: string): void {
  for (const entry of [...EXPERIMENT_ENTRIES, ...TABLES.flatMap((t) => [`${t}.csv`, `${t}.parquet`])]) {
    rmSync(join(out, entry), { recursive: true, force: true });
  }
}

/** Checks the folder and returns the ids of the points already done. */
function prepareFolder(plan: ExperimentPlan, options: ExperimentOptions, store: PointStore): Set<number> {
  const { out } = options;
  const occupied = existsSync(out) && readdirSync(out).length > 0;
  if (occupied && options.force) clearExperiment(out);
  else if (occupied && !options.resume) {
    throw outProblem(out, 'the output folder is not empty; pass --resume to continue the experiment in it, or --force to start over');
  }
  store.ensure();
  store.removeTemporaries();
  const done = new Set<number>();
  for (const id of store.ids()) {
    let point: PointResult;
    try {
      point = store.read(id);
    } catch {
      rmSync(join(store.directory, `${String(id).padStart(6, '0')}.json`), { force: true });
      continue; // unreadable (e.g. a disk filled up): recompute it
    }
    if (point.experiment !== plan.hash) {
      throw outProblem(
        out,
        'holds points of a different experiment (the scenario, its sweep, the profile or the poq-sim version changed); use another --out, or --force to start over',
      );
    }
    done.add(id);
  }
  return done;
}

export async function runExperiment(plan: ExperimentPlan, options: ExperimentOptions): Promise<ExperimentOutcome> {
  const started = performance.now();
  const store = new PointStore(options.out);
  const ids = pointIdsOf(plan, options.shard);
  const createdFolder = !existsSync(options.out) || readdirSync(options.out).length === 0;
  const done = prepareFolder(plan, options, store);
  const skipped = ids.filter((id) => done.has(id)).length;
  const tasks: PointTask[] = ids.filter((id) => !done.has(id)).map((pointId) => ({ pointId, values: plan.points[pointId]!.values }));
  const signal = options.signal ?? new AbortController().signal;

  let finished = skipped;
  let runs = 0;
  let computed = 0;
  options.progress?.start(ids.length, finished);
  try {
    await options.executor.run(
      tasks,
      (result) => {
        if (result.experiment !== plan.hash || !(result.point_id in plan.points)) {
          throw new Error(`received a result for another experiment or point (${result.experiment.slice(0, 12)}…, point ${result.point_id})`);
        }
        if (result.stopped_by === 'unknown-metric') throw unknownStoppingMetric(plan, result);
        store.write(result);
        finished++;
        computed++;
        runs += result.replications;
        options.progress?.update(finished, runs);
      },
      signal,
    );
  } catch (error) {
    // A mistake found only once points run (an unknown stopping metric) leaves nothing behind.
    if (error instanceof InputError && createdFolder) rmSync(options.out, { recursive: true, force: true });
    throw error;
  } finally {
    options.progress?.stop();
  }

  const wallTimeMs = () => performance.now() - started;
  if (signal.aborted || finished < ids.length) {
    return { status: 'interrupted', total: ids.length, done: finished, skipped, computed, runs, wallTimeMs: wallTimeMs() };
  }

  const stoppedBy: Record<string, number> = {};
  let totalRuns = 0;
  for (const point of store.each(ids)) {
    stoppedBy[point.stopped_by] = (stoppedBy[point.stopped_by] ?? 0) + 1;
    totalRuns += point.replications;
  }
  const tables = writeTables(options.out, plan.parameters, store.each(ids));
  writeJson(options.out, 'parameters.json', parameterEntries(plan));
  copyProfile(options.out, plan.base.profile.file);
  const wall = wallTimeMs();
  writeJson(
    options.out,
    'manifest.json',
    experimentManifest(plan, {
      wallTimeMs: wall,
      inFolder: ids.length,
      shard: shardLabel(options.shard),
      executor: options.executor.description,
      resumed: skipped > 0,
      stoppedBy,
      tables,
    }),
  );
  return { status: 'complete', total: ids.length, done: finished, skipped, computed, runs: totalRuns, wallTimeMs: wall, tables };
}

function unknownStoppingMetric(plan: ExperimentPlan, result: PointResult): InputError {
  const names = new Set([...Object.keys(result.run), ...result.groups.flatMap((g) => Object.keys(g.metrics))]);
  const metrics = plan.stopping!.metrics;
  const at = plan.where(['stopping', 'metrics', 0]);
  return new InputError({
    ...at,
    path: 'stopping.metrics',
    message: `no group and no run reports ${metrics.map((m) => `"${m}"`).join(' or ')}${didYouMean(metrics[0]!, [...names]) || `; metrics: ${[...names].join(', ')}`}`,
  });
}
