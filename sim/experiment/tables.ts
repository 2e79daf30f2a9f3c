/**
 * The tidy tables of an experiment, built from its stored points one point
 * at a time (memory does not grow with the number of points):
 *
 * - runs: one row per run — point_id, replication, seed, the parameters,
 *   level (run), stop_reason and the run-level metrics;
 * - metrics: one row per run × group × metric — point_id, replication, the
 *   parameters, level, role, model, population, operator, metric, value;
 * - summary: one row per point × group × metric over the replications —
 *   point_id, the parameters, level, role, model, population, operator,
 *   metric, n, mean, sd, ci_low, ci_high (95% Student-t interval).
 *
 * The level (levels.ts) says what a row is taken over; the group columns
 * that do not apply at a level are null, never ''. Each table as CSV and
 * Parquet. The same points give the same bytes.
 */
import { confidenceInterval, momentsOfValues, sampleSd } from '../stats/summary-statistics.js';
import type { TableLevel } from '../results/levels.js';
import { METRIC_MEANINGS } from '../results/metric-meanings.js';
import type { MetricValue } from './metrics.js';
import type { PointResult } from './point.js';
import { metricsTableColumns, parameterColumns, runsTableColumns, summaryTableColumns, type TableParameter } from './table-columns.js';
import { type KeyValue, type TableColumn, TableWriter } from './table-writer.js';

export interface TableCounts {
  readonly runs: number;
  readonly metrics: number;
  readonly summary: number;
}

type GroupCells = readonly [TableLevel, string | null, string | null, string | null, string | null];
const RUN_LEVEL: GroupCells = ['run', null, null, null, null];

/** Every (group, metric) of a point, run-level metrics first, with its values over replications. */
function* metricSeries(point: PointResult): Generator<{ group: GroupCells; metric: string; values: readonly MetricValue[] }> {
  for (const [metric, values] of Object.entries(point.run)) yield { group: RUN_LEVEL, metric, values };
  for (const group of point.groups) {
    const cells: GroupCells = [group.level, group.role, group.model, group.population, group.operator];
    for (const [metric, values] of Object.entries(group.metrics)) yield { group: cells, metric, values };
  }
}

/**
 * The `poq-sim:metrics` metadata of a long table: the unit, meaning and
 * levels of each metric it holds, in the catalogue's order (a metric the
 * catalogue does not describe is left out: a test keeps it complete).
 */
function metricsMetadata(seen: ReadonlySet<string>): KeyValue {
  const described = Object.entries(METRIC_MEANINGS).filter(([name]) => seen.has(name));
  return { key: 'poq-sim:metrics', value: JSON.stringify(Object.fromEntries(described)) };
}

interface TableWriters {
  readonly runs: TableWriter;
  readonly metrics: TableWriter;
  readonly summary: TableWriter;
}

/** A point's rows in the three tables: one per run, one per run × group × metric, one per group × metric. */
function appendPoint(
  tables: TableWriters,
  point: PointResult,
  parameters: readonly TableParameter[],
  runMetricNames: readonly string[],
  seen: Set<string>,
): void {
  const values = parameters.map((p) => point.values[p.name]);
  for (let r = 0; r < point.replications; r++) {
    tables.runs.append([
      point.point_id,
      r,
      point.seeds[r],
      ...values,
      'run',
      point.stop_reasons[r],
      ...runMetricNames.map((name) => point.run[name]?.[r] ?? null),
    ]);
  }
  const series = [...metricSeries(point)];
  for (const { metric } of series) seen.add(metric);
  for (let r = 0; r < point.replications; r++) {
    for (const { group, metric, values: metricValues } of series)
      tables.metrics.append([point.point_id, r, ...values, ...group, metric, metricValues[r] ?? null]);
  }
  for (const { group, metric, values: metricValues } of series) {
    const m = momentsOfValues(metricValues);
    const ci = confidenceInterval(m);
    tables.summary.append([
      point.point_id,
      ...values,
      ...group,
      metric,
      m.n,
      m.n > 0 ? m.mean : null,
      m.n > 1 ? sampleSd(m) : null,
      ci?.[0] ?? null,
      ci?.[1] ?? null,
    ]);
  }
}

/**
 * The three tables of an experiment, written a point at a time in the order
 * the points are appended (point-id order: the same points give the same
 * bytes however they were computed). Nothing is in place until close().
 */
export class ExperimentTables {
  private readonly parameterCells;
  private readonly seen = new Set<string>();
  private readonly writers: TableWriter[] = [];
  private readonly metrics: TableWriter;
  private readonly summary: TableWriter;
  private runs: TableWriter | undefined;
  private runMetricNames: string[] = [];

  constructor(
    private readonly folder: string,
    private readonly parameters: readonly TableParameter[],
  ) {
    this.parameterCells = parameterColumns(parameters);
    try {
      this.metrics = this.open('metrics', metricsTableColumns(this.parameterCells));
      this.summary = this.open('summary', summaryTableColumns(this.parameterCells));
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  private open(name: string, columns: TableColumn[]): TableWriter {
    const writer = new TableWriter(this.folder, name, columns);
    this.writers.push(writer);
    return writer;
  }

  append(point: PointResult): void {
    if (!this.runs) {
      // The run-level columns come from the first point: every run of an experiment reports the same fields.
      this.runMetricNames = Object.keys(point.run);
      this.runs = this.open('runs', runsTableColumns(this.parameterCells, this.runMetricNames));
    }
    for (const name of Object.keys(point.run)) {
      if (!this.runMetricNames.includes(name))
        throw new Error(`point ${point.point_id} reports run metric "${name}", which point 0 does not`);
    }
    appendPoint({ runs: this.runs, metrics: this.metrics, summary: this.summary }, point, this.parameters, this.runMetricNames, this.seen);
  }

  /** Finishes the tables and moves them into place; returns their row counts. */
  close(): TableCounts {
    const runs = (this.runs ??= this.open('runs', runsTableColumns(this.parameterCells, [])));
    runs.close();
    for (const writer of [this.metrics, this.summary]) writer.close([metricsMetadata(this.seen)]);
    return { runs: runs.rowCount, metrics: this.metrics.rowCount, summary: this.summary.rowCount };
  }

  /** Removes the temporary files of tables not closed. */
  abort(): void {
    for (const writer of this.writers) writer.abort();
  }
}

export function writeTables(folder: string, parameters: readonly TableParameter[], points: Iterable<PointResult>): TableCounts {
  const tables = new ExperimentTables(folder, parameters);
  try {
    for (const point of points) tables.append(point);
    return tables.close();
  } catch (error) {
    tables.abort();
    throw error;
  }
}
