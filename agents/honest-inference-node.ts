/**
 * An honest inference node: serves each request with its model's calibrated
 * latency (scaled by its hardware tier) and answer quality, and reports its
 * true cost.
 *
 * What every node serving one model shares is its InferenceSamplers; a
 * node owns only its streams and its speed factor. The market draws for a
 * node without behaviours straight from the samplers with the node's
 * parameters, without touching the node object (one cache
 * miss less per request); the draws are the same.
 */
import type { Sampler } from '../sim/random/samplers.js';
import { clipUnit, type InferenceNode } from './node.js';

/** The samplers of one LLM (its latency and answer quality per task), shared by every node serving it. */
export class InferenceSamplers {
  /**
   * @param latencyByTask  service-time sampler per task, in ms on the reference hardware
   * @param qualityByTask  true-quality sampler per task
   */
  constructor(
    private readonly latencyByTask: readonly Sampler[],
    private readonly qualityByTask: readonly Sampler[],
  ) {}

  serviceTimeMs(task: number, latencyStream: number, speedFactor: number): number {
    return this.latencyByTask[task]!.sample(latencyStream) * speedFactor;
  }

  answerQuality(task: number, qualityStream: number): number {
    return clipUnit(this.qualityByTask[task]!.sample(qualityStream));
  }
}

export class HonestInferenceNode implements InferenceNode {
  /**
   * @param latencyStream  the node's stream for service times
   * @param qualityStream  the node's stream for answer quality
   * @param speedFactor    latency multiplier of the node's hardware tier
   */
  constructor(
    readonly samplers: InferenceSamplers,
    readonly latencyStream: number,
    readonly qualityStream: number,
    readonly speedFactor: number,
  ) {}

  serviceTimeMs(task: number): number {
    return this.samplers.serviceTimeMs(task, this.latencyStream, this.speedFactor);
  }

  answerQuality(task: number): number {
    return this.samplers.answerQuality(task, this.qualityStream);
  }

  reportCost(trueCostUsd: number): number {
    return trueCostUsd;
  }

  feedback(): void {}
}
