/**
 * Runs an experiment into its folder: the points not yet on disk go to an
 * executor, each finished point is stored at once (atomically), and when
 * all are there the tables, parameters.json, profile.yaml and, last,
 * manifest.json are written from the stored points. Stopping half way
 * (Ctrl-C, a kill) loses only the points in flight; `resume` skips the rest.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import stableStringify from 'safe-stable-stringify';
import { performance } from 'node:perf_hooks';
import { InputError } from '../input/input-error.js';
import { didYouMean } from '../input/suggest.js';
import { copyProfile, experimentManifest, parameterEntries, writeJson } from './experiment-files.js';
import type { PointExecutor } from './executors/executor.js';
import type { PointResult, PointTask } from './point.js';
import { pointFileName, PointStore } from './point-store.js';
import { checkOutput } from '../results/output-claim.js';
import { onDisk, removeStaleTemporaries, retireOutput } from '../results/output-folder.js';
import type { ExperimentPlan } from './plan.js';
import { OrderedTables } from './ordered-tables.js';
import type { ExperimentTableCounts } from './timeseries-table.js';

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
  /** Told, one line each, what the sweep repaired in the folder (a damaged point it recomputes). */
  readonly onNotice?: (line: string) => void;
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
  readonly tables?: ExperimentTableCounts;
}

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

/**
 * Checks the folder under the output rule, removes what killed sweeps left
 * (temporary files; damaged points, each said in one line, are recomputed)
 * and returns the ids of the points already done.
 */
function prepareFolder(plan: ExperimentPlan, options: ExperimentOptions, store: PointStore): Set<number> {
  const { out } = options;
  const found = checkOutput({
    path: out,
    kind: 'experiment',
    ownKindAllowed: Boolean(options.resume || options.force),
    ownKindAdvice: 'pass --resume to continue the experiment in it, or --force to start over',
    force: options.force,
  });
  if (found.state === 'output' && (options.force || found.kind !== 'experiment')) retireOutput(out);
  removeStaleTemporaries(out);
  store.ensure();
  removeStaleTemporaries(store.directory);
  const done = new Set<number>();
  for (const id of store.ids()) {
    const damage = damageOf(plan, store, id);
    if (damage === undefined) {
      done.add(id);
      continue;
    }
    options.onNotice?.(`${join(out, 'points', pointFileName(id))} is damaged (${damage}); recomputing point ${id}`);
    store.remove(id);
  }
  return done;
}

/** Why a stored point cannot be kept, if it cannot; a valid point of another experiment stops the sweep. */
function damageOf(plan: ExperimentPlan, store: PointStore, id: number): string | undefined {
  const checked = store.check(id);
  if ('damage' in checked) return checked.damage;
  if (checked.point.experiment !== plan.hash) {
    throw outProblem(
      store.folder,
      'holds points of a different experiment (the scenario, its sweep, the profile or the poq-sim version changed); use another --out, or --force to discard them and start over',
    );
  }
  if (!(id in plan.points)) return `the experiment has no point ${id}`;
  if (stableStringify(checked.point.values) !== stableStringify(plan.points[id]!.values))
    return `its sweep values are not those of point ${id}`;
  if (plan.base.scenario.output.timeseries && !checked.point.timeseries) return 'it holds no time series';
  return undefined;
}

/** How many of the points the executor was given have arrived, and how many runs they held. */
interface Computed {
  points: number;
  runs: number;
}

/**
 * Sends the tasks to the executor and stores each result as it arrives,
 * after checking it belongs to this experiment, and hands it to the tables
 * (which write its rows once the points before it are in). A mistake found
 * only once points run (an unknown stopping metric) leaves nothing behind
 * in a folder this sweep created.
 */
async function computePoints(
  plan: ExperimentPlan,
  options: ExperimentOptions,
  store: PointStore,
  tables: OrderedTables,
  tasks: readonly PointTask[],
  signal: AbortSignal,
  alreadyDone: number,
  createdFolder: boolean,
): Promise<Computed> {
  const computed: Computed = { points: 0, runs: 0 };
  try {
    await options.executor.run(
      tasks,
      (result) => {
        if (result.experiment !== plan.hash || !(result.point_id in plan.points)) {
          throw new Error(
            `received a result for another experiment or point (${result.experiment.slice(0, 12)}…, point ${result.point_id})`,
          );
        }
        if (result.stopped_by === 'unknown-metric') throw unknownStoppingMetric(plan, result);
        store.write(result);
        onDisk(options.out, () => tables.add(result));
        computed.points++;
        computed.runs += result.replications;
        options.progress?.update(alreadyDone + computed.points, computed.runs);
      },
      signal,
    );
  } catch (error) {
    if (error instanceof InputError && createdFolder) rmSync(options.out, { recursive: true, force: true });
    throw error;
  } finally {
    options.progress?.stop();
  }
  return computed;
}

/**
 * Once every point is stored: the tables (finished from the rows written as
 * the points came), parameters.json, profile.yaml and, last, manifest.json.
 * Returns the tables' row counts and the experiment's runs.
 */
function writeExperimentFiles(
  plan: ExperimentPlan,
  options: ExperimentOptions,
  tables: OrderedTables,
  ids: readonly number[],
  resumed: boolean,
  wallTimeMs: () => number,
) {
  const { tables: counts, stoppedBy, runs } = onDisk(options.out, () => tables.finish());
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
      resumed,
      stoppedBy,
      tables: counts,
    }),
  );
  return { tables: counts, runs, wallTimeMs: wall };
}

export async function runExperiment(plan: ExperimentPlan, options: ExperimentOptions): Promise<ExperimentOutcome> {
  const started = performance.now();
  const wallTimeMs = () => performance.now() - started;
  const store = new PointStore(options.out);
  const ids = pointIdsOf(plan, options.shard);
  const createdFolder = !existsSync(options.out) || readdirSync(options.out).length === 0;
  const done = prepareFolder(plan, options, store);
  const skipped = ids.filter((id) => done.has(id)).length;
  const tasks: PointTask[] = ids.filter((id) => !done.has(id)).map((pointId) => ({ pointId, values: plan.points[pointId]!.values }));
  const signal = options.signal ?? new AbortController().signal;

  options.progress?.start(ids.length, skipped);
  const tables = onDisk(options.out, () => new OrderedTables(options.out, plan.parameters, ids, done, store));
  let computed: Computed;
  try {
    computed = await computePoints(plan, options, store, tables, tasks, signal, skipped, createdFolder);
  } catch (error) {
    tables.abort();
    throw error;
  }
  const finished = skipped + computed.points;
  if (signal.aborted || finished < ids.length) {
    tables.abort();
    return {
      status: 'interrupted',
      total: ids.length,
      done: finished,
      skipped,
      computed: computed.points,
      runs: computed.runs,
      wallTimeMs: wallTimeMs(),
    };
  }
  const written = writeExperimentFiles(plan, options, tables, ids, skipped > 0, wallTimeMs);
  return {
    status: 'complete',
    total: ids.length,
    done: finished,
    skipped,
    computed: computed.points,
    runs: written.runs,
    wallTimeMs: written.wallTimeMs,
    tables: written.tables,
  };
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
