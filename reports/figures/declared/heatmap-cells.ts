/**
 * A heatmap's cells: one record per (x, y, panel) with the metric's mean
 * and interval, or with the verdict of a ranking (order-of.ts), and the
 * channels that lay them out.
 */
import type { FigureDeclaration, MetricRef } from '../../../sim/scenario/report-schema.js';
import type { ExperimentFolder } from '../../folder/results-folder.js';
import { colourScale, GRID } from '../../style/theme.js';
import { fieldRef } from './encodings.js';
import { type ChannelField, type ChannelName, type DrawnMetric, drawnMetric, resolveField } from './fields.js';
import { HOLDS, orderingOf } from './order-of.js';
import { collision } from './plot-data.js';
import { type Channel, cellOf, channelOf, keptBy, type LabelledRow, metricRows, type PlotRecord, unknownFilters } from './rows.js';

export interface HeatmapCells {
  readonly records: readonly PlotRecord[];
  readonly x: Channel;
  readonly y: Channel;
  readonly row?: Channel;
  readonly column?: Channel;
  /** The verdicts' colours, for an orderOf heatmap. */
  readonly nominal?: { readonly domain: string[]; readonly range: string[] };
  readonly tooltip: readonly Record<string, unknown>[];
  readonly sentence: string;
}

type Names = Partial<Record<ChannelName | 'y', string>>;

function channelsOf(
  folder: ExperimentFolder,
  names: Names,
  rows: readonly LabelledRow[],
  metrics: readonly DrawnMetric[],
): Record<string, Channel> | string {
  const channels: Record<string, Channel> = {};
  for (const [channel, name] of Object.entries(names)) {
    if (name === undefined) continue;
    const field: ChannelField | null = resolveField(folder, name);
    if (field === null || field.kind === 'time') return `${channel} "${name}" is not a parameter or group field of this sweep`;
    channels[channel] = channelOf(folder, field, rows, metrics, true);
  }
  return channels;
}

function recordsOf(rows: readonly LabelledRow[], channels: Record<string, Channel>): PlotRecord[] {
  return rows.map((labelled) => {
    const record: PlotRecord = {};
    for (const channel of Object.values(channels)) record[channel.key] = cellOf(channel.field, labelled, channel.numeric);
    return { ...record, mean: labelled.row.mean, ci_low: labelled.row.ciLow, ci_high: labelled.row.ciHigh, n: labelled.row.n };
  });
}

const tooltipOf = (channels: Record<string, Channel>, extra: readonly Record<string, unknown>[]) => [
  ...Object.values(channels).map((c) => ({ field: fieldRef(c.key), title: c.key })),
  ...extra,
];

const laidOut = (channels: Record<string, Channel>) => ({
  x: channels['x']!,
  y: channels['y']!,
  ...(channels['row'] ? { row: channels['row'] } : {}),
  ...(channels['column'] ? { column: channels['column'] } : {}),
});

export function cellsOf(folder: ExperimentFolder, declaration: FigureDeclaration, value: MetricRef, names: Names): HeatmapCells | string {
  const metric = drawnMetric(value, declaration);
  if (!metric) return 'value is not a metric';
  const unknown = unknownFilters(folder, declaration);
  if (unknown.length > 0) return `where/hold name ${unknown.join(', ')}, not a parameter or group field of this sweep`;
  const keep = keptBy(declaration);
  const rows = metricRows(folder, metric)
    .filter((row) => row.mean !== null && keep(row))
    .map((row) => ({ row, metric }));
  if (rows.length === 0) return `no rows of ${metric.name} (level ${metric.level}) in summary.csv match where and hold`;
  const channels = channelsOf(folder, names, rows, [metric]);
  if (typeof channels === 'string') return channels;
  const records = recordsOf(rows, channels);
  const problem = collision(records, rows, Object.values(channels));
  if (problem) return problem;
  const numbers = [
    { field: 'mean', format: '.4f' },
    { field: 'ci_low', title: '95% CI low', format: '.4f' },
    { field: 'ci_high', title: '95% CI high', format: '.4f' },
  ];
  return { records, ...laidOut(channels), tooltip: tooltipOf(channels, numbers), sentence: '' };
}

/** Verdicts in legend order: "holds" first (in a light neutral), then each swap by how many cells show it. */
function verdictColours(verdicts: readonly string[]): { domain: string[]; range: string[] } {
  const counts = new Map<string, number>();
  for (const v of verdicts) counts.set(v, (counts.get(v) ?? 0) + 1);
  const swaps = [...counts.keys()].filter((v) => v !== HOLDS).sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b));
  const palette = colourScale(swaps);
  return counts.has(HOLDS) ? { domain: [HOLDS, ...swaps], range: [GRID, ...palette.range] } : palette;
}

export function orderCells(
  folder: ExperimentFolder,
  declaration: FigureDeclaration,
  value: { orderOf: string; role: string },
  names: Names,
): HeatmapCells | string {
  const ordering = orderingOf(folder, declaration, value.orderOf, value.role);
  if (typeof ordering === 'string') return ordering;
  const metric: DrawnMetric = { name: value.orderOf, level: 'role-model', label: value.orderOf, unit: '' };
  const rows = ordering.pointRows.map((row) => ({ row, metric }));
  const channels = channelsOf(folder, names, rows, [metric]);
  if (typeof channels === 'string') return channels;
  const records = recordsOf(rows, channels).map((record, i) => ({ ...record, ordering: ordering.verdicts.get(rows[i]!.row.pointId)! }));
  const problem = collision(records, rows, Object.values(channels));
  if (problem) return problem;
  const holds = records.filter((r) => r['ordering'] === HOLDS).length;
  const at = ordering.basePointFound ? 'at the base scenario’s point' : 'at the first point of the sweep';
  const sentence = `Each cell: whether the ranking of the ${value.role} models by ${value.orderOf.replace(/_/g, ' ')} ${at} (${ordering.base.join(' > ')}) holds, or the first pair that swapped; it holds at ${holds} of ${records.length} points.`;
  return {
    records,
    ...laidOut(channels),
    nominal: verdictColours(records.map((r) => String(r['ordering']))),
    tooltip: tooltipOf(channels, [{ field: 'ordering', title: 'ranking' }]),
    sentence,
  };
}
