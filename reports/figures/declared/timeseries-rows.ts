/**
 * The rows of a figure over time (x: time), from the time-series table
 * instead of the summary: a run folder's timeseries.csv gives each
 * sample's value as it is (one run, no interval); a sweep folder's gives,
 * per point, sample time and series, the mean over the replications with
 * its 95% Student-t interval and n — the summary table's statistics
 * (sim/experiment/tables.ts), so the two agree. A replication whose value
 * is NULL at a sample (a mean over no rounds) is left out of that cell
 * only, and n says how many remain. The table's `group` is the model,
 * population or operator name by level; a row takes it into that field,
 * so colour, where and hold read it as they read a summary row.
 */
import { join } from 'node:path';
import type { TableLevel } from '../../../sim/results/levels.js';
import type { FigureDeclaration, MetricRef } from '../../../sim/scenario/report-schema.js';
import { RECORDED_TIMESERIES_METRICS, type TimeseriesMetricInfo } from '../../../sim/scenario/timeseries-schema.js';
import { confidenceInterval, momentsOfValues, sampleSd } from '../../../sim/stats/summary-statistics.js';
import { type CsvRecord, exists, readCsvFile } from '../../folder/read-files.js';
import type { ResultsFolder, SweepSummaryRow } from '../../folder/results-folder.js';
import { type DrawnMetric, drawnMetric } from './fields.js';

/** A row of a figure over time: the summary row's fields at one sample. */
export interface TimedRow {
  readonly row: SweepSummaryRow;
  readonly timeS: number;
}

const SERIES_COLUMNS = ['time_s', 'level', 'role', 'group', 'metric', 'value'];

const SERIES_METRICS: Readonly<Record<string, TimeseriesMetricInfo>> = RECORDED_TIMESERIES_METRICS;

const seriesInfo = (name: string): TimeseriesMetricInfo | undefined =>
  Object.hasOwn(SERIES_METRICS, name) ? SERIES_METRICS[name] : undefined;

/** A metric of y over time: its level defaults to run for a run-only series, and its unit is the time series'. Null for a ranking. */
export function timedMetric(ref: MetricRef, declaration: FigureDeclaration): DrawnMetric | null {
  const drawn = drawnMetric(ref, declaration);
  const info = drawn && seriesInfo(drawn.name);
  if (!drawn || !info) return drawn;
  const declaredLevel = typeof ref !== 'string' && 'metric' in ref && ref.level !== undefined;
  const level: TableLevel = info.scope === 'run' && !declaredLevel ? 'run' : drawn.level;
  // reward_beta's unit is β: a label of β would read "β (β)".
  return { ...drawn, level, unit: info.unit === drawn.label ? '' : info.unit };
}

/** Why the folder cannot give a metric over time; null when it can. */
export function timeseriesProblem(folder: ResultsFolder, metric: DrawnMetric): string | null {
  if (!seriesInfo(metric.name))
    return `y "${metric.name}" is not a time-series metric (x = time draws one of ${Object.keys(RECORDED_TIMESERIES_METRICS).join(', ')})`;
  if (!exists(join(folder.dir, 'timeseries.csv')))
    return `x "time" draws timeseries.csv, and this ${folder.kind === 'run' ? 'run' : 'sweep'} folder has none (its scenario declares no output.timeseries)`;
  return null;
}

const text = (value: CsvRecord[string] | undefined): string => (value === null || value === undefined ? '' : String(value));

/** The models of the folder's populations: a population's series names only the population. */
function populationModels(folder: ResultsFolder): Map<string, string> {
  const models = new Map<string, string>();
  if (folder.kind === 'experiment')
    for (const row of folder.summary) if (row.level === 'population' && !models.has(row.population)) models.set(row.population, row.model);
  if (folder.kind === 'run')
    for (const population of folder.summary.populations ?? [])
      if (typeof population['model'] === 'string') models.set(population.population, population['model']);
  return models;
}

type GroupFields = Pick<SweepSummaryRow, 'role' | 'model' | 'population' | 'operator'>;

/** The table's (role, group) as a summary row's group fields at the level. */
function groupFields(level: string, role: string, group: string, models: ReadonlyMap<string, string>): GroupFields {
  if (level === 'role-model') return { role, model: group, population: '', operator: '' };
  if (level === 'population') return { role, model: models.get(group) ?? '', population: group, operator: '' };
  if (level === 'operator') return { role: '', model: '', population: '', operator: group };
  return { role: '', model: '', population: '', operator: '' };
}

function readSeries(folder: ResultsFolder, metric: DrawnMetric, sweep: boolean): readonly CsvRecord[] {
  const keys = sweep ? ['point_id', 'replication'] : [];
  return readCsvFile(join(folder.dir, 'timeseries.csv'), {
    required: [...keys, ...SERIES_COLUMNS],
    numeric: [...keys, 'time_s', 'value'],
    where: { level: metric.level, metric: metric.name },
  }).rows;
}

/** A run's samples of one metric at its level, each its own value. */
function runSeries(folder: ResultsFolder, metric: DrawnMetric): TimedRow[] {
  const models = populationModels(folder);
  return readSeries(folder, metric, false).map((cells) => {
    const value = cells['value'] as number | null;
    const fields = groupFields(metric.level, text(cells['role']), text(cells['group']), models);
    const row = { pointId: 0, parameters: {}, level: metric.level, ...fields, metric: metric.name, n: value === null ? 0 : 1 };
    return { row: { ...row, mean: value, sd: null, ciLow: null, ciHigh: null }, timeS: cells['time_s'] as number };
  });
}

interface Cell {
  readonly pointId: number;
  readonly timeS: number;
  readonly role: string;
  readonly group: string;
  readonly values: (number | null)[];
}

/** The replications' values of each (point, sample time, series), in the table's order. */
function cellsOf(records: readonly CsvRecord[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const record of records) {
    const [pointId, timeS, role, group] = [
      record['point_id'] as number,
      record['time_s'] as number,
      text(record['role']),
      text(record['group']),
    ];
    const key = JSON.stringify([pointId, timeS, role, group]);
    const cell = cells.get(key) ?? { pointId, timeS, role, group, values: [] };
    cell.values.push(record['value'] as number | null);
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** A sweep's samples of one metric at its level: per point and sample, the mean over the replications and its interval. */
function sweepSeries(folder: ResultsFolder & { kind: 'experiment' }, metric: DrawnMetric): TimedRow[] {
  const parameters = new Map(folder.summary.map((row) => [row.pointId, row.parameters]));
  const models = populationModels(folder);
  return cellsOf(readSeries(folder, metric, true)).map((cell) => {
    const moments = momentsOfValues(cell.values);
    const ci = confidenceInterval(moments);
    const row: SweepSummaryRow = {
      pointId: cell.pointId,
      parameters: parameters.get(cell.pointId) ?? {},
      level: metric.level,
      ...groupFields(metric.level, cell.role, cell.group, models),
      metric: metric.name,
      n: moments.n,
      mean: moments.n > 0 ? moments.mean : null,
      sd: moments.n > 1 ? sampleSd(moments) : null,
      ciLow: ci?.[0] ?? null,
      ciHigh: ci?.[1] ?? null,
    };
    return { row, timeS: cell.timeS };
  });
}

/** The rows of one metric over time (check timeseriesProblem first). */
export function timedRows(folder: ResultsFolder, metric: DrawnMetric): TimedRow[] {
  if (folder.kind === 'experiment') return sweepSeries(folder, metric);
  return folder.kind === 'run' ? runSeries(folder, metric) : [];
}
