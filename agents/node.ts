/**
 * What the market asks of a node: the interfaces every node, honest or not,
 * offers it. Honest nodes implement them; the behaviours a scenario declares
 * (deviations from the honest protocol) wrap a node and change only what
 * they need (see decorators.ts and stack-behaviours.ts). Tasks are integer
 * indices into the scenario's task list, times are milliseconds, qualities
 * and scores lie on [0, 1], costs are USD, profits are reward units.
 */

export interface InferenceNode {
  /** Time to serve one request of `task`, excluding any wait in the queue. */
  serviceTimeMs(task: number): number;
  /** True quality of the answer the node returns for a request of `task`. */
  answerQuality(task: number): number;
  /** The cost the node reports for a request whose true cost is `trueCostUsd`. */
  reportCost(trueCostUsd: number): number;
  /** The node's profit (reward minus stake slashed) for one settled round; learners use it. */
  feedback(profit: number): void;
}

/** Public information at the reveal of a round, for evaluators that defer their score (copiers). */
export interface RevealView {
  /** The consensus most recently published, or NaN before the first round settles. */
  previousConsensus: number;
  /** The first score another evaluator of this round made public, or NaN (none yet, or commit–reveal). */
  firstRevealedScore: number;
  /** The inference node whose answer is being scored. */
  answerNode: number;
}

export interface EvaluatorNode {
  /** Time to evaluate one answer of `task`, excluding any wait in the queue (0 for nodes that don't run a model). */
  serviceTimeMs(task: number): number;
  /** The score submitted for an answer of true quality `trueQuality`; NaN defers it to `revealScore`. */
  score(trueQuality: number, task: number, answerNode: number): number;
  /** The score of a deferred evaluation, from public information at the reveal. */
  revealScore(view: RevealView): number;
  /** The cost the node reports for an evaluation whose true cost is `trueCostUsd`. */
  reportCost(trueCostUsd: number): number;
  /** The node's profit for one settled round. */
  feedback(profit: number): void;
}

export const clipUnit = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
