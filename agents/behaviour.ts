/**
 * What the market asks of a node. Honest nodes and adversarial behaviours
 * implement the same small interfaces; tasks are integer indices into the
 * scenario's task list, times are milliseconds, qualities and scores lie on
 * [0, 1], costs are USD.
 */

export interface InferenceBehaviour {
  /** Time to serve one request of `task`, excluding any wait in the queue. */
  serviceTimeMs(task: number): number;
  /** True quality of the answer the node returns for a request of `task`. */
  answerQuality(task: number): number;
  /** The cost the node reports for a request whose true cost is `trueCostUsd`. */
  reportCost(trueCostUsd: number): number;
}

export interface EvaluatorBehaviour {
  /** Time to evaluate one answer of `task`, excluding any wait in the queue. */
  serviceTimeMs(task: number): number;
  /** The score the node submits for an answer of true quality `trueQuality`. */
  score(trueQuality: number, task: number): number;
  /** The cost the node reports for an evaluation whose true cost is `trueCostUsd`. */
  reportCost(trueCostUsd: number): number;
}
