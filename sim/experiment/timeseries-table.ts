/**
 * The time-series table (output.timeseries), as CSV and Parquet: long
 * format, one row per sample × series, written through TableWriter like
 * the experiment's other tables: time_s, level, role, group, metric, value.
 *
 * NULL (an empty CSV field) where a column does not apply: role for
 * operators and the run, group for the run, value where an interval gives
 * none (a mean over no rounds).
 */
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
