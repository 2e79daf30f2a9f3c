/**
 * What a market without evaluators believes an answer is worth: the mean
 * true quality of the model its node claims, for the request's task (spot
 * checks `instead-of-poq`). It stands in for the consensus: it is what the
 * inference node is paid on and what the consensus errors measure.
 */
export class QualityPrior {
  /**
   * @param byNodeTask  per inference node, per task: its claimed model's mean true quality, at node · tasks + task
   */
  constructor(
    private readonly byNodeTask: Float64Array,
    private readonly tasks: number,
  ) {}

  quality(node: number, task: number): number {
    return this.byNodeTask[node * this.tasks + task]!;
  }
}
