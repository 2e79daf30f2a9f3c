/**
 * A study's parameters as a search space: a range is a numeric dimension
 * (integer, log scale), a list is a choice among its values. Candidates
 * and unit-cube samples become the values a point's scenario is given
 * (keyed by path, as the context names them) and the values its tables
 * show (keyed by column name).
 */
import type { ColumnType } from '../experiment/design.js';
import { columnType } from '../experiment/design.js';
import type { TableColumn } from '../experiment/table-writer.js';
import type { StudyParameter } from './study-plan.js';
import type { StudyParameterEntry } from './study-results.js';
import { type SearchDimension, valueOfUnit } from './search/dimensions.js';

export function dimensionOf(parameter: StudyParameter): SearchDimension {
  if (parameter.values) return { kind: 'choice', count: parameter.values.length };
  const [low, high] = parameter.range!;
  return { kind: 'range', low, high, integer: parameter.integer, scale: parameter.scale };
}

/** A search candidate's coordinates (a number in range, or a choice's index) as the scenario's values, keyed by path. */
export function valuesOfPoint(parameters: readonly StudyParameter[], point: readonly number[]): Record<string, unknown> {
  return Object.fromEntries(parameters.map((p, i) => [p.key, p.values ? p.values[point[i]!] : point[i]]));
}

/** Unit-cube coordinates (a sensitivity plan's row) as the scenario's values, keyed by path. */
export function valuesOfUnit(parameters: readonly StudyParameter[], unit: readonly number[]): Record<string, unknown> {
  return valuesOfPoint(
    parameters,
    parameters.map((p, i) => valueOfUnit(dimensionOf(p), unit[i]!)),
  );
}

/** Values keyed by path → keyed by column name, for tables and study.json. */
export function namedValues(parameters: readonly StudyParameter[], values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(parameters.filter((p) => p.key in values).map((p) => [p.name, values[p.key]]));
}

export function parameterEntry(parameter: StudyParameter): StudyParameterEntry {
  const { name, segments, range, values, scale, integer } = parameter;
  const path = segments
    .map((s) => (typeof s === 'number' ? `[${s}]` : s))
    .join('.')
    .replaceAll('.[', '[');
  return { name, path, ...(range ? { range } : {}), ...(values ? { values } : {}), scale, integer };
}

function typeOf(parameter: StudyParameter): ColumnType {
  return columnType(parameter.values, parameter.range, parameter.integer);
}

/** One table column per distinct parameter name, typed from every declaration of it (json when they disagree). */
export function parameterColumns(parameters: readonly StudyParameter[]): TableColumn[] {
  const types = new Map<string, ColumnType>();
  for (const p of parameters) {
    const type = typeOf(p);
    const known = types.get(p.name);
    types.set(p.name, known === undefined || known === type ? type : known === 'int32' && type === 'double' ? 'double' : 'json');
  }
  return [...types].map(([name, type]) => ({ name, type, unit: '', meaning: 'a study parameter (see study.json)' }));
}
