/**
 * Streams an experiment's tidy metrics table (metrics.csv), keeping only the
 * rows a caller asks for, so memory grows with the selection, not the table.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { InputError } from '../input/input-error.js';
import { didYouMean } from '../input/suggest.js';

export interface MetricsSelection {
  readonly metric: string;
  readonly role?: string;
  readonly model?: string;
  /** A population, an operator (role "operator"), or '' for run-level and (role, model) rows. */
  readonly population?: string;
}

export interface MetricRow {
  readonly values: Readonly<Record<string, string>>;
  readonly value: number | null;
}

export interface SelectedMetrics {
  readonly columns: readonly string[];
  readonly rows: readonly MetricRow[];
  /** Every metric name seen, for suggestions when nothing matched. */
  readonly metrics: ReadonlySet<string>;
}

export async function readMetrics(experiment: string, selection: MetricsSelection): Promise<SelectedMetrics> {
  const file = join(experiment, 'metrics.csv');
  if (!existsSync(file)) {
    throw new InputError({
      file: experiment,
      path: '',
      message: 'not an experiment folder: it has no metrics.csv (run poq-sim sweep first)',
    });
  }
  const rows: MetricRow[] = [];
  const metrics = new Set<string>();
  let columns: string[] = [];
  const parser = createReadStream(file).pipe(parse({ columns: (header: string[]) => (columns = header) }));
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    metrics.add(record.metric!);
    if (record.metric !== selection.metric) continue;
    if (selection.role !== undefined && record.role !== selection.role) continue;
    if (selection.model !== undefined && record.model !== selection.model) continue;
    if (selection.population !== undefined && record.population !== selection.population) continue;
    rows.push({ values: record, value: record.value === '' ? null : Number(record.value) });
  }
  if (!metrics.has(selection.metric)) {
    throw new InputError({
      file,
      path: '',
      message: `no metric "${selection.metric}"${didYouMean(selection.metric, [...metrics])}`,
    });
  }
  return { columns, rows, metrics };
}
