/**
 * The swept parameters a default figure can put on a channel: each varying
 * parameter once, except that of parameters zipped together (which move as
 * one) only a representative is shown, the one whose meaning is known —
 * an adversarial population's share rather than the honest one's.
 */
import type { CsvValue } from '../../folder/read-files.js';
import type { ExperimentFolder, SweepParameter } from '../../folder/results-folder.js';
import { parameterTitle, parameterValues, SWEEP_PARAMETER_MATCHERS, varyingParameters } from '../sweep-parameters.js';
import { sweepPopulations } from '../sweep-populations.js';

export type AxisScale = 'linear' | 'log' | 'ordinal';

export interface SweepAxis {
  readonly parameter: SweepParameter;
  /** Distinct values in summary.csv, sorted. */
  readonly values: readonly CsvValue[];
  readonly numeric: boolean;
  readonly title: string;
  readonly scale: AxisScale;
  /** A share of nodes in an adversarial population: a share of rewards is compared with it (the diagonal). */
  readonly adversaryFraction: boolean;
}

/** Integers with at most this many values (K, a slash multiple) are categories on an axis, not a continuum. */
const MAX_ORDINAL_INTEGERS = 12;

function axisScale(parameter: SweepParameter, values: readonly CsvValue[]): AxisScale {
  if (!values.every((v) => typeof v === 'number')) return 'ordinal';
  if (values.every((v) => Number.isInteger(v)) && values.length <= MAX_ORDINAL_INTEGERS) return 'ordinal';
  return parameter['scale'] === 'log' && values.every((v) => v > 0) ? 'log' : 'linear';
}

function isAdversaryFraction(folder: ExperimentFolder, parameter: SweepParameter): boolean {
  const match = /^network\.(inference|evaluators)\.(\d+)\.fraction$/.exec(parameter.path);
  const populations = sweepPopulations(folder);
  if (parameter.name === 'malicious_fraction') return true;
  if (match && populations.length > 0) {
    return populations.some((p) => p.section === match[1] && p.index === Number(match[2]) && p.adversarial);
  }
  return SWEEP_PARAMETER_MATCHERS.maliciousFraction(parameter);
}

export function sweepAxis(folder: ExperimentFolder, parameter: SweepParameter): SweepAxis {
  const values = parameterValues(folder, parameter);
  return {
    parameter,
    values,
    numeric: values.every((v) => typeof v === 'number'),
    title: parameterTitle(parameter, folder),
    scale: axisScale(parameter, values),
    adversaryFraction: isAdversaryFraction(folder, parameter),
  };
}

const zippedTogether = (a: SweepParameter, b: SweepParameter) => a.method === 'zip' && b.method === 'zip' && a.design === b.design;

/** Of zipped parameters, the one an axis shows: an adversary's share, else one with a known title, else the first. */
function representativeRank(axis: SweepAxis): number {
  if (axis.adversaryFraction) return 0;
  return axis.title !== axis.parameter.name ? 1 : 2;
}

/** Every varying parameter, zipped ones by their representative, in parameters.json order. */
export function sweepAxes(folder: ExperimentFolder): SweepAxis[] {
  const axes = varyingParameters(folder).map((parameter) => sweepAxis(folder, parameter));
  return axes.filter((axis) => {
    const group = axes.filter((other) => other === axis || zippedTogether(other.parameter, axis.parameter));
    const best = [...group].sort((a, b) => representativeRank(a) - representativeRank(b))[0];
    return best === axis;
  });
}

/**
 * Two numeric parameters whose values cross: from different designs, or
 * from one grid. Zipped parameters and a Latin hypercube's do not cross,
 * and a map needs at least three values each to show a surface.
 */
export function crossedNumericPair(a: SweepAxis, b: SweepAxis): boolean {
  if (!a.numeric || !b.numeric || a.values.length < 3 || b.values.length < 3) return false;
  return a.parameter.design !== b.parameter.design || (a.parameter.method === 'grid' && b.parameter.method === 'grid');
}
