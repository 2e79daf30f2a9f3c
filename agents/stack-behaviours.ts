/**
 * Stacks a node's behaviours on its honest core: the honest node first,
 * then each behaviour wrapping the previous one in the order declared.
 * Behaviours draw from the node's own `behaviour` and `learning` streams,
 * never from the honest node's, so an adversary's honest draws stay aligned
 * with its honest twin's (common random numbers).
 */
import type {
  AttackParameters,
  EvaluatorBehaviourParameters,
  InferenceBehaviourParameters,
  LearnerParameters,
} from './behaviour-parameters.js';
import type { StreamBank } from '../sim/random/streams.js';
import type { EvaluatorNode, InferenceNode } from './node.js';
import { AdaptiveEvaluator, AdaptiveInference, EpochLearning } from './adaptive.js';
import { CollusiveEvaluator } from './collude.js';
import { CopyingEvaluator } from './copy.js';
import { DimensionAttackEvaluator } from './dimension-attack.js';
import { HonestEvaluatorNode } from './honest-evaluator-node.js';
import { IntermittentEvaluator } from './intermittent.js';
import { LazyEvaluator, LazyInference } from './lazy.js';
import { EpsilonGreedy } from './learning/epsilon-greedy.js';
import { Exp3 } from './learning/exp3.js';
import type { Learner } from './learning/learner.js';
import { MisreportingEvaluator, MisreportingInference } from './misreport-cost.js';
import { NoisyEvaluator } from './noise-injection.js';
import { BoostingEvaluator, SabotagingEvaluator } from './score-shift.js';

export interface BehaviourContext {
  readonly bank: StreamBank;
  /** The node's id, the owner of its streams. */
  readonly nodeId: string;
  /** Operator index of each inference node, for ring evaluators. */
  readonly operatorOfInference: Int32Array;
  /** This node's operator index. */
  readonly operator: number;
}

function learner(spec: LearnerParameters, arms: number, context: BehaviourContext): Learner {
  const stream = context.bank.stream(context.nodeId, 'learning');
  return spec.rule === 'epsilon-greedy'
    ? new EpsilonGreedy(arms, spec.epsilon, context.bank, stream)
    : new Exp3(arms, spec.gamma, context.bank, stream);
}

function attackFunction(spec: AttackParameters, context: BehaviourContext): (score: number) => number {
  switch (spec.kind) {
    case 'boost':
      return (score) => score + spec.amount;
    case 'sabotage':
      return (score) => score - spec.amount;
    case 'noise': {
      const stream = context.bank.stream(context.nodeId, 'behaviour');
      return (score) => score + spec.sd * context.bank.standardNormal(stream);
    }
  }
}

export function stackInferenceBehaviours(
  honest: InferenceNode,
  specs: readonly InferenceBehaviourParameters[],
  context: BehaviourContext,
): InferenceNode {
  let node = honest;
  for (const spec of specs) {
    switch (spec.kind) {
      case 'misreport-cost':
        node = new MisreportingInference(node, spec.factor);
        break;
      case 'substitute-model':
        break; // chosen when the honest node is built: it serves another model's samplers
      case 'lazy':
        node = new LazyInference(node, spec.quality);
        break;
      case 'adaptive': {
        const target = new MisreportingInference(node, 1);
        node = new AdaptiveInference(
          target,
          new EpochLearning(spec.grid, learner(spec.learner, spec.grid.length, context), spec.epochRounds, target),
        );
        break;
      }
    }
  }
  return node;
}

export function stackEvaluatorBehaviours(
  honest: EvaluatorNode,
  specs: readonly EvaluatorBehaviourParameters[],
  context: BehaviourContext,
): EvaluatorNode {
  let node = honest;
  for (const spec of specs) node = wrapEvaluator(node, spec, context);
  return node;
}

type EvaluatorSpec<K extends EvaluatorBehaviourParameters['kind']> = Extract<EvaluatorBehaviourParameters, { kind: K }>;

/** One behaviour wrapped around `node`. */
function wrapEvaluator(node: EvaluatorNode, spec: EvaluatorBehaviourParameters, context: BehaviourContext): EvaluatorNode {
  const { bank, nodeId } = context;
  switch (spec.kind) {
    case 'misreport-cost':
      return new MisreportingEvaluator(node, spec.factor);
    case 'noise':
      return new NoisyEvaluator(node, spec.sd, bank, bank.stream(nodeId, 'behaviour'));
    case 'boost':
      return new BoostingEvaluator(node, spec.amount);
    case 'sabotage':
      return new SabotagingEvaluator(node, spec.amount);
    case 'dimension-attack':
      return dimensionAttackEvaluator(node, spec, context);
    case 'intermittent':
      return intermittentEvaluator(node, spec, context);
    case 'lazy':
      return new LazyEvaluator(node, spec.score, bank, bank.stream(nodeId, 'behaviour'));
    case 'copy':
      return new CopyingEvaluator(node, spec.source);
    case 'collude':
      return new CollusiveEvaluator(node, spec.boost, spec.sabotage, context.operatorOfInference, context.operator);
    case 'adaptive':
      return adaptiveEvaluator(node, spec, context);
  }
}

function dimensionAttackEvaluator(node: EvaluatorNode, spec: EvaluatorSpec<'dimension-attack'>, context: BehaviourContext): EvaluatorNode {
  const dimensions = node instanceof HonestEvaluatorNode ? node.samplers.composite?.dimensions : undefined;
  const index = dimensions?.indexOf(spec.dimension) ?? -1;
  // The scenario checks refuse both with the field to blame.
  if (!(node instanceof HonestEvaluatorNode) || index < 0) {
    throw new Error(`dimension-attack on "${spec.dimension}" must wrap an honest evaluator whose model declares that dimension`);
  }
  return new DimensionAttackEvaluator(node, index, attackFunction(spec.attack, context));
}

function intermittentEvaluator(node: EvaluatorNode, spec: EvaluatorSpec<'intermittent'>, context: BehaviourContext): EvaluatorNode {
  const switching = spec.burst
    ? { meanOn: spec.burst.meanOnEvaluations, meanOff: spec.burst.meanOffEvaluations }
    : { probability: spec.probability! };
  return new IntermittentEvaluator(
    node,
    attackFunction(spec.attack, context),
    switching,
    context.bank,
    context.bank.stream(context.nodeId, 'switching'),
  );
}

/** The behaviour a learner tunes, at its neutral setting, wrapped by the learner. */
function adaptiveEvaluator(node: EvaluatorNode, spec: EvaluatorSpec<'adaptive'>, context: BehaviourContext): EvaluatorNode {
  const { bank, nodeId } = context;
  const target =
    spec.tune === 'misreport-factor'
      ? new MisreportingEvaluator(node, 1)
      : spec.tune === 'boost'
        ? new BoostingEvaluator(node, 0)
        : new IntermittentEvaluator(
            node,
            attackFunction(spec.attack!, context),
            { probability: 0 },
            bank,
            bank.stream(nodeId, 'switching'),
          );
  return new AdaptiveEvaluator(
    target,
    new EpochLearning(spec.grid, learner(spec.learner, spec.grid.length, context), spec.epochRounds, target),
  );
}
