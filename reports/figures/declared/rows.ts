/**
 * The rows a declared figure draws: summary.csv's rows of its metrics at
 * their levels (a run's summary.json groups for a run folder; the time
 * series' samples over time, timeseries-rows.ts), filtered by
 * `where` and `hold`, one record each with the value of every channel,
 * the mean, its 95% interval (ci_low, ci_high) and the replications.
 * Every value a channel takes is kept, in the sweep's order; a varying
 * parameter on no channel would draw two means at one place, so the
 * figure is refused with the parameter named instead.
 */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import { GROUP_FIELDS } from '../../../sim/scenario/report-schema.js';
import type { ResultsFolder, SweepSummaryRow } from '../../folder/results-folder.js';
import { orderedModels } from '../groups.js';
import { type ChannelField, type ChannelName, type DrawnMetric, drawnMetric, resolveField, yRefs } from './fields.js';
import { runRows } from './run-rows.js';
import { decoded, matchesAny, readableValue } from './values.js';

export type Cell = string | number | null;
export type PlotRecord = Record<string, Cell>;

export interface Channel {
  readonly field: ChannelField;
  /** The record field holding the channel's value: the name the declaration gives it. */
  readonly key: string;
  /** Its values in drawing order, each present in the records. */
  readonly values: readonly Cell[];
  /** Whether the values are numbers (a numeric parameter on x); otherwise they are readable text. */
  readonly numeric: boolean;
}

export interface PlotData {
  readonly records: readonly PlotRecord[];
  readonly channels: Readonly<Partial<Record<ChannelName, Channel>>>;
  readonly metrics: readonly DrawnMetric[];
  /** The summary rows behind the records, with the metric label of each. */
  readonly rows: readonly LabelledRow[];
}

export interface LabelledRow {
  readonly row: SweepSummaryRow;
  readonly metric: DrawnMetric;
  /** The sample's virtual time (s), for a row of the time series (x: time). */
  readonly timeS?: number;
}

/** The rows of one metric at its level, from the folder's summary. */
export function metricRows(folder: ResultsFolder, metric: DrawnMetric): SweepSummaryRow[] {
  if (folder.kind === 'run') return runRows(folder, metric.name, metric.level);
  if (folder.kind !== 'experiment') return [];
  return folder.summary.filter((row) => row.metric === metric.name && row.level === metric.level);
}

/** A row's value of a parameter or group field (undefined: the name is neither). */
export function fieldValue(row: SweepSummaryRow, name: string): unknown {
  if ((GROUP_FIELDS as readonly string[]).includes(name)) return row[name as (typeof GROUP_FIELDS)[number]];
  return Object.hasOwn(row.parameters, name) ? row.parameters[name] : undefined;
}

/** `where` and `hold` together: every entry must match. */
export function keptBy(declaration: FigureDeclaration): (row: SweepSummaryRow) => boolean {
  const filters = [...Object.entries(declaration.where ?? {}), ...Object.entries(declaration.hold ?? {})];
  return (row) => filters.every(([name, declared]) => matchesAny(fieldValue(row, name), declared));
}

/** Names in `where` or `hold` the folder does not have. */
export function unknownFilters(folder: ResultsFolder, declaration: FigureDeclaration): string[] {
  const names = [...Object.keys(declaration.where ?? {}), ...Object.keys(declaration.hold ?? {})];
  return names.filter((name) => {
    const field = resolveField(folder, name);
    return field === null || field.kind === 'metric' || field.kind === 'time';
  });
}

export function cellOf(field: ChannelField, labelled: LabelledRow, numeric: boolean): Cell {
  switch (field.kind) {
    case 'parameter': {
      const value = labelled.row.parameters[field.name] ?? null;
      return numeric && typeof value === 'number' ? value : readableValue(value);
    }
    case 'group':
      return labelled.row[field.name];
    case 'metric':
      return labelled.metric.label;
    case 'time':
      return labelled.timeS ?? null;
  }
}

/** A channel's values in drawing order: a parameter's as parameters.json lists them, models in profile order, metrics as y lists them. */
function orderedValues(folder: ResultsFolder, field: ChannelField, present: readonly Cell[], metrics: readonly DrawnMetric[]): Cell[] {
  const seen = [...new Set(present)];
  const byNumber = (a: Cell, b: Cell) => (typeof a === 'number' && typeof b === 'number' ? a - b : 0);
  if (field.kind === 'metric') return metrics.map((m) => m.label).filter((label) => seen.includes(label));
  if (field.kind === 'time') return seen.sort(byNumber);
  if (field.kind === 'group' && field.name === 'model' && folder.kind !== 'calibration') {
    const names = seen.map(String);
    const known = [...orderedModels(folder, 'inference', []), ...orderedModels(folder, 'evaluator', [])];
    return [...known.filter((m) => names.includes(m)), ...orderedModels(folder, 'inference', names).filter((m) => !known.includes(m))];
  }
  if (field.kind === 'parameter') {
    if (seen.every((v) => typeof v === 'number')) return seen.sort(byNumber);
    const listed = (field.parameter.values ?? []).map((v) => readableValue(decoded(v)));
    return [...listed.filter((v, i) => seen.includes(v) && listed.indexOf(v) === i), ...seen.filter((v) => !listed.includes(String(v)))];
  }
  return seen;
}

export function channelOf(
  folder: ResultsFolder,
  field: ChannelField,
  rows: readonly LabelledRow[],
  metrics: readonly DrawnMetric[],
  isX: boolean,
): Channel {
  const numeric =
    isX && (field.kind === 'time' || (field.kind === 'parameter' && rows.every((r) => typeof r.row.parameters[field.name] === 'number')));
  const present = rows.map((r) => cellOf(field, r, numeric));
  return { field, key: field.name, values: orderedValues(folder, field, present, metrics), numeric };
}

/** The level's own group field, for a colour the figure does not declare. */
const LEVEL_FIELD: Readonly<Record<string, string>> = { 'role-model': 'model', population: 'population', operator: 'operator' };

/** The colour when none is declared: `metric` for several metrics, else one series per group when the rows hold several. */
export function defaultColour(
  declaration: FigureDeclaration,
  rows: readonly LabelledRow[],
  metrics: readonly DrawnMetric[],
): string | undefined {
  if (declaration.colour) return declaration.colour;
  if (metrics.length > 1) return 'metric';
  const field = LEVEL_FIELD[metrics[0]?.level ?? 'run'];
  if (!field) return undefined;
  const named = [declaration.x, declaration.row, declaration.column, ...Object.keys(declaration.where ?? {})];
  if (named.some((name) => name !== undefined && (GROUP_FIELDS as readonly string[]).includes(name))) return undefined;
  const groups = new Set(rows.map((r) => `${r.row.role}\u0000${r.row.model}\u0000${r.row.population}\u0000${r.row.operator}`));
  return groups.size > 1 ? field : undefined;
}

export { drawnMetric, yRefs };
