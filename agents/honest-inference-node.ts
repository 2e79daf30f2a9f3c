/**
 * An honest F node: serves each request with its model's calibrated latency
 * (scaled by its hardware tier) and answer quality, and reports its true cost.
 * The samplers are shared by every node of the same model; the node owns
 * only its streams.
 */
import type { Sampler } from '../sim/random/samplers.js';
import { clipUnit, type InferenceBehaviour } from './behaviour.js';

export class HonestInferenceNode implements InferenceBehaviour {
  /**
   * @param latencyByTask  service-time sampler per task, in ms on the reference hardware
   * @param qualityByTask  true-quality sampler per task
   * @param latencyStream  the node's stream for service times
   * @param qualityStream  the node's stream for answer quality
   * @param speedFactor    latency multiplier of the node's hardware tier
   */
  constructor(
    private readonly latencyByTask: readonly Sampler[],
    private readonly qualityByTask: readonly Sampler[],
    private readonly latencyStream: number,
    private readonly qualityStream: number,
    private readonly speedFactor: number,
  ) {}

  serviceTimeMs(task: number): number {
    return this.latencyByTask[task]!.sample(this.latencyStream) * this.speedFactor;
  }

  answerQuality(task: number): number {
    return clipUnit(this.qualityByTask[task]!.sample(this.qualityStream));
  }

  reportCost(trueCostUsd: number): number {
    return trueCostUsd;
  }

  feedback(): void {}
}
