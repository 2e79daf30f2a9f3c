/**
 * The reward controller's rule (issue 18): at each full epoch's end the
 * coefficient it adjusts (α or β) takes a multiplicative step towards the
 * target, x ← clip(x · exp(g · (measure − target) / |target|), min, max).
 * The step is relative to the target, so one gain means the same whatever
 * the target's scale; being multiplicative, it keeps x above 0. Pure
 * arithmetic over numbers.
 */

/** What an epoch is measured by: one key, the value steered to. */
export type ControllerTarget =
  { readonly totalCostUsd: number } | { readonly evaluatorShare: number } | { readonly tokensPerEpoch: number };

/** A scenario's `mechanism.rewards.controller`. */
export interface ControllerParameters {
  readonly adjust: 'alpha' | 'beta';
  readonly target: ControllerTarget;
  /** Signed: positive raises x when the measure is above target. */
  readonly gain: number;
  readonly min: number;
  readonly max: number;
  /** Without a pool, the epoch length; with one, equal to the pool's (checked when the scenario is resolved). */
  readonly epochSeconds?: number | undefined;
}

/** One full epoch's step: its measure (null when nothing could be measured) and the coefficient after it. */
export interface ControllerStep {
  readonly epoch: number;
  readonly endSeconds: number;
  readonly measure: number | null;
  readonly value: number;
}

export type ControllerMeasure = 'totalCostUsd' | 'evaluatorShare' | 'tokensPerEpoch';

/** The measure a target names, and its value. */
export function targetOf(target: ControllerTarget): { readonly measure: ControllerMeasure; readonly value: number } {
  if ('totalCostUsd' in target) return { measure: 'totalCostUsd', value: target.totalCostUsd };
  if ('evaluatorShare' in target) return { measure: 'evaluatorShare', value: target.evaluatorShare };
  return { measure: 'tokensPerEpoch', value: target.tokensPerEpoch };
}

/**
 * The coefficient after an epoch measured at `measure`. A measure that is
 * not a number (nothing paid in the epoch, or a share of a total that is
 * not above 0) leaves it unchanged: an idle epoch says nothing about the
 * market's response to it.
 */
export function controlledValue(
  x: number,
  measure: number,
  target: number,
  spec: Pick<ControllerParameters, 'gain' | 'min' | 'max'>,
): number {
  if (!Number.isFinite(measure)) return x;
  const next = x * Math.exp((spec.gain * (measure - target)) / Math.abs(target));
  return next < spec.min ? spec.min : next > spec.max ? spec.max : next;
}
