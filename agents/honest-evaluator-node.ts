/**
 * An honest evaluator node: runs its evaluator model, whose score is a calibrated
 * noisy function of the answer's true quality (see
 * sim/profile/score-model.ts), and reports its true cost.
 *
 * What every node running one evaluator model shares (its latency samplers
 * and calibration) is its EvaluatorSamplers; a node owns only its streams
 * and its speed factor. The market draws for a node without behaviours
 * straight from the samplers with the node's parameters (see
 * InferenceSamplers); the draws are the same.
 *
 * A model with quality dimensions draws one score per dimension from its
 * score stream, in declaration order (all of them, a weight of 0 too, so
 * that dropping one leaves the others' draws where they were), and
 * submits their weighted composite.
 */
import type { CompositeScoreModel } from '../sim/profile/quality-composite.js';
import type { ScoreCoefficients } from '../sim/profile/score-model.js';
import type { Sampler } from '../sim/random/samplers.js';
import type { StreamBank } from '../sim/random/streams.js';
import { clipUnit, type EvaluatorNode } from './node.js';

/** The samplers of one evaluator model (its latency per task and its calibrated score), shared by every node running it. */
export class EvaluatorSamplers {
  private readonly intercept: number;
  private readonly slope: number;
  private readonly noiseSd: number;

  constructor(
    private readonly latencyByTask: readonly Sampler[],
    coefficients: ScoreCoefficients,
    private readonly bank: StreamBank,
    /** The model's quality dimensions, or null for its single score. */
    readonly composite: CompositeScoreModel | null = null,
  ) {
    this.intercept = coefficients.intercept;
    this.slope = coefficients.slope;
    this.noiseSd = coefficients.noiseSd;
  }

  serviceTimeMs(task: number, latencyStream: number, speedFactor: number): number {
    return this.latencyByTask[task]!.sample(latencyStream) * speedFactor;
  }

  score(trueQuality: number, task: number, scoreStream: number): number {
    if (this.composite !== null) return this.compositeScore(trueQuality, task, scoreStream, -1, null);
    return clipUnit(this.intercept + this.slope * trueQuality + this.noiseSd * this.bank.standardNormal(scoreStream));
  }

  /**
   * The weighted composite of the dimensions' clipped scores on `task`;
   * `attack` transforms dimension `attacked`'s score, clipped again after
   * (-1 and null for none).
   */
  compositeScore(
    trueQuality: number,
    task: number,
    scoreStream: number,
    attacked: number,
    attack: ((score: number) => number) | null,
  ): number {
    const model = this.composite!;
    const count = model.dimensions.length;
    let sum = 0;
    for (let i = 0, at = task * count; i < count; i++, at++) {
      const drawn = model.intercept[at]! + model.slope[at]! * trueQuality + model.noiseSd[at]! * this.bank.standardNormal(scoreStream);
      const score = clipUnit(drawn);
      sum += model.weight[at]! * (i === attacked ? clipUnit(attack!(score)) : score);
    }
    return clipUnit(sum);
  }
}

export class HonestEvaluatorNode implements EvaluatorNode {
  constructor(
    readonly samplers: EvaluatorSamplers,
    readonly latencyStream: number,
    readonly scoreStream: number,
    readonly speedFactor: number,
  ) {}

  serviceTimeMs(task: number): number {
    return this.samplers.serviceTimeMs(task, this.latencyStream, this.speedFactor);
  }

  score(trueQuality: number, task: number): number {
    return this.samplers.score(trueQuality, task, this.scoreStream);
  }

  /** An honest node never defers its score. */
  revealScore(): number {
    return Number.NaN;
  }

  reportCost(trueCostUsd: number): number {
    return trueCostUsd;
  }

  feedback(): void {}
}
