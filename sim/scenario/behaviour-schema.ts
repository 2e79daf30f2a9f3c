/**
 * Adversarial behaviours, declared on a population as one spec or a list
 * stacked in order (the first wraps the honest node, each next one wraps
 * the previous). Inference (F) and evaluator (M) nodes have their own sets.
 */
import * as z from 'zod';
import type { EvaluatorBehaviourParameters, InferenceBehaviourParameters } from '../../agents/behaviour-parameters.js';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');
const Probability = z.number().min(0).max(1);
const ScoreShift = z.number().min(0).max(1);

export const MisreportCostSchema = z
  .strictObject({
    kind: z.literal('misreport-cost'),
    factor: z.number().gt(0).max(1).describe('Reported cost = true cost × factor'),
  })
  .describe('Reports a lower cost than it incurs, to raise its reward');

export const SubstituteModelSchema = z
  .strictObject({
    kind: z.literal('substitute-model'),
    serve: Identifier.describe('The (cheaper) profile model actually served; the population’s `model` is what the node claims'),
  })
  .describe('Claims the population’s model but serves another one');

export const NoiseSchema = z
  .strictObject({ kind: z.literal('noise'), sd: z.number().positive().describe('Standard deviation of the added noise') })
  .describe('Adds Gaussian noise to every score (noise injection)');

export const BoostSchema = z
  .strictObject({ kind: z.literal('boost'), amount: ScoreShift.describe('Added to every score') })
  .describe('Inflates every score');

export const SabotageSchema = z
  .strictObject({ kind: z.literal('sabotage'), amount: ScoreShift.describe('Subtracted from every score') })
  .describe('Deflates every score');

export const AttackSchema = z.discriminatedUnion('kind', [NoiseSchema, BoostSchema, SabotageSchema]);

export const DimensionAttackSchema = z
  .strictObject({
    kind: z.literal('dimension-attack'),
    dimension: Identifier.describe('The quality dimension of the population’s evaluator model (profile `dimensions`) attacked'),
    attack: AttackSchema.describe('The manipulation of that dimension’s score, before the composite'),
  })
  .describe(
    'Manipulates one quality dimension’s score and leaves the others as drawn; the composite then moves by that dimension’s weight (must be the first behaviour: it acts on the honest draw)',
  );

export const IntermittentSchema = z
  .strictObject({
    kind: z.literal('intermittent'),
    attack: AttackSchema.describe('The manipulation applied while active'),
    probability: Probability.optional().describe('Active on each evaluation independently with this probability'),
    burst: z
      .strictObject({
        meanOnEvaluations: z.number().min(1).describe('Mean length of an active spell, in evaluations'),
        meanOffEvaluations: z.number().min(1).describe('Mean length of an inactive spell, in evaluations'),
      })
      .optional()
      .describe('Active in bursts: spells of geometric length alternate'),
  })
  .superRefine((spec, ctx) => {
    if ((spec.probability === undefined) === (spec.burst === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['probability'], message: 'give exactly one of probability or burst' });
    }
  })
  .describe('Manipulates only some of the time (intermittent manipulation)');

export const LazySchema = z
  .strictObject({
    kind: z.literal('lazy'),
    score: z
      .union([Probability, z.literal('uniform')], { error: 'a score in [0, 1], or "uniform"' })
      .default(0.5)
      .describe('A constant score, or "uniform" for a uniform random score'),
  })
  .describe('Submits a score without running its model, at no compute cost');

export const LazyInferenceSchema = z
  .strictObject({
    kind: z.literal('lazy'),
    quality: Probability.default(0).describe('True quality of the canned answer returned, on [0, 1]'),
  })
  .describe('Returns a canned answer without running its model, in no time and at no compute cost');

export const CopySchema = z
  .strictObject({
    kind: z.literal('copy'),
    source: z
      .enum(['revealed-score', 'previous-consensus'])
      .default('revealed-score')
      .describe(
        'revealed-score: the first score another evaluator of the round made public (falls back to the previous consensus under commit–reveal); previous-consensus: the last published consensus',
      ),
  })
  .describe('Copies instead of evaluating, at no compute cost');

export const ColludeSchema = z
  .strictObject({
    kind: z.literal('collude'),
    boost: ScoreShift.describe('Added to scores of answers from F nodes of the same operator'),
    sabotage: ScoreShift.default(0).describe('Subtracted from scores of every other answer'),
  })
  .describe('A ring evaluator: favours its operator’s F nodes, harms the others (needs `operator` on the population)');

export const LearnerSchema = z.discriminatedUnion('rule', [
  z
    .strictObject({ rule: z.literal('epsilon-greedy'), epsilon: Probability.default(0.1) })
    .describe('Plays the best arm so far, and a random one with probability ε'),
  z
    .strictObject({ rule: z.literal('exp3'), gamma: z.number().gt(0).max(1).default(0.1) })
    .describe('Multiplicative weights for bandit feedback (EXP3)'),
]);

const AdaptiveBase = {
  kind: z.literal('adaptive'),
  grid: z.array(z.number()).min(2).describe('Values the learner chooses among; include the honest value to let it learn honesty'),
  learner: LearnerSchema.prefault({ rule: 'epsilon-greedy' }),
  epochRounds: z
    .number()
    .int()
    .positive()
    .default(20)
    .describe('Rounds the node plays one value before updating its estimate of that value’s profit'),
};

export const AdaptiveInferenceSchema = z
  .strictObject({ ...AdaptiveBase, tune: z.literal('misreport-factor') })
  .describe('Learns a cost-misreporting factor from its realized profit');

export const AdaptiveEvaluatorSchema = z
  .strictObject({
    ...AdaptiveBase,
    tune: z.enum(['misreport-factor', 'boost', 'on-probability']),
    attack: AttackSchema.optional().describe('For tune: on-probability, the manipulation switched on'),
  })
  .superRefine((spec, ctx) => {
    if (spec.tune === 'on-probability' && !spec.attack) {
      ctx.addIssue({ code: 'custom', path: ['attack'], message: 'required when tune is "on-probability"' });
    }
    const [lo, hi] = spec.tune === 'misreport-factor' ? [Number.MIN_VALUE, 1] : [0, 1];
    spec.grid.forEach((value, i) => {
      if (!(value >= lo && value <= hi)) {
        ctx.addIssue({
          code: 'custom',
          path: ['grid', i],
          message: `must lie in ${spec.tune === 'misreport-factor' ? '(0, 1]' : '[0, 1]'}`,
        });
      }
    });
  })
  .describe('Learns its deviation (misreport factor, boost size or on-probability) from its realized profit');

export const InferenceBehaviourSpecSchema = z.discriminatedUnion('kind', [
  MisreportCostSchema,
  SubstituteModelSchema,
  LazyInferenceSchema,
  AdaptiveInferenceSchema,
]);

export const EvaluatorBehaviourSpecSchema = z.discriminatedUnion('kind', [
  MisreportCostSchema,
  NoiseSchema,
  BoostSchema,
  SabotageSchema,
  DimensionAttackSchema,
  IntermittentSchema,
  LazySchema,
  CopySchema,
  ColludeSchema,
  AdaptiveEvaluatorSchema,
]);

/** One spec or a list; always read back as a list. */
const listOf = <S extends z.ZodType>(spec: S) =>
  z.union([spec.transform((one) => [one]), z.array(spec)], { error: 'a behaviour (a mapping with kind: …), or a list of them' });

export const InferenceBehaviourListSchema = listOf(InferenceBehaviourSpecSchema);
export const EvaluatorBehaviourListSchema = listOf(EvaluatorBehaviourSpecSchema);

export type InferenceBehaviourSpec = z.output<typeof InferenceBehaviourSpecSchema>;
export type EvaluatorBehaviourSpec = z.output<typeof EvaluatorBehaviourSpecSchema>;
export type AttackSpec = z.output<typeof AttackSchema>;
export type LearnerSpec = z.output<typeof LearnerSchema>;

/** Compiles only when `From` is assignable to `To`. */
type Assignable<From extends To, To> = From;

/**
 * The agents build nodes from their own plain parameter types
 * (agents/behaviour-parameters.ts). Every spec this schema accepts must be
 * one of them, and every kind they implement one this schema accepts: if
 * the two drift apart, the typecheck fails here.
 */
export type SchemaMatchesAgents = [
  Assignable<InferenceBehaviourSpec, InferenceBehaviourParameters>,
  Assignable<EvaluatorBehaviourSpec, EvaluatorBehaviourParameters>,
  Assignable<InferenceBehaviourParameters['kind'], InferenceBehaviourSpec['kind']>,
  Assignable<EvaluatorBehaviourParameters['kind'], EvaluatorBehaviourSpec['kind']>,
];
