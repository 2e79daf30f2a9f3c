/**
 * A line, point or bar figure's data: its channels resolved, its rows
 * selected (over time, from the time series) and turned into records.
 * Returns the reason instead when the folder cannot give the figure (a name it lacks, no rows, or rows that a
 * varying parameter on no channel would draw on top of each other).
 */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import { GROUP_FIELDS } from '../../../sim/scenario/report-schema.js';
import type { ResultsFolder } from '../../folder/results-folder.js';
import type { ChannelField, ChannelName, DrawnMetric } from './fields.js';
import { resolveField } from './fields.js';
import {
  type Channel,
  cellOf,
  channelOf,
  defaultColour,
  drawnMetric,
  keptBy,
  type LabelledRow,
  metricRows,
  type PlotData,
  type PlotRecord,
  unknownFilters,
  yRefs,
} from './rows.js';
import { timedMetric, timedRows, timeseriesProblem } from './timeseries-rows.js';
import { readableValue } from './values.js';

const NAMES = 'a parameter of the sweep, role, model, population, operator, metric or time';

type Declared = Partial<Record<ChannelName, string>>;

function resolveChannels(folder: ResultsFolder, declared: Declared): Partial<Record<ChannelName, ChannelField>> | string {
  const fields: Partial<Record<ChannelName, ChannelField>> = {};
  for (const [channel, name] of Object.entries(declared) as [ChannelName, string | undefined][]) {
    if (name === undefined) continue;
    const field = resolveField(folder, name);
    if (field === null) return `${channel} "${name}" is not ${NAMES} of this folder`;
    fields[channel] = field;
  }
  return fields;
}

/** The rows of one metric: the summary's, or over time the time series' samples. */
function rowsOf(folder: ResultsFolder, metric: DrawnMetric, overTime: boolean): LabelledRow[] {
  if (overTime) return timedRows(folder, metric).map(({ row, timeS }) => ({ row, metric, timeS }));
  return metricRows(folder, metric).map((row) => ({ row, metric }));
}

/** Where the rows come from, for the message that none match. */
function source(folder: ResultsFolder, overTime: boolean): string {
  if (overTime) return 'in timeseries.csv';
  return folder.kind === 'run' ? 'in summary.json' : 'in summary.csv';
}

/** The metrics of y, each with its rows kept by where and hold. */
function selectedRows(folder: ResultsFolder, declaration: FigureDeclaration): { metrics: DrawnMetric[]; rows: LabelledRow[] } | string {
  const overTime = declaration.x === 'time';
  const metrics = yRefs(declaration).map((ref) => (overTime ? timedMetric(ref, declaration) : drawnMetric(ref, declaration)));
  if (metrics.some((m) => m === null)) return 'orderOf is a heatmap value, not a y metric';
  const unknown = unknownFilters(folder, declaration);
  if (unknown.length > 0) return `where/hold name ${unknown.map((n) => `"${n}"`).join(', ')}, not ${NAMES} of this folder`;
  const drawn = metrics as DrawnMetric[];
  const problem = overTime ? drawn.map((metric) => timeseriesProblem(folder, metric)).find((p) => p !== null) : undefined;
  if (problem) return problem;
  const keep = keptBy(declaration);
  const rows = drawn.flatMap((metric) => rowsOf(folder, metric, overTime).filter(({ row }) => keep(row) && row.mean !== null));
  if (rows.length === 0)
    return `no rows of ${drawn.map((m) => `${m.name} (level ${m.level})`).join(', ')} ${source(folder, overTime)} match where and hold`;
  return { metrics: drawn, rows };
}

function recordOf(labelled: LabelledRow, channels: Partial<Record<ChannelName, Channel>>): PlotRecord {
  const record: PlotRecord = {};
  for (const channel of Object.values(channels)) record[channel.key] = cellOf(channel.field, labelled, channel.numeric);
  const { row } = labelled;
  return { ...record, mean: row.mean, ci_low: row.ciLow, ci_high: row.ciHigh, n: row.n };
}

/** What differs between two rows drawn at one place: the parameters (or group fields) a channel, where or hold must fix. */
export function collision(records: readonly PlotRecord[], rows: readonly LabelledRow[], channels: readonly Channel[]): string | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < records.length; i++) {
    const key = JSON.stringify(channels.map((c) => records[i]![c.key]));
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      continue;
    }
    const [a, b] = [rows[first]!.row, rows[i]!.row];
    const parameters = Object.keys(a.parameters).filter((name) => readableValue(a.parameters[name]) !== readableValue(b.parameters[name]));
    const groups = GROUP_FIELDS.filter((name) => a[name] !== b[name]);
    const names = parameters.length > 0 ? parameters : groups.length > 0 ? groups : ['metric'];
    return `rows repeat for each value of ${names.join(', ')}: put it on a channel (colour, row, column), in where or in hold`;
  }
  return null;
}

export function plotData(folder: ResultsFolder, declaration: FigureDeclaration): PlotData | string {
  const selected = selectedRows(folder, declaration);
  if (typeof selected === 'string') return selected;
  const { metrics, rows } = selected;
  const declared: Declared = {
    x: declaration.x,
    colour: defaultColour(declaration, rows, metrics),
    row: declaration.row,
    column: declaration.column,
  };
  const fields = resolveChannels(folder, declared);
  if (typeof fields === 'string') return fields;
  const channels: Partial<Record<ChannelName, Channel>> = {};
  for (const [name, field] of Object.entries(fields) as [ChannelName, ChannelField][])
    channels[name] = channelOf(folder, field, rows, metrics, name === 'x');
  const records = rows.map((labelled) => recordOf(labelled, channels));
  const problem = collision(records, rows, Object.values(channels));
  if (problem) return problem;
  return { records, channels, metrics, rows };
}
