/**
 * A judge cascade in the market (`mechanism.cascade`): each round's first
 * stage draws its k evaluators from the stage's own members, and the
 * escalation stage its own when the rule fires on the first stage's scores.
 * A round's jobs are numbered as without a cascade, the first stage's
 * first (jobs 0..k₁−1) and the escalation's after (k₁..k₁+k₂−1), so that
 * the request table's K is k₁ + k₂ and a round not escalated leaves the
 * escalation's slots unused.
 *
 * What the cascade costs is kept here, in each job's service time × its
 * tier's hourly price (as the spot checks price a re-execution), so that
 * it does not depend on the scenario's cost measure; and, for each round
 * not escalated, what its escalation would have cost in expectation (the
 * stage's mean job cost for the round's task, times k₂): always escalating
 * would have cost the sum of the two. Nothing is drawn for it.
 */
import { type CascadeRule, escalates } from '../mechanism/cascade-rule.js';
import { UniformEvaluatorSelection } from '../mechanism/evaluator-selection.js';
import type { StreamBank } from '../random/streams.js';

/** One stage: whom it draws from, how many per round, and what one of its jobs costs in expectation per task. */
export interface CascadeStageSetup {
  /** The stage's evaluator nodes (indices in the evaluator role). */
  readonly members: Int32Array;
  readonly k: number;
  /** The stream the stage's draws come from. */
  readonly stream: number;
  /** Per task, the expected cost in USD of one job of a member drawn uniformly: mean latency × speed factor × hourly price. */
  readonly expectedJobCostUsd: Float64Array;
}

export interface CascadeSetup {
  readonly rule: CascadeRule;
  /** An escalated round's consensus: of the escalation's scores only, or of all of the round's. */
  readonly consensusOf: 'escalation' | 'all';
  readonly first: CascadeStageSetup;
  readonly escalate: CascadeStageSetup;
}

/** What the cascade did over the settled rounds. */
export interface CascadeTotals {
  readonly rounds: number;
  readonly escalatedRounds: number;
  readonly firstStageCostUsd: number;
  readonly escalationCostUsd: number;
  /** Σ over the rounds not escalated of k₂ × the escalation stage's expected job cost for the round's task. */
  readonly avoidedEscalationCostUsd: number;
}

/** Draws a stage's evaluators: uniformly among its members, written as evaluator indices. */
class StageSelection {
  private readonly selection: UniformEvaluatorSelection;

  constructor(
    readonly setup: CascadeStageSetup,
    bank: StreamBank,
  ) {
    this.selection = new UniformEvaluatorSelection(setup.members.length, bank, setup.stream);
  }

  sampleInto(out: Int32Array, offset: number): void {
    const k = this.setup.k;
    this.selection.sampleInto(out, offset, k);
    const members = this.setup.members;
    for (let i = offset; i < offset + k; i++) out[i] = members[out[i]!]!;
  }
}

export class Cascade {
  /** Evaluators a round uses at most: the request table's K. */
  readonly maxPerRound: number;
  readonly firstK: number;
  readonly escalateK: number;
  private readonly first: StageSelection;
  private readonly escalation: StageSelection;
  /** Per request slot, 1 while its round is escalated. */
  private escalated = new Uint8Array(256);
  rounds = 0;
  escalatedRounds = 0;
  firstStageCostUsd = 0;
  escalationCostUsd = 0;
  avoidedEscalationCostUsd = 0;

  constructor(
    private readonly setup: CascadeSetup,
    bank: StreamBank,
  ) {
    this.firstK = setup.first.k;
    this.escalateK = setup.escalate.k;
    this.maxPerRound = this.firstK + this.escalateK;
    this.first = new StageSelection(setup.first, bank);
    this.escalation = new StageSelection(setup.escalate, bank);
  }

  /** Draws the first stage's evaluators into jobs 0..k₁−1 of the round at `base`. */
  sampleFirst(out: Int32Array, base: number): void {
    this.first.sampleInto(out, base);
  }

  /**
   * The first stage has scored the round at `slot` (its scores at
   * `scores[base..base+k₁)`): returns whether it escalates, and if so draws
   * the escalation's evaluators into jobs k₁..k₁+k₂−1.
   */
  decide(slot: number, scores: Float64Array, evaluators: Int32Array, base: number): boolean {
    if (slot >= this.escalated.length) this.grow(slot);
    const escalate = escalates(this.setup.rule, scores, base, this.firstK);
    this.escalated[slot] = escalate ? 1 : 0;
    if (escalate) this.escalation.sampleInto(evaluators, base + this.firstK);
    return escalate;
  }

  /** Evaluators the round at `slot` used: k₁, or k₁ + k₂ when escalated. */
  participants(slot: number): number {
    return this.escalated[slot] === 1 ? this.maxPerRound : this.firstK;
  }

  /** The first job whose score enters the round's consensus. */
  consensusFrom(slot: number): number {
    return this.escalated[slot] === 1 && this.setup.consensusOf === 'escalation' ? this.firstK : 0;
  }

  /** How many of the round's scores, from consensusFrom, enter its consensus. */
  consensusCount(slot: number): number {
    if (this.escalated[slot] === 0) return this.firstK;
    return this.setup.consensusOf === 'escalation' ? this.escalateK : this.maxPerRound;
  }

  /**
   * Counts a settled round whose first stage's jobs cost `firstCostUsd` and
   * escalation's `escalationCostUsd` (0 when not escalated); a round not
   * escalated adds its escalation's expected cost to what was avoided.
   */
  settle(slot: number, task: number, firstCostUsd: number, escalationCostUsd: number): void {
    this.rounds++;
    this.firstStageCostUsd += firstCostUsd;
    if (this.escalated[slot] === 1) {
      this.escalatedRounds++;
      this.escalationCostUsd += escalationCostUsd;
    } else {
      this.avoidedEscalationCostUsd += this.escalateK * this.setup.escalate.expectedJobCostUsd[task]!;
    }
  }

  totals(): CascadeTotals {
    return {
      rounds: this.rounds,
      escalatedRounds: this.escalatedRounds,
      firstStageCostUsd: this.firstStageCostUsd,
      escalationCostUsd: this.escalationCostUsd,
      avoidedEscalationCostUsd: this.avoidedEscalationCostUsd,
    };
  }

  private grow(slot: number): void {
    let length = this.escalated.length;
    while (slot >= length) length *= 2;
    const next = new Uint8Array(length);
    next.set(this.escalated);
    this.escalated = next;
  }
}
