/**
 * A point's time series, as its point file stores them: the series' keys
 * once, then per replication its sample times and one list of values per
 * series. Compact (no key is repeated per sample or replication) and plain
 * JSON, so it travels unchanged through worker threads and the Redis queue
 * and is written atomically with the rest of the point: a resumed sweep
 * has each point's rows exactly once. Present only when the scenario
 * declares output.timeseries.
 */
import * as z from 'zod';
import { RECORDED_TIMESERIES_METRIC_NAMES } from '../scenario/timeseries-schema.js';
import type { RunTimeseries, SeriesKey, TimeseriesSamples } from '../results/timeseries.js';

export interface PointTimeseries {
  readonly series: readonly SeriesKey[];
  readonly replications: ReadonlyArray<{
    readonly time_s: readonly number[];
    /** values[s][t]: series s at sample t; null where the interval gives none. */
    readonly values: readonly (readonly (number | null)[])[];
  }>;
}

const sameKey = (a: SeriesKey, b: SeriesKey) => a.level === b.level && a.role === b.role && a.group === b.group && a.metric === b.metric;

/** The time series of a point's replications, one run at a time. */
export class PointTimeseriesBuilder {
  private series: readonly SeriesKey[] | undefined;
  private readonly replications: PointTimeseries['replications'][number][] = [];

  add(run: RunTimeseries): void {
    const keys = run.series.map(({ level, role, group, metric }) => ({ level, role, group, metric }));
    // Every replication of a point runs the same network, so it records the same series.
    if (this.series && (this.series.length !== keys.length || keys.some((key, i) => !sameKey(key, this.series![i]!)))) {
      throw new Error(`replication ${this.replications.length} records other time series than replication 0`);
    }
    this.series ??= keys;
    this.replications.push({
      time_s: run.timesMs.map((ms) => ms / 1000),
      // NaN (no value) is null in JSON already; written here so that every executor hands over the same data.
      values: run.series.map((s) => s.values.map((v) => (Number.isNaN(v) ? null : v))),
    });
  }

  result(): PointTimeseries | undefined {
    return this.series ? { series: this.series, replications: this.replications } : undefined;
  }
}

export function samplesOfPoint(timeseries: PointTimeseries, replication: number): TimeseriesSamples {
  const run = timeseries.replications[replication]!;
  return { timesS: run.time_s, series: timeseries.series, values: run.values };
}

/** The shape of a point file's `timeseries`: one list of values per series, each as long as the replication's samples. */
export const PointTimeseriesSchema = z
  .object({
    series: z.array(
      z.object({
        level: z.enum(['role-model', 'population', 'operator', 'run']),
        role: z.enum(['inference', 'evaluator']).nullable(),
        group: z.string().nullable(),
        metric: z.enum(RECORDED_TIMESERIES_METRIC_NAMES),
      }),
    ),
    replications: z.array(z.object({ time_s: z.array(z.number()), values: z.array(z.array(z.number().nullable())) })),
  })
  .superRefine((timeseries, ctx) => {
    timeseries.replications.forEach((run, r) => {
      if (run.values.length !== timeseries.series.length || run.values.some((values) => values.length !== run.time_s.length)) {
        ctx.addIssue({
          code: 'custom',
          path: ['replications', r],
          message: `replication ${r} does not hold one value per series (${timeseries.series.length}) and sample (${run.time_s.length})`,
        });
      }
    });
  });
