/**
 * The parameters of each behaviour the agents implement, as plain types:
 * what stack-behaviours.ts reads to build a node's stack. The scenario
 * schema (sim/scenario/behaviour-schema.ts) validates what a user writes
 * into these shapes, and checks at compile time that every spec it accepts
 * is one of them, so the agents need know nothing of the scenario layer.
 */

export interface MisreportCostParameters {
  readonly kind: 'misreport-cost';
  /** Reported cost = true cost × factor, in (0, 1]. */
  readonly factor: number;
}

/** The model actually served is chosen when the honest node is built (sim/run/build-market.ts); nothing is stacked. */
export interface SubstituteModelParameters {
  readonly kind: 'substitute-model';
  /** The profile model actually served. */
  readonly serve: string;
}

/** An inference node that answers without running its model. */
export interface LazyInferenceParameters {
  readonly kind: 'lazy';
  /** True quality of the canned answer, on [0, 1]. */
  readonly quality: number;
}

export interface NoiseParameters {
  readonly kind: 'noise';
  /** Standard deviation of the Gaussian noise added to every score. */
  readonly sd: number;
}

export interface BoostParameters {
  readonly kind: 'boost';
  /** Added to every score. */
  readonly amount: number;
}

export interface SabotageParameters {
  readonly kind: 'sabotage';
  /** Subtracted from every score. */
  readonly amount: number;
}

/** A manipulation of the score that an intermittent or adaptive evaluator switches on and off. */
export type AttackParameters = NoiseParameters | BoostParameters | SabotageParameters;

/** A manipulation of one quality dimension's score, before the composite. */
export interface DimensionAttackParameters {
  readonly kind: 'dimension-attack';
  /** The dimension's name in the evaluator model's profile entry. */
  readonly dimension: string;
  readonly attack: AttackParameters;
}

export interface IntermittentParameters {
  readonly kind: 'intermittent';
  readonly attack: AttackParameters;
  /** Active on each evaluation independently with this probability; exactly one of `probability` and `burst` is given. */
  readonly probability?: number | undefined;
  /** Active in spells of geometric length with these means, in evaluations. */
  readonly burst?: { readonly meanOnEvaluations: number; readonly meanOffEvaluations: number } | undefined;
}

export interface LazyParameters {
  readonly kind: 'lazy';
  /** A constant score, or a uniform random one. */
  readonly score: number | 'uniform';
}

export interface CopyParameters {
  readonly kind: 'copy';
  readonly source: 'revealed-score' | 'previous-consensus';
}

export interface ColludeParameters {
  readonly kind: 'collude';
  /** Added to scores of answers from inference nodes of the evaluator's own operator. */
  readonly boost: number;
  /** Subtracted from scores of every other answer. */
  readonly sabotage: number;
}

export type LearnerParameters =
  { readonly rule: 'epsilon-greedy'; readonly epsilon: number } | { readonly rule: 'exp3'; readonly gamma: number };

interface AdaptiveBase {
  readonly kind: 'adaptive';
  /** The deviations the learner chooses among. */
  readonly grid: readonly number[];
  readonly learner: LearnerParameters;
  /** Rounds played with one deviation before the learner updates. */
  readonly epochRounds: number;
}

export interface AdaptiveInferenceParameters extends AdaptiveBase {
  readonly tune: 'misreport-factor';
}

export interface AdaptiveEvaluatorParameters extends AdaptiveBase {
  readonly tune: 'misreport-factor' | 'boost' | 'on-probability';
  /** For tune: on-probability, the manipulation switched on. */
  readonly attack?: AttackParameters | undefined;
}

export type InferenceBehaviourParameters =
  MisreportCostParameters | SubstituteModelParameters | LazyInferenceParameters | AdaptiveInferenceParameters;

export type EvaluatorBehaviourParameters =
  | MisreportCostParameters
  | NoiseParameters
  | BoostParameters
  | SabotageParameters
  | DimensionAttackParameters
  | IntermittentParameters
  | LazyParameters
  | CopyParameters
  | ColludeParameters
  | AdaptiveEvaluatorParameters;
