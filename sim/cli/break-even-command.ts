/**
 * `poq-sim break-even`: from an experiment folder, the parameter value where
 * a metric crosses zero (e.g. the audit probability above which a
 * misreporter's gain turns negative), with a bootstrap 95% CI, for each
 * combination of the `--by` parameters.
 */
import { join } from 'node:path';
import Table from 'cli-table3';
import { breakEven, type BreakEven, type Observation } from '../analysis/break-even.js';
import { selectionProblems } from '../analysis/metric-selection.js';
import { type MetricRow, type MetricsSelection, readMetrics, type SelectedMetrics } from '../analysis/read-metrics.js';
import { InputError, type InputProblem } from '../input/input-error.js';
import type { TableLevel } from '../results/levels.js';
import { didYouMean } from '../input/suggest.js';

export interface BreakEvenOptions {
  readonly parameter: string;
  readonly metric: string;
  readonly population?: string;
  readonly operator?: string;
  readonly role?: string;
  readonly model?: string;
  readonly by?: string;
  readonly bootstrap?: number;
  readonly json?: boolean;
}

export interface BreakEvenRow extends BreakEven {
  readonly group: Readonly<Record<string, string>>;
}

/** The parameters to cross on and to group by, each of which must be one the experiment swept. */
function parameterProblems(experiment: string, selected: SelectedMetrics, columns: readonly string[]): InputProblem[] {
  const parameterColumns = selected.columns.slice(selected.columns.indexOf('replication') + 1, selected.columns.indexOf('level'));
  return columns
    .filter((column) => !parameterColumns.includes(column))
    .map((column) => ({
      file: experiment,
      path: '',
      message: `the experiment has no parameter "${column}" (parameters: ${parameterColumns.join(', ')})${didYouMean(column, parameterColumns)}`,
    }));
}

/** Every name the options give that the experiment lacks (a parameter, the metric, a role, model or population), one line each. */
function checkSelection(experiment: string, selection: MetricsSelection, selected: SelectedMetrics, columns: readonly string[]): void {
  const metricsFile = join(experiment, 'metrics.csv');
  const problems = [
    ...parameterProblems(experiment, selected, columns),
    ...selectionProblems(selection, selected.catalogue).map((message) => ({ file: metricsFile, path: '', message })),
  ];
  if (problems.length > 0) throw new InputError(problems);
}

/** The (parameter, metric) observations of each combination of the `--by` parameters, in order of first appearance. */
function observationsByGroup(rows: readonly MetricRow[], by: readonly string[], parameter: string) {
  const groups = new Map<string, { group: Record<string, string>; observations: Observation[] }>();
  for (const row of rows) {
    const group = Object.fromEntries(by.map((column) => [column, row.values[column]!]));
    const key = JSON.stringify(group);
    const entry = groups.get(key) ?? { group, observations: [] };
    entry.observations.push({ x: Number(row.values[parameter]), y: row.value! });
    groups.set(key, entry);
  }
  return [...groups.values()];
}

function printTable(results: readonly BreakEvenRow[], by: readonly string[], options: BreakEvenOptions): void {
  const group = groupWords(options);
  console.log(`${options.metric} crosses zero as ${options.parameter} grows${group ? ` (${group})` : ''}:`);
  const table = new Table({
    head: [...by, `${options.parameter}*`, '95% CI', 'slope', 'intercept', 'R²', 'runs'],
    style: { head: [], border: [], compact: true },
  });
  for (const r of results) {
    table.push([
      ...by.map((column) => r.group[column]!),
      r.crossing === null ? 'never' : r.crossing.toFixed(3),
      r.ci95 === null ? '–' : `[${r.ci95[0].toFixed(3)}, ${r.ci95[1].toFixed(3)}]`,
      r.slope.toFixed(4),
      r.intercept.toFixed(4),
      r.rSquared.toFixed(3),
      String(r.observations),
    ]);
  }
  console.log(table.toString());
}

/** The level a selection reads: an operator's or a population's rows when one is named, (role, model) groups for a role or model, else the run's. */
function levelOf(options: BreakEvenOptions): TableLevel {
  if (options.operator !== undefined) return 'operator';
  if (options.population !== undefined) return 'population';
  return options.role !== undefined || options.model !== undefined ? 'role-model' : 'run';
}

/** The selected group in words, e.g. "population cheats"; empty for run-level metrics. */
function groupWords(options: BreakEvenOptions): string {
  if (options.operator !== undefined) return `operator ${options.operator}`;
  if (options.population !== undefined) return `population ${options.population}`;
  return [options.role, options.model].filter((part) => part !== undefined).join(' ');
}

export async function breakEvenCommand(experiment: string, options: BreakEvenOptions): Promise<BreakEvenRow[]> {
  const { metric, role, model, population, operator } = options;
  const selection: MetricsSelection = { metric, level: levelOf(options), role, model, population, operator };
  const selected = await readMetrics(experiment, selection);
  const by = options.by
    ? options.by
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
    : [];
  checkSelection(experiment, selection, selected, [options.parameter, ...by]);
  const usable = selected.rows.filter((row) => row.value !== null && Number.isFinite(row.value));
  if (usable.length === 0) {
    const group = groupWords(options);
    throw new InputError({ file: experiment, path: '', message: `no values of ${options.metric} for ${group ? `"${group}"` : 'the run'}` });
  }

  const groups = observationsByGroup(usable, by, options.parameter);
  const results = groups.map(({ group, observations }) => ({ group, ...breakEven(observations, options.bootstrap ?? 2000) }));
  if (options.json) console.log(JSON.stringify(results, null, 2));
  else printTable(results, by, options);
  return results;
}
