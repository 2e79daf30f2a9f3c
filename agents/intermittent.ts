/**
 * Intermittent manipulation: applies an attack only when active — on each
 * evaluation with probability p, or in bursts (alternating spells of
 * geometric length with the given means).
 */
import type { StreamBank } from '../sim/random/streams.js';
import type { EvaluatorNode } from './node.js';
import { ScoreManipulation } from './decorators.js';
import type { Tunable } from './tunable.js';

export type Switching = { readonly probability: number } | { readonly meanOn: number; readonly meanOff: number };

export class IntermittentEvaluator extends ScoreManipulation implements Tunable {
  private probability: number;
  private readonly bursty: boolean;
  private readonly leaveOn: number;
  private readonly leaveOff: number;
  private active = false;
  /** Evaluations made while active, for reporting. */
  activeCount = 0;

  constructor(
    inner: EvaluatorNode,
    private readonly attack: (score: number) => number,
    switching: Switching,
    private readonly bank: StreamBank,
    private readonly stream: number,
  ) {
    super(inner);
    if ('probability' in switching) {
      this.probability = switching.probability;
      this.bursty = false;
      this.leaveOn = 0;
      this.leaveOff = 0;
    } else {
      this.probability = 0;
      this.bursty = true;
      this.leaveOn = 1 / switching.meanOn;
      this.leaveOff = 1 / switching.meanOff;
    }
  }

  protected transform(score: number): number {
    const u = this.bank.uniform(this.stream);
    if (this.bursty) {
      if (u < (this.active ? this.leaveOn : this.leaveOff)) this.active = !this.active;
    } else {
      this.active = u < this.probability;
    }
    if (!this.active) return score;
    this.activeCount++;
    return this.attack(score);
  }

  setDeviation(value: number): void {
    this.probability = value;
  }
}
