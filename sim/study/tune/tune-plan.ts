/**
 * Plans a tune: its parameters, environments, constrained families and
 * candidate settings (a Sobol sequence over the ranges), each checked at
 * the line that declares it.
 */
import stableStringify from 'safe-stable-stringify';
import type { LoadedScenario } from '../../scenario/load.js';
import type { Constraint, TuneSpec } from '../../scenario/study-schema.js';
import type { ExperimentContext } from '../../experiment/point.js';
import { valuesOfPoint, valuesOfUnit } from '../parameter-space.js';
import { sobolPoints } from '../sensitivity/sobol-sequence.js';
import { type ExploitFamily, readFamilies } from '../exploit.js';
import { checkSelections } from '../sensitivity.js';
import {
  checkStudyValues,
  readSettings,
  readStudyParameters,
  studyBase,
  type StudyBase,
  studyContext,
  studyHash,
  type StudyParameter,
  StudyProblems,
  type StudySetting,
} from '../study-plan.js';

export interface TunePlan {
  readonly study: StudyBase;
  readonly spec: TuneSpec;
  readonly hash: string;
  readonly context: ExperimentContext;
  readonly parameters: readonly StudyParameter[];
  readonly environments: readonly StudySetting[];
  /** The families the constraints bound, by name. */
  readonly families: ReadonlyMap<string, ExploitFamily>;
  readonly candidates: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

export type MetricConstraint = Extract<Constraint, { metric: string }>;
export const isExploitability = (c: Constraint): c is Extract<Constraint, { exploitability: string }> => 'exploitability' in c;

function readConstrainedFamilies(study: StudyBase, spec: TuneSpec, problems: StudyProblems): Map<string, ExploitFamily> {
  const wanted = spec.constraints.flatMap((c, i) => (isExploitability(c) ? [[c.exploitability, i] as const] : []));
  if (wanted.length === 0) return new Map();
  const exploit = study.loaded.scenario.exploit;
  if (!exploit) {
    problems.add(
      ['tune', 'constraints', wanted[0]![1], 'exploitability'],
      'an exploitability bound needs the deviation families of an exploit: section',
    );
    return new Map();
  }
  const families = new Map(readFamilies(study, exploit, ['exploit'], problems).map((f) => [f.spec.name, f]));
  for (const [name, i] of wanted)
    if (!families.has(name))
      problems.add(
        ['tune', 'constraints', i, 'exploitability'],
        `no family "${name}" in exploit.families (${[...families.keys()].join(', ')})`,
      );
  return families;
}

/** The candidate settings: the first points of a Sobol sequence over the ranges, duplicates (after rounding) dropped. */
function candidateSettings(parameters: readonly StudyParameter[], count: number): Record<string, unknown>[] {
  const seen = new Set<string>();
  return sobolPoints(count, parameters.length)
    .map((unit) => valuesOfUnit(parameters, unit))
    .filter((values) => {
      const key = stableStringify(values) ?? '';
      return !seen.has(key) && seen.add(key);
    });
}

export function planTune(loaded: LoadedScenario): TunePlan {
  const study = studyBase('tune', loaded);
  const spec = loaded.scenario.tune!;
  const problems = new StudyProblems(loaded.source);
  const parameters = readStudyParameters(study, spec.parameters, ['tune', 'parameters'], problems);
  const { settings: environments, parameters: settingParameters } = readSettings(
    study,
    spec.environments,
    ['tune', 'environments'],
    problems,
  );
  checkSelections(study, [spec.objective], ['tune', 'objective'], problems);
  spec.constraints.forEach((c, i) => {
    if (!isExploitability(c)) checkSelections(study, [c], ['tune', 'constraints', i], problems);
  });
  const families = readConstrainedFamilies(study, spec, problems);
  problems.throwIfAny();
  const familyParameters = [...families.values()].flatMap((f) => f.parameters);
  checkStudyValues(study, parameters, environments, problems);
  problems.throwIfAny();
  const hash = studyHash(study, { exploit: families.size > 0 ? loaded.scenario.exploit : null });
  const context = studyContext(study, hash, [...parameters, ...settingParameters, ...familyParameters]);
  return { study, spec, hash, context, parameters, environments, families, candidates: candidateSettings(parameters, spec.candidates) };
}

/** A family's deviations tried at each candidate: evenly over a single range, else a Sobol sample; every value of a single list. */
export function deviationGrid(family: ExploitFamily, count: number): Record<string, unknown>[] {
  const [only] = family.parameters;
  if (family.parameters.length === 1 && only!.values) return only!.values.map((_, i) => valuesOfPoint(family.parameters, [i]));
  if (family.parameters.length === 1) return Array.from({ length: count }, (_, k) => valuesOfUnit(family.parameters, [k / (count - 1)]));
  return sobolPoints(count, family.parameters.length).map((unit) => valuesOfUnit(family.parameters, unit));
}

/** Whether an estimate lies within [min, max]: its whole interval when it has one, else its mean. */
