/**
 * What the names of a `report:` figure can refer to, for the report check
 * (report-check.ts): the sweep's parameters as the results tables name
 * them, the group fields, the metric catalogue. Plain data, so the check
 * runs the same on a scenario being loaded and on a results folder's
 * parameters.json.
 */
import { isDeepStrictEqual } from 'node:util';
import { quoteValue } from '../input/input-error.js';
import type { Location } from '../input/source-document.js';
import type { SweepDesign } from '../scenario/experiment-schema.js';
import { GROUP_FIELDS } from '../scenario/report-schema.js';

/** A swept parameter as a figure names it: its column name, the values it takes, and the design it belongs to. */
export interface ReportParameter {
  readonly name: string;
  /** Index of its design in the sweep: parameters of one zip design vary together. */
  readonly design: number;
  readonly method: SweepDesign['method'];
  /** The values listed; absent for a sampled range. */
  readonly values?: readonly unknown[];
  readonly range?: readonly [number, number];
}

/** What a figure is checked against. */
export interface ReportContext {
  /** The sweep's parameters; empty for a run (or an experiment of one point). */
  readonly parameters: readonly ReportParameter[];
  /** The time series recorded (output.timeseries.metrics), or null when none is. */
  readonly timeseriesMetrics: readonly string[] | null;
  /** Where a field of the scenario was written. */
  readonly where: (path: readonly PropertyKey[]) => Location;
}

/** The distinct values a parameter takes (structurally: { rule: median } twice is one value). */
export function distinctValues(parameter: ReportParameter): readonly unknown[] {
  const distinct: unknown[] = [];
  for (const value of parameter.values ?? []) if (!distinct.some((seen) => isDeepStrictEqual(seen, value))) distinct.push(value);
  return distinct;
}

export function varies(parameter: ReportParameter): boolean {
  return parameter.range !== undefined || distinctValues(parameter).length > 1;
}

export function isNumeric(parameter: ReportParameter): boolean {
  return parameter.range !== undefined || (parameter.values ?? []).every((value) => typeof value === 'number');
}

/** Whether the sweep takes `value` for this parameter: one of its values, or a number in its sampled range. */
export function takes(parameter: ReportParameter, value: unknown): boolean {
  if (parameter.range) return typeof value === 'number' && value >= parameter.range[0] && value <= parameter.range[1];
  return distinctValues(parameter).some((taken) => isDeepStrictEqual(taken, value));
}

/** The values as a message lists them: `0, 0.1, 0.2` or `sampled in [0, 1]`. */
export function describeValues(parameter: ReportParameter): string {
  if (parameter.range) return `sampled in [${parameter.range[0]}, ${parameter.range[1]}]`;
  return distinctValues(parameter)
    .map((value) => quoteValue(value))
    .join(', ');
}

export const isGroupField = (name: string): boolean => (GROUP_FIELDS as readonly string[]).includes(name);

export function parameterNamed(context: ReportContext, name: string): ReportParameter | undefined {
  return context.parameters.find((parameter) => parameter.name === name);
}
