/**
 * The points of a sweep, from its designs: grid (Cartesian product, first
 * parameter slowest), zip (i-th value of every list), random (independent
 * uniform draws) and Latin hypercube (one draw in each of `points` equal
 * strata per parameter, strata paired by random permutations). A list of
 * designs is crossed, the first design varying slowest.
 *
 * Sampling draws come from the project's keyed streams: each parameter has
 * its own stream keyed by its name, so adding a parameter never changes the
 * values sampled for the others.
 */
import { StreamBank } from '../random/streams.js';
import type { SweepDesign } from '../scenario/experiment-schema.js';

export type ColumnType = 'int32' | 'double' | 'string' | 'boolean' | 'json';

/** One swept parameter, as the experiment and its tables know it. */
export interface ParameterInfo {
  readonly name: string;
  /** The dotted path as written. */
  readonly path: string;
  readonly segments: readonly PropertyKey[];
  /** Where the parameter is declared in the scenario, e.g. ['sweep', 'parameters', 0]. */
  readonly specPath: readonly PropertyKey[];
  readonly design: number;
  readonly method: SweepDesign['method'];
  readonly values?: readonly unknown[];
  readonly range?: readonly [number, number];
  readonly scale: 'linear' | 'log';
  readonly integer: boolean;
  readonly commonRandomNumbers: boolean;
  readonly type: ColumnType;
}

export interface DesignPoint {
  readonly values: Readonly<Record<string, unknown>>;
  /** Per parameter, where its value is written in the scenario (the list entry, or the sampled range). */
  readonly origins: Readonly<Record<string, readonly PropertyKey[]>>;
}

const SAMPLING_RUN = 'poq-sim/sweep-design/v1';

/** The column type of a parameter, from the values it can take. */
export function columnType(
  values: readonly unknown[] | undefined,
  range: readonly [number, number] | undefined,
  integer: boolean,
): ColumnType {
  if (range) return integer && isInt32(range[0]) && isInt32(range[1]) ? 'int32' : 'double';
  const list = values ?? [];
  if (list.every((v) => typeof v === 'boolean')) return 'boolean';
  if (list.every((v) => typeof v === 'number')) return list.every(isInt32) ? 'int32' : 'double';
  if (list.every((v) => typeof v === 'string')) return 'string';
  return 'json';
}

function isInt32(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 31;
}

/** Maps a uniform draw on [0, 1) to a parameter value. */
function valueAt(parameter: ParameterInfo, u: number): unknown {
  if (parameter.values) return parameter.values[Math.min(parameter.values.length - 1, Math.floor(u * parameter.values.length))];
  const [low, high] = parameter.range!;
  if (parameter.integer) {
    if (parameter.scale === 'log') {
      const x = Math.exp(Math.log(low) + u * (Math.log(high + 1) - Math.log(low)));
      return Math.min(high, Math.max(low, Math.floor(x)));
    }
    return Math.min(high, low + Math.floor(u * (high - low + 1)));
  }
  if (parameter.scale === 'log') return Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low)));
  return low + u * (high - low);
}

function listed(parameter: ParameterInfo, index: number): [unknown, readonly PropertyKey[]] {
  return [parameter.values![index], [...parameter.specPath, 'values', index]];
}

function sampledOrigin(parameter: ParameterInfo): readonly PropertyKey[] {
  return [...parameter.specPath, parameter.values ? 'values' : 'range'];
}

/** How many points a design has, computed without making them (a grid of 20 lists of 10 has 10^20). */
export function designPointCount(design: SweepDesign): number {
  switch (design.method) {
    case 'grid':
      return design.parameters.reduce((product, parameter) => product * (parameter.values?.length ?? 0), 1);
    case 'zip':
      return design.parameters[0]?.values?.length ?? 0;
    case 'random':
    case 'latin-hypercube':
      return design.points;
  }
}

/** Every value of the first parameter with every value of the next, and so on: the first varies slowest. */
function gridPoints(parameters: readonly ParameterInfo[]): DesignPoint[] {
  let points: DesignPoint[] = [{ values: {}, origins: {} }];
  for (const parameter of parameters) {
    const next: DesignPoint[] = [];
    for (const point of points) {
      parameter.values!.forEach((_, i) => {
        const [value, origin] = listed(parameter, i);
        next.push({ values: { ...point.values, [parameter.name]: value }, origins: { ...point.origins, [parameter.name]: origin } });
      });
    }
    points = next;
  }
  return points;
}

/** The i-th value of every list, for each i. */
function zipPoints(parameters: readonly ParameterInfo[]): DesignPoint[] {
  return parameters[0]!.values!.map((_, i) => {
    const values: Record<string, unknown> = {};
    const origins: Record<string, readonly PropertyKey[]> = {};
    for (const parameter of parameters) [values[parameter.name], origins[parameter.name]] = listed(parameter, i);
    return { values, origins };
  });
}

/**
 * One column of `n` uniform draws on [0, 1) per parameter, each from the
 * parameter's own stream: independent draws, or for a Latin hypercube one
 * draw in each of n strata, the strata in a random order.
 */
function uniformColumns(
  method: 'random' | 'latin-hypercube',
  n: number,
  parameters: readonly ParameterInfo[],
  bank: StreamBank,
): number[][] {
  return parameters.map((parameter) => {
    const stream = bank.stream(parameter.name, method);
    if (method === 'random') return Array.from({ length: n }, () => bank.uniform(stream));
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(bank.uniform(stream) * (i + 1));
      [strata[i], strata[j]] = [strata[j]!, strata[i]!];
    }
    return strata.map((stratum) => (stratum + bank.uniform(stream)) / n);
  });
}

function sampledPoints(
  method: 'random' | 'latin-hypercube',
  n: number,
  parameters: readonly ParameterInfo[],
  bank: StreamBank,
): DesignPoint[] {
  const columns = uniformColumns(method, n, parameters, bank);
  return Array.from({ length: n }, (_, i) => {
    const values: Record<string, unknown> = {};
    const origins: Record<string, readonly PropertyKey[]> = {};
    parameters.forEach((parameter, p) => {
      values[parameter.name] = valueAt(parameter, columns[p]![i]!);
      origins[parameter.name] = sampledOrigin(parameter);
    });
    return { values, origins };
  });
}

/** The points of one design, in order. */
export function designPoints(
  design: SweepDesign,
  parameters: readonly ParameterInfo[],
  samplingSeed: number | string,
  designIndex: number,
): DesignPoint[] {
  switch (design.method) {
    case 'grid':
      return gridPoints(parameters);
    case 'zip':
      return zipPoints(parameters);
    case 'random':
    case 'latin-hypercube':
      return sampledPoints(design.method, design.points, parameters, new StreamBank(samplingSeed, `${SAMPLING_RUN}/${designIndex}`));
  }
}

/** Crosses the designs' points: every point of the first with every point of the second, and so on. */
export function crossPoints(designs: readonly DesignPoint[][]): DesignPoint[] {
  let points: DesignPoint[] = [{ values: {}, origins: {} }];
  for (const design of designs) {
    const next: DesignPoint[] = [];
    for (const a of points) {
      for (const b of design) next.push({ values: { ...a.values, ...b.values }, origins: { ...a.origins, ...b.origins } });
    }
    points = next;
  }
  return points;
}
