/**
 * The per-round reward rules, one class per form: a round's quality and
 * normalized cost become its reward R (before the clip). The form is chosen
 * once, when the market is built, so the payment path makes one virtual call
 * and never asks which form it has. Pure arithmetic over numbers.
 */

/** The linear rule, the paper's: R = α·q − β·c. */
export interface LinearRuleParameters {
  readonly form: 'linear';
  readonly gate?: number | undefined;
}

/** R = α·q / max(c, floor): quality per unit of normalized cost; β is not used. */
export interface QualityPerCostRuleParameters {
  readonly form: 'quality-per-cost';
  /** Lowest cost divided by (> 0), so a free round pays a bounded reward. */
  readonly floor: number;
  readonly gate?: number | undefined;
}

/** R = α·q^γ − β·c^δ. */
export interface PowerRuleParameters {
  readonly form: 'power';
  readonly gamma: number;
  readonly delta: number;
  readonly gate?: number | undefined;
}

/** R = α when q ≥ q₀, else 0; minus β·c in both cases. */
export interface ThresholdRuleParameters {
  readonly form: 'threshold';
  readonly q0: number;
  readonly gate?: number | undefined;
}

/** A scenario's `mechanism.rewards.rule`; `gate` (q₀ on [0, 1]) pays nothing at all below it, whatever the form. */
export type RewardRuleParameters = LinearRuleParameters | QualityPerCostRuleParameters | PowerRuleParameters | ThresholdRuleParameters;

/** A round's reward before the clip, from its quality and its normalized cost. */
export interface RewardRule {
  reward(quality: number, cost: number): number;
}

export class LinearRule implements RewardRule {
  constructor(
    private readonly alpha: number,
    private readonly beta: number,
  ) {}

  reward(quality: number, cost: number): number {
    return this.alpha * quality - this.beta * cost;
  }
}

export class QualityPerCostRule implements RewardRule {
  constructor(
    private readonly alpha: number,
    private readonly floor: number,
  ) {}

  reward(quality: number, cost: number): number {
    return (this.alpha * quality) / (cost > this.floor ? cost : this.floor);
  }
}

export class PowerRule implements RewardRule {
  constructor(
    private readonly alpha: number,
    private readonly beta: number,
    private readonly gamma: number,
    private readonly delta: number,
  ) {}

  /** A negative base (a cost left unclipped below its scale) counts as 0: a fractional power of it is not a number. */
  reward(quality: number, cost: number): number {
    return this.alpha * (quality > 0 ? quality : 0) ** this.gamma - this.beta * (cost > 0 ? cost : 0) ** this.delta;
  }
}

export class ThresholdRule implements RewardRule {
  constructor(
    private readonly alpha: number,
    private readonly beta: number,
    private readonly q0: number,
  ) {}

  reward(quality: number, cost: number): number {
    return (quality >= this.q0 ? this.alpha : 0) - this.beta * cost;
  }
}

/**
 * Below the gate a round is not paid: R = 0, not −β·c. A gate refuses the
 * work rather than fining it (fines are the audits' and the stake's), and
 * so means the same under every form; the threshold form is the one that
 * keeps the cost penalty below its q₀.
 */
export class GatedRule implements RewardRule {
  constructor(
    private readonly inner: RewardRule,
    private readonly gate: number,
  ) {}

  reward(quality: number, cost: number): number {
    return quality < this.gate ? 0 : this.inner.reward(quality, cost);
  }
}

/** Builds the rule a scenario declares (linear when it declares none), once per market. */
export function rewardRule(alpha: number, beta: number, spec: RewardRuleParameters | undefined): RewardRule {
  const form = formRule(alpha, beta, spec ?? { form: 'linear' });
  return spec?.gate === undefined ? form : new GatedRule(form, spec.gate);
}

function formRule(alpha: number, beta: number, spec: RewardRuleParameters): RewardRule {
  switch (spec.form) {
    case 'linear':
      return new LinearRule(alpha, beta);
    case 'quality-per-cost':
      return new QualityPerCostRule(alpha, spec.floor);
    case 'power':
      return new PowerRule(alpha, beta, spec.gamma, spec.delta);
    case 'threshold':
      return new ThresholdRule(alpha, beta, spec.q0);
  }
}
