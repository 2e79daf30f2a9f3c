/**
 * Streams an experiment's tidy metrics table (metrics.csv), keeping only the
 * rows a caller asks for, so memory grows with the selection, not the table.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { InputError } from '../input/input-error.js';

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

export interface MetricGroup {
  readonly role: string;
  readonly model: string;
  readonly population: string;
}

/** What the experiment reports, for a selection that matched nothing: its metrics by level, and its groups. */
export interface MetricCatalogue {
  /** Metrics of the run as a whole (rows without a role). */
  readonly run: ReadonlySet<string>;
  /** Metrics of (role, model) groups, populations and operators. */
  readonly group: ReadonlySet<string>;
  /** Every group that reports a metric, in the table's order. */
  readonly groups: readonly MetricGroup[];
}

export interface SelectedMetrics {
  readonly columns: readonly string[];
  readonly rows: readonly MetricRow[];
  readonly catalogue: MetricCatalogue;
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
  const run = new Set<string>();
  const group = new Set<string>();
  const groups = new Map<string, MetricGroup>();
  let columns: string[] = [];
  const parser = createReadStream(file).pipe(parse({ columns: (header: string[]) => (columns = header) }));
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const { role = '', model = '', population = '', metric = '' } = record;
    if (role === '') run.add(metric);
    else {
      group.add(metric);
      const key = `${role}\u0000${model}\u0000${population}`;
      if (!groups.has(key)) groups.set(key, { role, model, population });
    }
    if (metric !== selection.metric) continue;
    if (selection.role !== undefined && role !== selection.role) continue;
    if (selection.model !== undefined && model !== selection.model) continue;
    if (selection.population !== undefined && population !== selection.population) continue;
    rows.push({ values: record, value: record.value === '' ? null : Number(record.value) });
  }
  return { columns, rows, catalogue: { run, group, groups: [...groups.values()] } };
}
