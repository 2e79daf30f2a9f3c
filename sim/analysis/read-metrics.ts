/**
 * Streams an experiment's tidy metrics table (metrics.csv), keeping only the
 * rows a caller asks for, so memory grows with the selection, not the table.
 */
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { InputError } from '../input/input-error.js';
import type { TableLevel } from '../results/levels.js';

/** The rows to keep: one metric at one level (run, role-model, population or operator), optionally narrowed by the group columns. */
export interface MetricsSelection {
  readonly metric: string;
  readonly level: TableLevel;
  readonly role?: string;
  readonly model?: string;
  readonly population?: string;
  readonly operator?: string;
}

export interface MetricRow {
  readonly values: Readonly<Record<string, string>>;
  readonly value: number | null;
}

/** A group as the table names it: its level and columns ('' where they do not apply, as CSV writes NULL). */
export interface MetricGroup {
  readonly level: string;
  readonly role: string;
  readonly model: string;
  readonly population: string;
  readonly operator: string;
}

/** What the experiment reports, for a selection that matched nothing: its metrics by level, and its groups. */
export interface MetricCatalogue {
  /** Metrics of the run as a whole (level run). */
  readonly run: ReadonlySet<string>;
  /** Metrics of (role, model) groups, populations and operators. */
  readonly group: ReadonlySet<string>;
  /** The metrics each level reports. */
  readonly byLevel: ReadonlyMap<string, ReadonlySet<string>>;
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
  const byLevel = new Map<string, Set<string>>();
  const groups = new Map<string, MetricGroup>();
  let columns: string[] = [];
  const parser = createReadStream(file).pipe(parse({ columns: (header: string[]) => (columns = header) }));
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    const { level = '', role = '', model = '', population = '', operator = '', metric = '' } = record;
    if (!byLevel.has(level)) byLevel.set(level, new Set());
    byLevel.get(level)!.add(metric);
    if (level === 'run') run.add(metric);
    else {
      group.add(metric);
      const key = [level, role, model, population, operator].join('\u0000');
      if (!groups.has(key)) groups.set(key, { level, role, model, population, operator });
    }
    if (metric !== selection.metric || level !== selection.level) continue;
    if (selection.role !== undefined && role !== selection.role) continue;
    if (selection.model !== undefined && model !== selection.model) continue;
    if (selection.population !== undefined && population !== selection.population) continue;
    if (selection.operator !== undefined && operator !== selection.operator) continue;
    rows.push({ values: record, value: record.value === '' ? null : Number(record.value) });
  }
  return { columns, rows, catalogue: { run, group, byLevel, groups: [...groups.values()] } };
}
