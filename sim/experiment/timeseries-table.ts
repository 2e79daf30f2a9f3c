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
 * none (a mean over no rounds).
 */
import type { PointResult } from './point.js';
import type { TableCounts } from './tables.js';
import { samplesOfPoint } from './point-timeseries.js';
import { type TableColumn, TableWriter } from './table-writer.js';
import { type RunTimeseries, samplesOfRun, type TimeseriesSamples, timeseriesRows } from '../results/timeseries.js';

export const TIMESERIES_TABLE = 'timeseries';

const SERIES_COLUMNS: readonly TableColumn[] = [
  { name: 'time_s', type: 'double' },
  { name: 'level', type: 'string' },
  { name: 'role', type: 'string' },
  { name: 'group', type: 'string' },
  { name: 'metric', type: 'string' },
  { name: 'value', type: 'double' },
];

const EXPERIMENT_COLUMNS: readonly TableColumn[] = [
  { name: 'point_id', type: 'int32' },
  { name: 'replication', type: 'int32' },
  ...SERIES_COLUMNS,
];

function appendRows(writer: TableWriter, samples: TimeseriesSamples, prefix: readonly unknown[]): void {
  for (const row of timeseriesRows(samples)) writer.append(prefix.length === 0 ? row : [...prefix, ...row]);
}

/** A run's timeseries.csv and timeseries.parquet, into `folder`; returns the rows written. */
export function writeRunTimeseries(folder: string, timeseries: RunTimeseries): number {
  const writer = new TableWriter(folder, TIMESERIES_TABLE, SERIES_COLUMNS);
  try {
    appendRows(writer, samplesOfRun(timeseries), []);
    writer.close();
    return writer.rowCount;
  } catch (error) {
    writer.abort();
    throw error;
  }
}

/**
 * The experiment's timeseries.csv and .parquet from its stored points, in
 * point order; none (null) when the points hold no time series (the
 * scenario declares no output.timeseries).
 */
export function writeExperimentTimeseries(folder: string, points: Iterable<PointResult>): number | null {
  let writer: TableWriter | undefined;
  try {
    for (const point of points) {
      if (!point.timeseries) continue;
      writer ??= new TableWriter(folder, TIMESERIES_TABLE, EXPERIMENT_COLUMNS);
      for (let r = 0; r < point.replications; r++) appendRows(writer, samplesOfPoint(point.timeseries, r), [point.point_id, r]);
    }
    writer?.close();
    return writer?.rowCount ?? null;
  } catch (error) {
    writer?.abort();
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
