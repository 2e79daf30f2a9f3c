/**
 * Checks of what a scenario says about quality dimensions against the
 * profile: `mechanism.qualityDimensions` names only dimensions some
 * evaluator population's model declares, calibrates only when one does, and
 * leaves each such model a weight above 0 on every task; an attack on a dimension names one its population's model
 * declares, and comes first in the population's behaviours, since it acts
 * on the honest draw. Each problem is reported where it is written.
 */
import { didYouMean } from '../input/suggest.js';
import { dimensionWeights } from '../profile/quality-composite.js';
import type { Profile } from '../profile/schema.js';
import type { ProblemSink } from './hardware-tiers.js';
import type { EvaluatorBehaviourSpec, InferenceBehaviourSpec } from './behaviour-schema.js';
import type { Scenario } from './schema.js';

const SETTING = ['mechanism', 'qualityDimensions'] as const;

/** An evaluator population (or mix entry) as declared: its model, behaviours and where it is written (resolve.ts's parts). */
export interface EvaluatorPart {
  readonly path: readonly PropertyKey[];
  readonly part: { readonly model: string; readonly behaviour?: readonly (EvaluatorBehaviourSpec | InferenceBehaviourSpec)[] | undefined };
}

export function checkQualityDimensions(scenario: Scenario, parts: readonly EvaluatorPart[], profile: Profile, problems: ProblemSink): void {
  const models = [...new Set(parts.map(({ part }) => part.model))].filter((model) => profile.evaluatorModels[model]?.dimensions);
  parts.forEach((part) => checkDimensionAttacks(part, profile, problems));
  const setting = scenario.mechanism.qualityDimensions;
  if (setting === undefined) return;
  // The profile's weights with nothing dropped say what no setting says: a sweep may pair them with one-score evaluators.
  if (models.length === 0 && setting.weights === 'calibrated') {
    problems.add(
      [...SETTING, 'weights'],
      'calibrated weights need an evaluator population whose model has quality dimensions (profile evaluatorModels.<model>.dimensions); none has',
    );
    return;
  }
  const known = [...new Set(models.flatMap((model) => Object.keys(profile.evaluatorModels[model]!.dimensions!)))];
  const named: [string, readonly PropertyKey[]][] = [
    ...(typeof setting.weights === 'object'
      ? Object.keys(setting.weights).map((n): [string, PropertyKey[]] => [n, [...SETTING, 'weights', n]])
      : []),
    ...setting.drop.map((n, i): [string, PropertyKey[]] => [n, [...SETTING, 'drop', ...(setting.drop.length > 1 ? [i] : [])]]),
  ];
  const unknown = named.filter(([name]) => !known.includes(name));
  for (const [name, path] of unknown) {
    const declared = known.length === 0 ? 'none has quality dimensions' : `dimensions: ${known.join(', ')}`;
    problems.add(path, `no evaluator model in use declares a dimension "${name}" (${declared})${didYouMean(name, known)}`);
  }
  if (unknown.length > 0) return;
  for (const model of models) {
    const dimensions = profile.evaluatorModels[model]!.dimensions!;
    const empty = Object.keys(profile.tasks).find((task) => dimensionWeights(dimensions, task, setting).every((w) => w === 0));
    if (empty !== undefined) {
      problems.add(SETTING, `leaves evaluator model "${model}" no dimension of weight above 0 on task "${empty}": the composite needs one`);
    }
  }
}

function checkDimensionAttacks({ path, part }: EvaluatorPart, profile: Profile, problems: ProblemSink): void {
  const dimensions = Object.keys(profile.evaluatorModels[part.model]?.dimensions ?? {});
  (part.behaviour ?? []).forEach((behaviour, b) => {
    if (behaviour.kind !== 'dimension-attack') return;
    if (b > 0) {
      problems.add([...path, 'behaviour', b], 'a dimension-attack acts on the honest draw: list it first among the behaviours');
    }
    if (!dimensions.includes(behaviour.dimension)) {
      const has = dimensions.length === 0 ? 'declares no quality dimensions' : `has dimensions ${dimensions.join(', ')}`;
      problems.add(
        [...path, 'behaviour', b, 'dimension'],
        `evaluator model "${part.model}" ${has}, not "${behaviour.dimension}"${didYouMean(behaviour.dimension, dimensions)}`,
      );
    }
  });
}
