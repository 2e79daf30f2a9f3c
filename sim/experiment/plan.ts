/**
 * Plans an experiment from a loaded scenario: its parameters, its points,
 * the context every point shares, and the experiment's hash. Every point is
 * validated here, before anything runs: a sweep value the scenario rejects
 * is reported at the line of the sweep that lists it.
 */
import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';
import { formatPath, InputError, type InputProblem, quoteValue } from '../input/input-error.js';
import type { InputWarning } from '../input/input-warning.js';
import type { Location } from '../input/source-document.js';
import { validateSource } from '../input/validate.js';
import { packageVersion } from '../package-info.js';
import type { MergedSource } from '../scenario/extends.js';
import type { StoppingRule, SweepDesign } from '../scenario/experiment-schema.js';
import type { LoadedScenario } from '../scenario/load.js';
import { overrideLabel } from '../scenario/overrides.js';
import { loadScenarioProfile, resolveWithProfile, runPart, simulatedPart } from '../scenario/resolve.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { ScenarioSchema } from '../scenario/schema.js';
import { scenarioWarnings } from '../scenario/warnings.js';
import { EXPERIMENT_LIMITS, formatCount, LIMITS_DOC } from '../input/input-limits.js';
import { columnType, crossPoints, type DesignPoint, designPointCount, designPoints, type ParameterInfo } from './design.js';
import { defaultParameterName, parsePath, pathProblem } from './parameter-path.js';
import type { ExperimentContext } from './point.js';
import { SweepWarnings } from './sweep-warnings.js';
import { FIXED_COLUMNS } from './table-columns.js';
import { checkScenarioReport } from './scenario-report.js';
import { METRIC_MEANINGS } from '../results/metric-meanings.js';

/** Columns of the results tables that a parameter may not be named after: the tables' own, and the runs table's run-level metrics. */
export const RESERVED_COLUMNS: readonly string[] = [
  ...FIXED_COLUMNS.map((column) => column.name),
  ...Object.entries(METRIC_MEANINGS)
    .filter(([, meaning]) => meaning.levels.includes('run'))
    .map(([name]) => name),
];

export interface ExperimentPlan {
  readonly file: string;
  /** Where a field of the scenario was written. */
  readonly where: (path: readonly PropertyKey[]) => Location;
  readonly hash: string;
  readonly context: ExperimentContext;
  readonly parameters: readonly ParameterInfo[];
  readonly points: readonly DesignPoint[];
  /** The base scenario (without sweep values), resolved. */
  readonly base: ResolvedScenario;
  readonly designs: readonly SweepDesign[];
  readonly replications: number;
  readonly stopping: StoppingRule | null;
  /** What the points' scenarios say that they probably do not mean, each distinct warning once. */
  readonly warnings: readonly InputWarning[];
  /** The --set arguments applied to the scenario file, as written. */
  readonly overrides: readonly string[];
}

const MAX_REPORTED = 20;

class Problems {
  private readonly list = new Map<string, InputProblem>();
  constructor(private readonly source: MergedSource) {}
  add(path: readonly PropertyKey[], message: string): void {
    const at = this.source.where(path);
    this.push({ file: at.file, line: at.line, column: at.column, path: formatPath(path), message });
  }
  /** Adds a problem unless the same one is already listed; `note` (e.g. which point) is not part of the comparison. */
  push(problem: InputProblem, note = ''): void {
    const key = `${problem.file}:${problem.line}:${problem.column}:${problem.path}:${problem.message}`;
    if (!this.list.has(key)) this.list.set(key, { ...problem, message: problem.message + note });
  }
  get size(): number {
    return this.list.size;
  }
  throwIfAny(): void {
    if (this.list.size === 0) return;
    const all = [...this.list.values()];
    const shown = all.slice(0, MAX_REPORTED);
    if (all.length > MAX_REPORTED)
      shown.push({ file: shown[0]!.file, path: '', message: `… and ${all.length - MAX_REPORTED} more problems` });
    throw new InputError(shown);
  }
}

/**
 * Refuses, before any point is made, an experiment larger than
 * EXPERIMENT_LIMITS: too many points (a grid is a product, so a few long
 * lists multiply fast), replications, or runs in all.
 */
function checkSize(loaded: LoadedScenario, designs: ReadonlyArray<{ design: SweepDesign; path: PropertyKey[] }>, problems: Problems): void {
  const limits = EXPERIMENT_LIMITS;
  const counts = designs.map(({ design }) => designPointCount(design));
  const points = counts.reduce((product, count) => product * count, 1);
  if (points > limits.maxPoints) {
    const largest = counts.indexOf(Math.max(...counts));
    const { design, path } = designs[largest]!;
    const how =
      design.method === 'grid'
        ? `, a grid of ${design.parameters.map((p) => p.values?.length ?? 0).join(' × ')} values`
        : design.method === 'zip'
          ? `, lists of ${formatCount(counts[largest]!)} values`
          : '';
    const crossed = designs.length > 1 ? ` (${counts.map(formatCount).join(' × ')}: the designs crossed)` : '';
    const at = design.method === 'random' || design.method === 'latin-hypercube' ? [...path, 'points'] : path;
    problems.add(
      at,
      `the sweep has ${formatCount(points)} points${crossed}${how}; an experiment may have ${formatCount(limits.maxPoints)}: split it into several sweeps (see ${LIMITS_DOC})`,
    );
  }
  const { replications, stopping } = loaded.scenario;
  const tooMany = (n: number) =>
    `${formatCount(n)} replications of each point; an experiment may run at most ${formatCount(limits.maxReplications)} (see ${LIMITS_DOC})`;
  if ((replications ?? 1) > limits.maxReplications) problems.add(['replications'], tooMany(replications!));
  if (stopping && stopping.maxReplications > limits.maxReplications)
    problems.add(['stopping', 'maxReplications'], tooMany(stopping.maxReplications));
  const most = Math.max(replications ?? 1, stopping?.maxReplications ?? 0);
  if (points <= limits.maxPoints && most <= limits.maxReplications && points * most > limits.maxRuns) {
    const field = stopping && stopping.maxReplications >= (replications ?? 1) ? ['stopping', 'maxReplications'] : ['replications'];
    problems.add(
      field,
      `${formatCount(points)} points × ${formatCount(most)} replications is ${formatCount(points * most)} runs, more than the ${formatCount(limits.maxRuns)} an experiment may have: split the sweep or replicate less (see ${LIMITS_DOC})`,
    );
  }
}

function designsOf(loaded: LoadedScenario): Array<{ design: SweepDesign; path: PropertyKey[] }> {
  const sweep = loaded.scenario.sweep;
  if (!sweep) return [];
  return Array.isArray(sweep) ? sweep.map((design, i) => ({ design, path: ['sweep', i] })) : [{ design: sweep, path: ['sweep'] }];
}

type LocatedDesign = { readonly design: SweepDesign; readonly path: PropertyKey[] };
type SweptParameter = SweepDesign['parameters'][number];

/** Parameter names and paths already taken, each with the field of the sweep that took it. */
class TakenNames {
  private readonly names = new Map<string, string>();
  private readonly paths = new Map<string, string>();

  /** Takes the parameter's name and path; or, if either cannot be used, returns why and the field to point at. */
  take(
    parameter: SweptParameter,
    specPath: readonly PropertyKey[],
    name: string,
    pathKey: string,
  ): [readonly PropertyKey[], string] | undefined {
    const namePath = parameter.name === undefined ? [...specPath, 'path'] : [...specPath, 'name'];
    if (this.names.has(name))
      return [namePath, `parameter name "${name}" is already used by ${this.names.get(name)}; give one of them a distinct name`];
    if (RESERVED_COLUMNS.includes(name))
      return [namePath, `parameter name "${name}" is also a column of the results tables; give the parameter a name`];
    if (this.paths.has(pathKey)) return [[...specPath, 'path'], `${pathKey} is already swept by ${this.paths.get(pathKey)}`];
    const here = formatPath(specPath);
    this.names.set(name, here);
    this.paths.set(pathKey, here);
    return undefined;
  }
}

/**
 * One parameter of design `d` as the experiment knows it, or undefined
 * after adding the problem: a path the scenario does not have, a name or
 * path already taken, a name that is a column of the results tables.
 */
function readParameter(
  parameter: SweptParameter,
  specPath: PropertyKey[],
  design: SweepDesign,
  d: number,
  baseSource: MergedSource,
  problems: Problems,
  taken: TakenNames,
): ParameterInfo | undefined {
  const segments = parsePath(parameter.path);
  if (typeof segments === 'string') {
    problems.add([...specPath, 'path'], segments);
    return undefined;
  }
  const problem = pathProblem(ScenarioSchema, baseSource.data, segments);
  if (problem) {
    problems.add([...specPath, 'path'], problem);
    return undefined;
  }
  const name = parameter.name ?? defaultParameterName(segments);
  const refused = taken.take(parameter, specPath, name, formatPath(segments));
  if (refused) {
    problems.add(...refused);
    return undefined;
  }
  return {
    name,
    path: parameter.path,
    segments,
    specPath,
    design: d,
    method: design.method,
    values: parameter.values,
    range: parameter.range,
    scale: parameter.scale,
    integer: parameter.integer,
    commonRandomNumbers: parameter.commonRandomNumbers ?? segments[0] === 'mechanism',
    type: columnType(parameter.values, parameter.range, parameter.integer),
  };
}

/** Every design's parameters, in order; a parameter with a problem is left out, its problem added. */
function readParameters(designs: readonly LocatedDesign[], baseSource: MergedSource, problems: Problems): ParameterInfo[][] {
  const taken = new TakenNames();
  return designs.map(({ design, path: designPath }, d) =>
    design.parameters.flatMap(
      (parameter, i) => readParameter(parameter, [...designPath, 'parameters', i], design, d, baseSource, problems, taken) ?? [],
    ),
  );
}

/** A --set inside a swept field is replaced at every point: refused, at the argument. */
function checkOverridesNotSwept(loaded: LoadedScenario, flat: readonly ParameterInfo[], problems: Problems): void {
  for (const override of loaded.overrides) {
    const swept = flat.find((p) => p.segments.every((segment, i) => override.path[i] === segment));
    if (!swept) continue;
    const at = loaded.source.where(swept.specPath);
    problems.push({
      file: overrideLabel(override.text),
      path: formatPath(override.path),
      message: `the sweep sets ${swept.path} at every point (${at.file}:${at.line}:${at.column}), replacing this; drop the --set or that sweep parameter`,
    });
  }
}

/** The experiment's points: the designs' points crossed, or the one point of a scenario without a sweep. */
function sweepPoints(loaded: LoadedScenario, designs: readonly LocatedDesign[], parameters: readonly ParameterInfo[][]): DesignPoint[] {
  if (designs.length === 0) return [{ values: {}, origins: {} }];
  const samplingSeed = (design: SweepDesign) => ('seed' in design && design.seed !== undefined ? design.seed : loaded.scenario.seed);
  return crossPoints(designs.map(({ design }, d) => designPoints(design, parameters[d]!, samplingSeed(design), d)));
}

/**
 * Resolves the scenario of every point, adding each problem with the point it belongs to (and
 * each warning, once per distinct one); stops once enough problems are listed.
 */
function checkPoints(
  loaded: LoadedScenario,
  baseSource: MergedSource,
  profile: ExperimentContext['profile'],
  points: readonly DesignPoint[],
  flat: readonly ParameterInfo[],
  problems: Problems,
  warnings: SweepWarnings,
): void {
  for (const [id, point] of points.entries()) {
    if (problems.size > MAX_REPORTED) break;
    let source = baseSource;
    for (const parameter of flat) {
      source = source.withValue(parameter.segments, point.values[parameter.name], {
        source: loaded.source,
        at: point.origins[parameter.name]!,
      });
    }
    const label = flat.map((p) => `${p.name}=${quoteValue(point.values[p.name])}`).join(', ');
    try {
      const validated = validateSource(ScenarioSchema, source);
      resolveWithProfile(validated, source, profile);
      warnings.add(scenarioWarnings(validated, source), flat.length > 0 ? `${id}: ${label}` : '');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const problem of error.problems) problems.push(problem, ` (sweep point ${id}: ${label})`);
    }
  }
}

/** The experiment's hash: of everything that decides its results (the version, the scenario, the profile, the sweep), not of its report section. */
function experimentHash(loaded: LoadedScenario, profile: ExperimentContext['profile'], flat: readonly ParameterInfo[]): string {
  const identity = {
    format: 'poq-sim/experiment/v1',
    version: packageVersion(),
    scenario: simulatedPart(runPart(loaded.scenario)),
    profileHash: profile.hash,
    sweep: loaded.scenario.sweep ?? null,
    replications: loaded.scenario.replications ?? 1,
    stopping: loaded.scenario.stopping ?? null,
    parameters: flat.map((p) => ({ name: p.name, path: p.segments, commonRandomNumbers: p.commonRandomNumbers })),
  };
  return createHash('sha256')
    .update(stableStringify(identity) ?? '')
    .digest('hex');
}

/** What every point of the experiment shares, sent once to each worker. */
function experimentContext(
  loaded: LoadedScenario,
  hash: string,
  baseSource: MergedSource,
  profile: ExperimentContext['profile'],
  flat: readonly ParameterInfo[],
): ExperimentContext {
  return {
    experiment: hash,
    scenarioFile: loaded.file,
    baseData: baseSource.data,
    profile,
    rootSeed: loaded.scenario.seed,
    parameters: flat.map((p) => ({
      name: p.name,
      segments: p.segments as Array<string | number>,
      commonRandomNumbers: p.commonRandomNumbers,
    })),
    replications: loaded.scenario.replications ?? 1,
    stopping: loaded.scenario.stopping ?? null,
  };
}

/**
 * The sweep's parameters as the results tables name them, without planning
 * its points: what `run` checks a report section against. Throws the
 * sweep's own problems (a path the scenario does not have, a name taken twice).
 */
export function sweptParameters(loaded: LoadedScenario): ParameterInfo[] {
  const problems = new Problems(loaded.source);
  const parameters = readParameters(designsOf(loaded), loaded.source.without(['sweep', 'replications', 'stopping']), problems);
  problems.throwIfAny();
  return parameters.flat();
}

/** The report check of `run` and of `check` on a scenario without an experiment: against the sweep the scenario declares, if any. */
export function checkRunReport(loaded: LoadedScenario): InputWarning[] {
  if (!loaded.scenario.report) return [];
  return checkScenarioReport(loaded, loaded.scenario.sweep ? sweptParameters(loaded) : []);
}

export function planExperiment(loaded: LoadedScenario): ExperimentPlan {
  const profile = loadScenarioProfile(loaded.scenario, loaded.source);
  const base = resolveWithProfile(loaded.scenario, loaded.source, profile);
  const baseSource = loaded.source.without(['sweep', 'replications', 'stopping']);
  const problems = new Problems(loaded.source);

  const designs = designsOf(loaded);
  const parameters = readParameters(designs, baseSource, problems);
  checkOverridesNotSwept(loaded, parameters.flat(), problems);
  problems.throwIfAny();
  checkSize(loaded, designs, problems);
  problems.throwIfAny();
  const flat = parameters.flat();
  const warnings = new SweepWarnings();
  warnings.add(checkScenarioReport(loaded, flat), '');
  const points = sweepPoints(loaded, designs, parameters);
  checkPoints(loaded, baseSource, profile, points, flat, problems, warnings);
  problems.throwIfAny();

  const replications = loaded.scenario.replications ?? 1;
  const stopping = loaded.scenario.stopping ?? null;
  const hash = experimentHash(loaded, profile, flat);
  return {
    file: loaded.file,
    where: (path) => loaded.source.where(path),
    hash,
    context: experimentContext(loaded, hash, baseSource, profile, flat),
    parameters: flat,
    points,
    base,
    designs: designs.map(({ design }) => design),
    replications,
    stopping,
    warnings: warnings.list(),
    overrides: loaded.overrides.map((o) => o.text),
  };
}
