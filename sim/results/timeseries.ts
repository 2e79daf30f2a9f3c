/**
 * A run's time series (output.timeseries) as plain data, and the long
 * table it becomes: one row per sample × series, with the columns
 * time_s, level, role, group, metric, value. A series is one metric of one
 * group at one level; a group is a (role, model), a population, a declared
 * operator, or the whole run. The run folder's timeseries.csv and .parquet
 * and the experiment's timeseries table hold these rows.
 */
import type { RecordedTimeseriesMetric } from '../scenario/timeseries-schema.js';
import type { NodeRole } from '../scenario/resolved.js';

export type TimeseriesLevel = 'role-model' | 'population' | 'operator' | 'run';

/** What a series is of. `role` is null where a group spans roles (operator, run), `group` null at level run. */
export interface SeriesKey {
  readonly level: TimeseriesLevel;
  readonly role: NodeRole | null;
  /** The model id (role-model), the population's name, the operator's name; null for the run. */
  readonly group: string | null;
  readonly metric: RecordedTimeseriesMetric;
}

export interface TimeseriesSeries extends SeriesKey {
  /** One value per sample; NaN where the interval gives none (a mean over no rounds). */
  readonly values: readonly number[];
}

export interface RunTimeseries {
  readonly intervalSeconds: number;
  /** Virtual time at the end of each sampled interval, ms; the last interval ends with the run and may be shorter. */
  readonly timesMs: readonly number[];
  readonly series: readonly TimeseriesSeries[];
}

/**
 * One run's samples in the shape both a run and a stored point give: the
 * times in seconds, and per series its values (null or NaN: none).
 */
export interface TimeseriesSamples {
  readonly timesS: readonly number[];
  readonly series: readonly SeriesKey[];
  /** values[s][t]: series s at sample t. */
  readonly values: readonly (readonly (number | null)[])[];
}

export type TimeseriesRow = [timeS: number, level: TimeseriesLevel, role: NodeRole | null, group: string | null, metric: string, value: number | null];

export function samplesOfRun(timeseries: RunTimeseries): TimeseriesSamples {
  return {
    timesS: timeseries.timesMs.map((ms) => ms / 1000),
    series: timeseries.series,
    values: timeseries.series.map((s) => s.values),
  };
}

/** A value as the tables hold it: null for none, and 0 for −0 (which JSON, and so a stored point, cannot tell from 0). */
function cell(value: number | null | undefined): number | null {
  return value === null || value === undefined || Number.isNaN(value) ? null : value + 0;
}

/** The long table's rows, sample by sample, each sample's series in their order. */
export function* timeseriesRows(samples: TimeseriesSamples): Generator<TimeseriesRow> {
  const { timesS, series, values } = samples;
  for (let t = 0; t < timesS.length; t++) {
    for (let s = 0; s < series.length; s++) {
      const key = series[s]!;
      yield [timesS[t]!, key.level, key.role, key.group, key.metric, cell(values[s]![t])];
    }
  }
}
