/**
 * The time-series table (output.timeseries), as CSV and Parquet: long
 * format, one row per sample × series, written through TableWriter like
 * the experiment's other tables.
 *
 * - In a run folder: time_s, level, role, group, metric, value.
 * - In an experiment folder: point_id, replication, then the same columns,
 *   streamed from the stored points one point at a time (memory does not
 *   grow with the number of points). The sweep's parameters are not
 *   repeated on every row: join on (point_id, replication) with the runs table.
 *
 * NULL (an empty CSV field) where a column does not apply: role for
 * operators and the run, group for the run, value where an interval gives
 * none (a mean over no rounds). Each column's unit and meaning are said
 * here once: in the Parquet metadata (poq-sim:columns, and poq-sim:metrics
 * for the metrics the table holds) and in docs/results-format.md.
 */
import type { PointResult } from './point.js';
import type { TableCounts } from './tables.js';
import { samplesOfPoint } from './point-timeseries.js';
import { type KeyValue, type TableColumn, TableWriter } from './table-writer.js';
import { type RunTimeseries, samplesOfRun, type TimeseriesSamples, timeseriesRows } from '../results/timeseries.js';
import { RECORDED_TIMESERIES_METRICS } from '../scenario/timeseries-schema.js';

export const TIMESERIES_TABLE = 'timeseries';

/** A column of the table with its unit and meaning (listed in docs/results-format.md, checked by a test). */
interface SeriesColumn extends TableColumn {
  readonly unit: string;
  readonly meaning: string;
}

const SERIES_COLUMNS: readonly SeriesColumn[] = [
  { name: 'time_s', type: 'double', unit: 's', meaning: 'virtual time at the end of the interval' },
  {
    name: 'level',
    type: 'string',
    unit: '—',
    meaning:
      '`role-model` (one group per role and model), `population` (one per declared population), `operator` (one per declared operator, over all its nodes and roles), `run` (every node)',
  },
  {
    name: 'role',
    type: 'string',
    unit: '—',
    meaning: '`inference` or `evaluator`; NULL at levels `operator` and `run`, whose groups may span both roles',
  },
  {
    name: 'group',
    type: 'string',
    unit: '—',
    meaning:
      'the model id (`role-model`), the population’s name, the operator’s name; NULL at level `run`. A mixed-model population is one group under its name',
  },
  { name: 'metric', type: 'string', unit: '—', meaning: 'one of the metrics below' },
  {
    name: 'value',
    type: 'double',
    unit: 'the metric’s',
    meaning: 'the metric’s value over the interval; NULL where the interval gives none (a mean over no rounds)',
  },
];

const EXPERIMENT_COLUMNS: readonly SeriesColumn[] = [
  {
    name: 'point_id',
    type: 'int32',
    unit: '—',
    meaning: 'experiment folders only, first: the point (join with `runs` on it and `replication` for the run’s parameters and seed)',
  },
  { name: 'replication', type: 'int32', unit: '—', meaning: 'experiment folders only: the replication of the point' },
  ...SERIES_COLUMNS,
];

/** Every column of the table, in an experiment folder's order (a run folder's lacks the first two), for the documentation. */
export const TIMESERIES_COLUMNS: readonly SeriesColumn[] = EXPERIMENT_COLUMNS;

/** The metric column's position in a row of the series (time_s, level, role, group, metric, value). */
const METRIC_CELL = 4;

function appendRows(writer: TableWriter, samples: TimeseriesSamples, prefix: readonly unknown[], seen: Set<string>): void {
  for (const row of timeseriesRows(samples)) {
    seen.add(row[METRIC_CELL]);
    writer.append(prefix.length === 0 ? row : [...prefix, ...row]);
  }
}

/** The `poq-sim:metrics` metadata: unit, the groups it applies to and meaning of each metric the table holds, in the metric table's order. */
function metricsMetadata(seen: ReadonlySet<string>): KeyValue {
  const described = Object.entries(RECORDED_TIMESERIES_METRICS).filter(([name]) => seen.has(name));
  return { key: 'poq-sim:metrics', value: JSON.stringify(Object.fromEntries(described)) };
}

/** A run's timeseries.csv and timeseries.parquet, into `folder`; returns the rows written. */
export function writeRunTimeseries(folder: string, timeseries: RunTimeseries): number {
  const writer = new TableWriter(folder, TIMESERIES_TABLE, SERIES_COLUMNS);
  const seen = new Set<string>();
  try {
    appendRows(writer, samplesOfRun(timeseries), [], seen);
    writer.close([metricsMetadata(seen)]);
    return writer.rowCount;
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/**
 * The experiment's timeseries.csv and .parquet, a point at a time in the
 * order the points are appended; no table (null) when no point holds a
 * time series (the scenario declares no output.timeseries).
 */
export class ExperimentTimeseries {
  private writer: TableWriter | undefined;
  private readonly seen = new Set<string>();

  constructor(private readonly folder: string) {}

  append(point: PointResult): void {
    if (!point.timeseries) return;
    this.writer ??= new TableWriter(this.folder, TIMESERIES_TABLE, EXPERIMENT_COLUMNS);
    for (let r = 0; r < point.replications; r++)
      appendRows(this.writer, samplesOfPoint(point.timeseries, r), [point.point_id, r], this.seen);
  }

  /** Finishes the table and moves it into place; returns its rows, or null without one. */
  close(): number | null {
    this.writer?.close([metricsMetadata(this.seen)]);
    return this.writer?.rowCount ?? null;
  }

  abort(): void {
    this.writer?.abort();
  }
}

/** The experiment's time-series table from its stored points, in point order (null without one). */
export function writeExperimentTimeseries(folder: string, points: Iterable<PointResult>): number | null {
  const table = new ExperimentTimeseries(folder);
  try {
    for (const point of points) table.append(point);
    return table.close();
  } catch (error) {
    table.abort();
    throw error;
  }
}

/** The rows of an experiment's tables: the three every experiment has, and the time series' when it has one. */
export type ExperimentTableCounts = TableCounts & { readonly timeseries?: number };

/** Writes the experiment's time-series table beside the others (when its points hold one) and adds its rows to their counts. */
export function withTimeseries(tables: TableCounts, folder: string, points: Iterable<PointResult>): ExperimentTableCounts {
  const timeseries = writeExperimentTimeseries(folder, points);
  return timeseries === null ? tables : { ...tables, timeseries };
}
