/**
 * One point of an experiment: a scenario with the sweep's values set, run
 * for its replications. Context and tasks are plain data, so a point runs
 * the same in this thread, a worker thread or another machine; the result
 * depends on nothing else.
 */
import type { LoadedProfile } from '../profile/load.js';
import type { SourceDocument } from '../input/source-document.js';
import { runScenario } from '../run/run-scenario.js';
import { setAt } from '../scenario/extends.js';
import type { StoppingRule } from '../scenario/experiment-schema.js';
import { resolveWithProfile } from '../scenario/resolve.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { type Scenario, ScenarioSchema } from '../scenario/schema.js';
import { confidenceInterval, momentsOfValues } from '../stats/summary-statistics.js';
import { type GroupKey, type MetricValue, runMetrics, type RunMetrics } from './metrics.js';
import type { RunTimeseries } from '../results/timeseries.js';
import { PointTimeseriesBuilder, type PointTimeseries } from './point-timeseries.js';
import { runSeed } from './seeds.js';

/** What every point of an experiment shares: sent once to each worker. */
export interface ExperimentContext {
  /** The experiment's hash: stamped on every point so results of different experiments never mix. */
  readonly experiment: string;
  readonly scenarioFile: string;
  /** The scenario data (after extends) without sweep, replications and stopping. */
  readonly baseData: unknown;
  readonly profile: LoadedProfile;
  readonly rootSeed: number | string;
  readonly parameters: ReadonlyArray<{
    readonly name: string;
    readonly segments: ReadonlyArray<string | number>;
    readonly commonRandomNumbers: boolean;
  }>;
  readonly replications: number;
  readonly stopping: StoppingRule | null;
}

export interface PointTask {
  readonly pointId: number;
  readonly values: Readonly<Record<string, unknown>>;
  /**
   * Which replications to run, instead of the context's count from 0: a
   * study adds replications to a candidate it already ran, or confirms a
   * winner on replications its search never saw. No stopping rule applies.
   */
  readonly replications?: { readonly first: number; readonly count: number };
}

export type StoppedBy = 'replications' | 'half-width' | 'max-replications' | 'unknown-metric';

/** A finished point: every run's metrics, as lists over replications. Stored as points/<id>.json. */
export interface PointResult {
  readonly format: 'poq-sim/point/v2';
  readonly experiment: string;
  readonly point_id: number;
  readonly values: Readonly<Record<string, unknown>>;
  readonly replications: number;
  readonly stopped_by: StoppedBy;
  readonly seeds: readonly number[];
  readonly stop_reasons: readonly string[];
  /** Run-level metrics: name → value per replication. */
  readonly run: Readonly<Record<string, readonly MetricValue[]>>;
  /** Each group at its level (role-model, population, operator), keyed as in the tables. */
  readonly groups: ReadonlyArray<GroupKey & { readonly metrics: Readonly<Record<string, readonly MetricValue[]>> }>;
  /** output.timeseries of every replication; absent when the scenario declares none. */
  readonly timeseries?: PointTimeseries;
}

/** Metric lists that grow one replication at a time; a metric missing from a run gets null. */
class MetricColumns {
  readonly columns = new Map<string, MetricValue[]>();
  add(replication: number, metrics: ReadonlyArray<readonly [string, MetricValue]>): void {
    for (const [name, value] of metrics) {
      let column = this.columns.get(name);
      if (!column) this.columns.set(name, (column = []));
      while (column.length < replication) column.push(null);
      column.push(value);
    }
  }
  pad(length: number): void {
    for (const column of this.columns.values()) while (column.length < length) column.push(null);
  }
  toRecord(): Record<string, MetricValue[]> {
    return Object.fromEntries(this.columns);
  }
}

/** Whether every stopping metric's 95% CI is narrow enough; 'absent' when no group reports any of them. */
function intervalsNarrow(columns: ReadonlyArray<MetricColumns>, stopping: StoppingRule): 'narrow' | 'wide' | 'absent' {
  let found = false;
  for (const metric of stopping.metrics) {
    for (const group of columns) {
      const values = group.columns.get(metric);
      if (!values) continue;
      found = true;
      const m = momentsOfValues(values);
      const ci = confidenceInterval(m);
      if (!ci) return 'wide';
      const halfWidth = (ci[1] - ci[0]) / 2;
      const limit = stopping.halfWidth ?? (stopping.relativeHalfWidth ?? 0) * Math.abs(m.mean);
      if (!(halfWidth <= limit)) return 'wide';
    }
  }
  return found ? 'narrow' : 'absent';
}

/** The point's scenario data: the base with the sweep's values set. */
export function pointData(context: Pick<ExperimentContext, 'baseData' | 'parameters'>, values: Readonly<Record<string, unknown>>): unknown {
  let data = context.baseData;
  for (const parameter of context.parameters) {
    // A study's task sets only the parameters of its stage.
    if (parameter.name in values) data = setAt(data, parameter.segments, values[parameter.name]);
  }
  return data;
}

/** What a point's replications have given so far: their seeds, why each stopped, and the metric columns of the run and of each group. */
class Replications {
  readonly seeds: number[] = [];
  readonly stopReasons: string[] = [];
  readonly run = new MetricColumns();
  readonly groups = new Map<string, { key: GroupKey; columns: MetricColumns }>();
  readonly timeseries = new PointTimeseriesBuilder();

  add(seed: number, metrics: RunMetrics, timeseries: RunTimeseries | null): void {
    const replication = this.seeds.length;
    if (timeseries) this.timeseries.add(timeseries);
    this.seeds.push(seed);
    this.stopReasons.push(metrics.stopReason);
    this.run.add(replication, metrics.run);
    for (const { metrics: values, ...key } of metrics.groups) {
      const id = [key.level, key.role, key.model, key.population, key.operator].join('\u0000');
      let entry = this.groups.get(id);
      if (!entry) this.groups.set(id, (entry = { key, columns: new MetricColumns() }));
      entry.columns.add(replication, values);
    }
  }

  /** Every column set: the run's, then each group's. */
  allColumns(): MetricColumns[] {
    return [this.run, ...[...this.groups.values()].map((g) => g.columns)];
  }

  toResult(context: ExperimentContext, task: PointTask, stoppedBy: StoppedBy): PointResult {
    const count = this.seeds.length;
    const timeseries = this.timeseries.result();
    this.run.pad(count);
    return {
      format: 'poq-sim/point/v2',
      experiment: context.experiment,
      point_id: task.pointId,
      values: task.values,
      replications: count,
      stopped_by: stoppedBy,
      seeds: this.seeds,
      stop_reasons: this.stopReasons,
      run: this.run.toRecord(),
      groups: [...this.groups.values()].map(({ key, columns }) => {
        columns.pad(count);
        return { ...key, metrics: columns.toRecord() };
      }),
      ...(timeseries ? { timeseries } : {}),
    };
  }
}

/** Why the point stops after `done` replications, or undefined to run another. */
function stopAfter(done: number, minimum: number, stopping: StoppingRule | null, replications: Replications): StoppedBy | undefined {
  if (!stopping) return done >= minimum ? 'replications' : undefined;
  if (done < minimum) return undefined;
  const verdict = intervalsNarrow(replications.allColumns(), stopping);
  if (verdict === 'absent') return 'unknown-metric';
  if (verdict === 'narrow') return 'half-width';
  if (done >= stopping.maxReplications) return 'max-replications';
  return undefined;
}

/** A point's scenario as its runs see it: validated, with the document it was read from (the scenario file, unlocated). */
export interface PointScenario {
  readonly scenario: Scenario;
  readonly source: SourceDocument;
}

/** The point's scenario: the base with the sweep's values set, validated (the plan checked it already). */
export function pointScenario(context: ExperimentContext, task: PointTask): PointScenario {
  const data = pointData(context, task.values);
  const parsed = ScenarioSchema.safeParse(data);
  if (!parsed.success) throw new Error(`point ${task.pointId}: the scenario does not validate: ${parsed.error.message}`);
  return { scenario: parsed.data, source: { file: context.scenarioFile, data, where: () => ({ file: context.scenarioFile }) } };
}

/** The seed of a replication of the point: from the root seed, the values of the parameters that do not share random numbers, and the replication. */
export function replicationSeed(context: ExperimentContext, values: Readonly<Record<string, unknown>>, replication: number): number {
  const independent = Object.fromEntries(context.parameters.filter((p) => !p.commonRandomNumbers).map((p) => [p.name, values[p.name]]));
  return runSeed(context.rootSeed, independent, replication);
}

/** The resolved scenario of one replication of a point: what the sweep runs for it, and what `poq-sim replay` runs again. */
export function replicationScenario(context: ExperimentContext, point: PointScenario, seed: number): ResolvedScenario {
  return resolveWithProfile(point.scenario, point.source, context.profile, { seed });
}

/** Runs the replications a study's task names, from its first. */
function runReplicationRange(context: ExperimentContext, task: PointTask, range: { first: number; count: number }): PointResult {
  const point = pointScenario(context, task);
  const replications = new Replications();
  for (let replication = range.first; replication < range.first + range.count; replication++) {
    const seed = replicationSeed(context, task.values, replication);
    const result = runScenario(replicationScenario(context, point, seed));
    replications.add(seed, runMetrics(result), result.timeseries);
  }
  return replications.toResult(context, task, 'replications');
}

export function runPoint(context: ExperimentContext, task: PointTask): PointResult {
  if (task.replications) return runReplicationRange(context, task, task.replications);
  const point = pointScenario(context, task);
  // A stopping rule needs two replications for a first confidence interval.
  const minimum = context.stopping ? Math.max(2, context.replications) : context.replications;
  const replications = new Replications();
  for (let replication = 0; ; replication++) {
    const seed = replicationSeed(context, task.values, replication);
    const result = runScenario(replicationScenario(context, point, seed));
    replications.add(seed, runMetrics(result), result.timeseries);
    const stoppedBy = stopAfter(replication + 1, minimum, context.stopping, replications);
    if (stoppedBy) return replications.toResult(context, task, stoppedBy);
  }
}
