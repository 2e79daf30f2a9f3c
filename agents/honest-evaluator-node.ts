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
 */
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
  ) {
    this.intercept = coefficients.intercept;
    this.slope = coefficients.slope;
    this.noiseSd = coefficients.noiseSd;
  }

  serviceTimeMs(task: number, latencyStream: number, speedFactor: number): number {
    return this.latencyByTask[task]!.sample(latencyStream) * speedFactor;
  }

  score(trueQuality: number, scoreStream: number): number {
    return clipUnit(this.intercept + this.slope * trueQuality + this.noiseSd * this.bank.standardNormal(scoreStream));
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

  score(trueQuality: number): number {
    return this.samplers.score(trueQuality, this.scoreStream);
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
