/**
 * An honest M node: runs its evaluator model, whose score is a calibrated
 * noisy function of the answer's true quality (see
 * calibration/profile/score-model.ts), and reports its true cost.
 */
import type { ScoreCoefficients } from '../calibration/profile/score-model.js';
import type { Sampler } from '../sim/random/samplers.js';
import type { StreamBank } from '../sim/random/streams.js';
import { clipUnit, type EvaluatorBehaviour } from './behaviour.js';

export class HonestEvaluatorNode implements EvaluatorBehaviour {
  private readonly intercept: number;
  private readonly slope: number;
  private readonly noiseSd: number;

  constructor(
    private readonly latencyByTask: readonly Sampler[],
    coefficients: ScoreCoefficients,
    private readonly bank: StreamBank,
    private readonly latencyStream: number,
    private readonly scoreStream: number,
    private readonly speedFactor: number,
  ) {
    this.intercept = coefficients.intercept;
    this.slope = coefficients.slope;
    this.noiseSd = coefficients.noiseSd;
  }

  serviceTimeMs(task: number): number {
    return this.latencyByTask[task]!.sample(this.latencyStream) * this.speedFactor;
  }

  score(trueQuality: number): number {
    return clipUnit(this.intercept + this.slope * trueQuality + this.noiseSd * this.bank.standardNormal(this.scoreStream));
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
