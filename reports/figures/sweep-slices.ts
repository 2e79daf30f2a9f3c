/**
 * Plotting a metric against one swept parameter when others vary too. Each
 * other parameter is held at one value: the base scenario's, if the sweep
 * visits it, else its middle value. The figure shows that slice and its
 * caption says which values are held, so a PNG or PDF stands alone.
 */
import type { CsvValue } from '../folder/read-files.js';
import type { ExperimentFolder, SweepParameter } from '../folder/results-folder.js';
import { baseValue, parameterTitle, parameterValues, varyingParameters } from './sweep-parameters.js';
import { readableValue } from './declared/values.js';

export interface HeldParameter {
  readonly parameter: SweepParameter;
  /** Field holding the parameter's value in the figure's data. */
  readonly field: string;
  readonly value: CsvValue;
  readonly values: readonly CsvValue[];
  readonly fromBase: boolean;
}

export interface Slicing {
  readonly held: readonly HeldParameter[];
  /** Vega-Lite params (drop-downs in the HTML report) and the filter that applies them. */
  readonly params: readonly object[];
  readonly filters: readonly object[];
  /** "α = 1, K = 5" etc., for the caption; empty when nothing is held. */
  readonly description: string;
}

export function holdOthers(folder: ExperimentFolder, plotted: readonly (SweepParameter | undefined)[]): Slicing {
  const plottedParameters = plotted.filter((p): p is SweepParameter => p !== undefined);
  const shown = new Set(plottedParameters.map((p) => p.name));
  // A parameter zipped with a plotted one moves with it: holding it would leave a single point.
  const zippedWithPlotted = (parameter: SweepParameter) =>
    parameter.method === 'zip' && plottedParameters.some((p) => p.method === 'zip' && p.design === parameter.design);
  const candidates = varyingParameters(folder).filter((parameter) => !shown.has(parameter.name) && !zippedWithPlotted(parameter));
  // Of parameters zipped together, hold one (the others follow it), preferring one with a known role.
  const known = (parameter: SweepParameter) => parameterTitle(parameter) !== parameter.name;
  const representative = (parameter: SweepParameter) =>
    parameter.method !== 'zip' ||
    candidates
      .filter((other) => other.method === 'zip' && other.design === parameter.design)
      .sort((a, b) => Number(known(b)) - Number(known(a)))[0] === parameter;
  const held = candidates.filter(representative).map((parameter, i): HeldParameter => {
    const values = parameterValues(folder, parameter);
    const base = baseValue(folder, parameter);
    const atBase = values.find((value) => value === base || (value !== null && String(value) === String(base)));
    return {
      parameter,
      field: `held_${i}`,
      value: atBase ?? values[Math.floor((values.length - 1) / 2)]!,
      values,
      fromBase: atBase !== undefined,
    };
  });
  const params = held.map((h) => ({
    name: `${h.field}_value`,
    value: h.value,
    bind: { input: 'select', options: h.values, name: `${parameterTitle(h.parameter)} ` },
  }));
  const filters = held.map((h) => ({ filter: `datum.${h.field} === ${h.field}_value` }));
  const description = held.map((h) => `${parameterTitle(h.parameter)} = ${readableValue(h.value)}`).join(', ');
  return { held, params, filters, description };
}

/** The held parameters' values of one summary row, under their figure fields. */
export function heldFields(slicing: Slicing, parameters: Readonly<Record<string, CsvValue>>): Record<string, CsvValue> {
  return Object.fromEntries(slicing.held.map((h) => [h.field, parameters[h.parameter.name] ?? null]));
}

export function captionForSlicing(slicing: Slicing): string {
  return slicing.held.length === 0 ? '' : ` Other swept parameters held at ${slicing.description}.`;
}
