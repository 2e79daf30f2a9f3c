/**
 * Where each series crosses y = 0 along x: `breakEven` of
 * sim/analysis/break-even.ts (a least-squares line through every
 * replication, its crossing's 95% interval by a bootstrap over the
 * replications) on the per-replication values of metrics.csv, kept by the
 * figure's where and hold and split by its colour and panels. Drawn as a
 * dashed vertical rule over a shaded interval, and listed with its numbers
 * in the caption.
 */
import { join } from 'node:path';
import { breakEven, type Observation } from '../../../sim/analysis/break-even.js';
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import { exists, readCsvFile } from '../../folder/read-files.js';
import type { ExperimentFolder, ResultsFolder, SweepSummaryRow } from '../../folder/results-folder.js';
import { cellOf, keptBy, type LabelledRow, type PlotData, type PlotRecord } from './rows.js';
import { readableNumber } from './values.js';

export interface BreakEvenFrame {
  readonly x: Record<string, unknown>;
  readonly ordinal: boolean;
  readonly yTitle: string;
  readonly colour: Record<string, unknown> | undefined;
}

export interface BreakEvenMarks {
  readonly layers: object[];
  readonly records: PlotRecord[];
  readonly sentence: string;
}

/** One replication's value of a metric, as a summary row (mean = the value) so the figure's filters and channels apply to it. */
function replicationRows(folder: ExperimentFolder, metric: string, level: string): SweepSummaryRow[] | null {
  const file = join(folder.dir, 'metrics.csv');
  if (!exists(file)) return null;
  const names = folder.parameters.map((p) => p.name);
  const table = readCsvFile(file, {
    required: ['point_id', ...names, 'level', 'metric', 'value'],
    numeric: ['point_id', 'value'],
    where: { metric, level },
  });
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));
  return table.rows.map((row) => ({
    pointId: row['point_id'] as number,
    parameters: Object.fromEntries(names.map((name) => [name, row[name] ?? null])),
    level,
    role: text(row['role']),
    model: text(row['model']),
    population: text(row['population']),
    operator: text(row['operator']),
    metric,
    n: 1,
    mean: row['value'] as number | null,
    sd: null,
    ciLow: null,
    ciHigh: null,
  }));
}

interface Series {
  readonly fields: PlotRecord;
  readonly observations: Observation[];
}

/** The replications split by the figure's series (colour × row × column). */
function seriesOf(data: PlotData, rows: readonly LabelledRow[]): Series[] {
  const { x, ...others } = data.channels;
  const channels = Object.values(others);
  const series = new Map<string, Series>();
  for (const labelled of rows) {
    const xValue = labelled.row.parameters[x!.key];
    if (typeof xValue !== 'number' || labelled.row.mean === null) continue;
    const fields: PlotRecord = Object.fromEntries(channels.map((c) => [c.key, cellOf(c.field, labelled, c.numeric)]));
    const key = JSON.stringify(fields);
    const entry = series.get(key) ?? { fields, observations: [] };
    entry.observations.push({ x: xValue, y: labelled.row.mean });
    series.set(key, entry);
  }
  return [...series.values()];
}

const describe = (fields: PlotRecord) =>
  Object.entries(fields)
    .map(([name, value]) => (name === 'metric' ? String(value) : `${name} = ${String(value)}`))
    .join(', ');

function layers(frame: BreakEvenFrame): object[] {
  const colour = frame.colour ? { color: frame.colour } : {};
  const x = (field: string) => ({ ...frame.x, field });
  return [
    {
      transform: [{ filter: 'isValid(datum.break_even_low) && isValid(datum.break_even_high)' }],
      mark: { type: 'rect', opacity: 0.12 },
      encoding: { x: x('break_even_low'), x2: { field: 'break_even_high' }, ...colour },
    },
    {
      transform: [{ filter: 'isValid(datum.break_even)' }],
      mark: { type: 'rule', strokeDash: [4, 2], strokeWidth: 0.9 },
      encoding: { x: x('break_even'), ...colour },
    },
  ];
}

/** The marks, records and caption sentence; null when x is not numeric or the folder has no per-replication values. */
export function breakEvenMarks(
  folder: ResultsFolder,
  declaration: FigureDeclaration,
  data: PlotData,
  frame: BreakEvenFrame,
): BreakEvenMarks | null {
  if (folder.kind !== 'experiment' || frame.ordinal || !data.channels.x?.numeric) return null;
  const keep = keptBy(declaration);
  const rows = data.metrics.flatMap((metric) =>
    (replicationRows(folder, metric.name, metric.level) ?? []).filter(keep).map((row) => ({ row, metric })),
  );
  const xs = data.channels.x.values.filter((v): v is number => typeof v === 'number');
  const [low, high] = [Math.min(...xs), Math.max(...xs)];
  const clamp = (v: number) => Math.min(high, Math.max(low, v));
  const records: PlotRecord[] = [];
  const parts: string[] = [];
  for (const series of seriesOf(data, rows)) {
    if (new Set(series.observations.map((o) => o.x)).size < 2) continue;
    const found = breakEven(series.observations);
    const name = describe(series.fields);
    if (found.crossing === null) {
      parts.push(`${name}: none (flat)`);
      continue;
    }
    const ci = found.ci95 ? ` (95% CI ${readableNumber(found.ci95[0])}–${readableNumber(found.ci95[1])})` : '';
    const inside = found.crossing >= low && found.crossing <= high;
    parts.push(`${name}: ${readableNumber(found.crossing)}${ci}${inside ? '' : ', beyond the swept range'}`);
    if (!inside) continue;
    records.push({
      ...series.fields,
      break_even: found.crossing,
      break_even_low: found.ci95 ? clamp(found.ci95[0]) : null,
      break_even_high: found.ci95 ? clamp(found.ci95[1]) : null,
    });
  }
  if (parts.length === 0) return null;
  const sentence = `Dashed vertical lines: where each series crosses zero (least squares over the replications), shaded: its 95% bootstrap interval. ${parts.join('; ')}.`;
  return { layers: layers(frame), records, sentence };
}
