/**
 * Plans a study (exploit, sensitivity, tune) from a loaded scenario: the
 * paths it may set, checked against the scenario and located in the file;
 * the context its points share (the experiment layer's, so they run on the
 * same executors); and the study's hash, which keeps a resumed study from
 * mixing with another's points.
 *
 * Every study parameter shares random numbers: replication r of every
 * candidate runs on the same seed, so candidates are compared on the same
 * demand and node draws and their differences are far less noisy than
 * their values.
 */
import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';
import { formatPath, InputError, type InputProblem, quoteValue } from '../input/input-error.js';
import { validateSource } from '../input/validate.js';
import { packageVersion } from '../package-info.js';
import { defaultParameterName, parsePath, pathProblem } from '../experiment/parameter-path.js';
import type { ExperimentContext } from '../experiment/point.js';
import type { MergedSource } from '../scenario/extends.js';
import type { LoadedScenario } from '../scenario/load.js';
import { loadScenarioProfile, resolveWithProfile, runPart, simulatedPart } from '../scenario/resolve.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { ScenarioSchema } from '../scenario/schema.js';
import type { SweepParameter } from '../scenario/experiment-schema.js';
import type { Setting } from '../scenario/study-schema.js';
import type { LoadedProfile } from '../profile/load.js';

export type StudyKind = 'exploit' | 'sensitivity' | 'tune';

/** The scenario fields a study never passes to its runs. */
const STUDY_FIELDS = ['sweep', 'replications', 'stopping', 'exploit', 'sensitivity', 'tune'];

/** A parameter a study varies: a dotted path, its column name, and its range or list. */
export interface StudyParameter {
  /** The context's name of the path (its formatted path): unique across the study. */
  readonly key: string;
  /** The column name in the study's tables. */
  readonly name: string;
  readonly segments: ReadonlyArray<string | number>;
  /** Where it is declared in the scenario file. */
  readonly specPath: readonly PropertyKey[];
  readonly values?: readonly unknown[];
  readonly range?: readonly [number, number];
  readonly scale: 'linear' | 'log';
  readonly integer: boolean;
}

/** A named setting: values for some paths, keyed as the context names them. */
export interface StudySetting {
  readonly name: string;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface StudyBase {
  readonly kind: StudyKind;
  readonly loaded: LoadedScenario;
  readonly profile: LoadedProfile;
  readonly base: ResolvedScenario;
  readonly baseSource: MergedSource;
  readonly where: LoadedScenario['source']['where'];
}

/** Collects located problems; throws them together. */
export class StudyProblems {
  private readonly list: InputProblem[] = [];
  constructor(private readonly source: MergedSource) {}
  add(path: readonly PropertyKey[], message: string): void {
    const at = this.source.where(path);
    this.list.push({ file: at.file, line: at.line, column: at.column, path: formatPath(path), message });
  }
  push(problem: InputProblem, note = ''): void {
    this.list.push({ ...problem, message: problem.message + note });
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new InputError(this.list.slice(0, 20));
  }
}

export function studyBase(kind: StudyKind, loaded: LoadedScenario): StudyBase {
  if (!loaded.scenario[kind]) {
    throw new InputError({ file: loaded.file, path: kind, message: `the scenario has no ${kind}: section (see docs/studies.md)` });
  }
  const profile = loadScenarioProfile(loaded.scenario, loaded.source);
  const base = resolveWithProfile(loaded.scenario, loaded.source, profile);
  return { kind, loaded, profile, base, baseSource: loaded.source.without(STUDY_FIELDS), where: (p) => loaded.source.where(p) };
}

function segmentsOf(path: string, specPath: readonly PropertyKey[], study: StudyBase, problems: StudyProblems) {
  const segments = parsePath(path);
  if (typeof segments === 'string') return problems.add(specPath, segments);
  const problem = pathProblem(ScenarioSchema, study.baseSource.data, segments);
  if (problem) return problems.add(specPath, problem);
  return segments as Array<string | number>;
}

/** The declared parameters, each checked: a path the scenario has, a name used once. */
export function readStudyParameters(
  study: StudyBase,
  declared: readonly SweepParameter[],
  at: readonly PropertyKey[],
  problems: StudyProblems,
): StudyParameter[] {
  const names = new Set<string>();
  return declared.flatMap((parameter, i) => {
    const specPath = [...at, i];
    const segments = segmentsOf(parameter.path, [...specPath, 'path'], study, problems);
    if (!segments) return [];
    const name = parameter.name ?? defaultParameterName(segments);
    if (names.has(name)) {
      problems.add(
        [...specPath, parameter.name === undefined ? 'path' : 'name'],
        `parameter name "${name}" is already used; give it a name`,
      );
      return [];
    }
    names.add(name);
    const { values, range, scale, integer } = parameter;
    return [{ key: formatPath(segments), name, segments, specPath, values, range, scale, integer }];
  });
}

/** Named settings (mechanism variants, environments), their paths checked; the scenario as written when none is declared. */
export function readSettings(
  study: StudyBase,
  declared: readonly Setting[] | undefined,
  at: readonly PropertyKey[],
  problems: StudyProblems,
): { settings: StudySetting[]; parameters: StudyParameter[] } {
  if (!declared) return { settings: [{ name: 'as-written', values: {} }], parameters: [] };
  const parameters = new Map<string, StudyParameter>();
  const settings = declared.map((setting, i) => {
    const values: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(setting.set)) {
      const specPath = [...at, i, 'set', path];
      const segments = segmentsOf(path, specPath, study, problems);
      if (!segments) continue;
      const key = formatPath(segments);
      values[key] = value;
      if (!parameters.has(key))
        parameters.set(key, { key, name: defaultParameterName(segments), segments, specPath, scale: 'linear', integer: false });
    }
    return { name: setting.name, values };
  });
  return { settings, parameters: [...parameters.values()] };
}

/** The values a parameter may take at the ends of its range, or each listed one, with where each is written. */
function extremes(parameter: StudyParameter): Array<[unknown, readonly PropertyKey[]]> {
  if (parameter.values) return parameter.values.map((v, i) => [v, [...parameter.specPath, 'values', i]]);
  if (parameter.range) return parameter.range.map((v, i) => [v, [...parameter.specPath, 'range', i]]);
  return [];
}

/** Whether the scenario with `values` set (each traced to where it is written) validates and resolves; problems added with `note`. */
function checkValues(
  study: StudyBase,
  values: ReadonlyArray<[StudyParameter, unknown, readonly PropertyKey[]]>,
  note: string,
  problems: StudyProblems,
) {
  let source = study.baseSource;
  for (const [parameter, value, at] of values) source = source.withValue(parameter.segments, value, { source: study.loaded.source, at });
  try {
    resolveWithProfile(validateSource(ScenarioSchema, source), source, study.profile);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const problem of error.problems) problems.push(problem, note);
  }
}

/**
 * Checks every parameter at each end of its range (or each listed value), and every setting, so a
 * value the scenario rejects is reported at the line that declares it before anything runs.
 */
export function checkStudyValues(
  study: StudyBase,
  parameters: readonly StudyParameter[],
  settings: readonly StudySetting[],
  problems: StudyProblems,
): void {
  for (const parameter of parameters) {
    for (const [value, at] of extremes(parameter))
      checkValues(study, [[parameter, value, at]], ` (${parameter.name} = ${quoteValue(value)})`, problems);
  }
  for (const setting of settings) {
    const values = Object.entries(setting.values).map(([key, value]): [StudyParameter, unknown, readonly PropertyKey[]] => {
      const segments = parsePath(key) as Array<string | number>;
      return [{ key, name: key, segments, specPath: [], scale: 'linear', integer: false }, value, []];
    });
    checkValues(study, values, ` (setting ${setting.name})`, problems);
  }
}

/** The study's hash: of everything that decides its points (version, scenario, profile, the study's section, the command's options). */
export function studyHash(study: StudyBase, options: unknown): string {
  const identity = {
    format: 'poq-sim/study/v1',
    kind: study.kind,
    version: packageVersion(),
    scenario: simulatedPart(runPart(study.loaded.scenario)),
    profileHash: study.profile.hash,
    study: study.loaded.scenario[study.kind],
    options: options ?? null,
  };
  return createHash('sha256')
    .update(stableStringify(identity) ?? '')
    .digest('hex');
}

/** The context every point of the study shares; each task sets only the paths of its stage. */
export function studyContext(study: StudyBase, hash: string, parameters: readonly StudyParameter[]): ExperimentContext {
  const seen = new Set<string>();
  const unique = parameters.filter((p) => !seen.has(p.key) && seen.add(p.key));
  return {
    experiment: hash,
    scenarioFile: study.loaded.file,
    baseData: study.baseSource.data,
    profile: study.profile,
    rootSeed: study.loaded.scenario.seed,
    parameters: unique.map((p) => ({ name: p.key, segments: [...p.segments], commonRandomNumbers: true })),
    replications: 1,
    stopping: null,
  };
}
