/**
 * What a declaration's names refer to: a channel names a sweep parameter
 * (its column name), a group field, `metric` or `time`; a metric reference
 * names a metric of the catalogue at a level. Names were checked when the
 * scenario loaded; a folder can still lack one (a report drawn with
 * another scenario's declarations), and then the figure says so.
 */
import type { FigureDeclaration, GroupField, MetricRef } from '../../../sim/scenario/report-schema.js';
import { GROUP_FIELDS } from '../../../sim/scenario/report-schema.js';
import type { TableLevel } from '../../../sim/results/levels.js';
import { metricMeaning } from '../../../sim/results/metric-meanings.js';
import type { ResultsFolder, SweepParameter } from '../../folder/results-folder.js';

export type ChannelField =
  | { readonly kind: 'parameter'; readonly name: string; readonly parameter: SweepParameter }
  | { readonly kind: 'group'; readonly name: GroupField }
  | { readonly kind: 'metric'; readonly name: 'metric' }
  | { readonly kind: 'time'; readonly name: 'time' };

export type ChannelName = 'x' | 'colour' | 'row' | 'column';

export function resolveField(folder: ResultsFolder, name: string): ChannelField | null {
  if ((GROUP_FIELDS as readonly string[]).includes(name)) return { kind: 'group', name: name as GroupField };
  if (name === 'metric') return { kind: 'metric', name };
  if (name === 'time') return { kind: 'time', name };
  const parameter = folder.kind === 'experiment' ? folder.parameters.find((p) => p.name === name) : undefined;
  return parameter ? { kind: 'parameter', name, parameter } : null;
}

/** A metric to draw: its name, the level of its rows, and what the axis or legend calls it. */
export interface DrawnMetric {
  readonly name: string;
  readonly level: TableLevel;
  readonly label: string;
  readonly unit: string;
}

/** The group fields a figure names on a channel or in `where`: they decide a group metric's default level. */
function namedFields(declaration: FigureDeclaration): Set<string> {
  const channels = [declaration.x, declaration.colour, declaration.row, declaration.column];
  return new Set([...channels.filter((c): c is string => c !== undefined), ...Object.keys(declaration.where ?? {})]);
}

/** The default level: run for a run-level metric, else population or operator when the figure names one, else role-model. */
export function defaultLevel(name: string, declaration: FigureDeclaration): TableLevel {
  const levels = metricMeaning(name)?.levels ?? [];
  if (levels.includes('run')) return 'run';
  const named = namedFields(declaration);
  if (named.has('operator') || (levels.length > 0 && levels.every((level) => level === 'operator'))) return 'operator';
  if (named.has('population') || (levels.length > 0 && levels.every((level) => level === 'population'))) return 'population';
  return 'role-model';
}

const humanized = (name: string) => name.replace(/_/g, ' ');

export function drawnMetric(ref: MetricRef, declaration: FigureDeclaration): DrawnMetric | null {
  if (typeof ref !== 'string' && 'orderOf' in ref) return null;
  const name = typeof ref === 'string' ? ref : ref.metric;
  const level = (typeof ref === 'string' ? undefined : ref.level) ?? defaultLevel(name, declaration);
  const label = (typeof ref === 'string' ? undefined : ref.label) ?? humanized(name);
  return { name, level, label, unit: metricMeaning(name)?.unit ?? '' };
}

/** The y metric references of a line, point or bar figure (y may be one or a list). */
export function yRefs(declaration: FigureDeclaration): MetricRef[] {
  return Array.isArray(declaration.y) ? declaration.y : [declaration.y];
}

/** An axis title for metrics: the one metric's label and unit, or the unit several share. */
export function metricsTitle(metrics: readonly DrawnMetric[]): string {
  const withUnit = (label: string, unit: string) => (unit === '' || unit === '—' ? label : `${label} (${unit})`);
  if (metrics.length === 1) return withUnit(metrics[0]!.label, metrics[0]!.unit);
  const units = new Set(metrics.map((m) => m.unit));
  return units.size === 1 && metrics[0]!.unit !== '' ? metrics[0]!.unit : 'value';
}
