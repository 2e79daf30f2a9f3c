/**
 * The columns of an experiment's three tables, each with its type, unit
 * and meaning: what the table writer declares to Parquet, what it records
 * in each file's metadata (`poq-sim:columns`) and what
 * docs/results-format.md lists (checked by a test). Run-level metric
 * columns take their meaning from metric-meanings.ts, parameter columns
 * from the scenario path they set.
 */
import { metricMeaning } from '../results/metric-meanings.js';
import type { ColumnType } from './design.js';
import type { TableColumn } from './table-writer.js';

export interface TableParameter {
  readonly name: string;
  readonly type: ColumnType;
  /** The dotted scenario path the parameter sets. */
  readonly path: string;
}

export type TableName = 'runs' | 'metrics' | 'summary';

/** A column every table of the named ones has, in this order, parameters and metrics aside. */
interface FixedColumn extends TableColumn {
  readonly tables: readonly TableName[];
  readonly unit: string;
  readonly meaning: string;
}

const fixed = (tables: readonly TableName[], name: string, type: TableColumn['type'], unit: string, meaning: string): FixedColumn => ({
  tables,
  name,
  type,
  unit,
  meaning,
});

const ALL: readonly TableName[] = ['runs', 'metrics', 'summary'];
const LONG: readonly TableName[] = ['metrics', 'summary'];

const POINT_ID = fixed(ALL, 'point_id', 'int32', '—', 'the point of the sweep, numbered in the sweep’s order');
const REPLICATION = fixed(['runs', 'metrics'], 'replication', 'int32', '—', 'the replication of the point, from 0');
const SEED = fixed(['runs'], 'seed', 'int64', '—', 'the run’s seed: `poq-sim run <point’s scenario> --seed <seed>` reproduces it');
const LEVEL = fixed(ALL, 'level', 'string', '—', 'what the row is taken over: `run`, `role-model`, `population` or `operator`');
const STOP_REASON = fixed(
  ['runs'],
  'stop_reason',
  'string',
  '—',
  'the stop rule that ended the run: `requests` (the stop.requests budget generated and settled), `time`, `events`; the engine’s `empty` or `stopped` when no rule did',
);
/** The group columns of the long tables: NULL where they do not apply at the row's level. */
const GROUP: readonly FixedColumn[] = [
  fixed(LONG, 'role', 'string', '—', '`inference` or `evaluator` (levels role-model and population)'),
  fixed(LONG, 'model', 'string', '—', 'the model id, or `mixture` for a population over several (levels role-model and population)'),
  fixed(LONG, 'population', 'string', '—', 'the declared population’s name (level population)'),
  fixed(LONG, 'operator', 'string', '—', 'the declared operator’s name (level operator)'),
  fixed(LONG, 'metric', 'string', '—', 'the metric’s name (see the metric table)'),
];
const VALUE = fixed(['metrics'], 'value', 'double', 'the metric’s', 'the metric in this run; NULL when the run could not compute it');
const OVER_REPLICATIONS: readonly FixedColumn[] = [
  fixed(['summary'], 'n', 'int32', 'replications', 'replications with a value'),
  fixed(['summary'], 'mean', 'double', 'the metric’s', 'mean over the replications'),
  fixed(['summary'], 'sd', 'double', 'the metric’s', 'sample standard deviation over the replications; NULL with fewer than 2'),
  fixed(['summary'], 'ci_low', 'double', 'the metric’s', 'lower end of the 95% Student-t interval of the mean; NULL with fewer than 2'),
  fixed(['summary'], 'ci_high', 'double', 'the metric’s', 'upper end of that interval'),
];

/** Every fixed column, in table order, for the documentation: where parameters and run metrics go is said there. */
export const FIXED_COLUMNS: readonly FixedColumn[] = [
  POINT_ID,
  REPLICATION,
  SEED,
  LEVEL,
  STOP_REASON,
  ...GROUP,
  VALUE,
  ...OVER_REPLICATIONS,
];

export function parameterColumns(parameters: readonly TableParameter[]): TableColumn[] {
  return parameters.map((p) => ({ name: p.name, type: p.type, unit: 'as in the scenario', meaning: `swept parameter: \`${p.path}\`` }));
}

/** One row per run: its seed, parameters, level, why it stopped and its run-level metrics. */
export function runsTableColumns(parameters: readonly TableColumn[], metricNames: readonly string[]): TableColumn[] {
  const metricColumn = (name: string): TableColumn => {
    const described = metricMeaning(name);
    return { name, type: 'double', unit: described?.unit, meaning: described?.meaning };
  };
  return [POINT_ID, REPLICATION, SEED, ...parameters, LEVEL, STOP_REASON, ...metricNames.map(metricColumn)];
}

export function metricsTableColumns(parameters: readonly TableColumn[]): TableColumn[] {
  return [POINT_ID, REPLICATION, ...parameters, LEVEL, ...GROUP, VALUE];
}

export function summaryTableColumns(parameters: readonly TableColumn[]): TableColumn[] {
  return [POINT_ID, ...parameters, LEVEL, ...GROUP, ...OVER_REPLICATIONS];
}
