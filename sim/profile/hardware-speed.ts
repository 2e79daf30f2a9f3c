/**
 * A hardware tier's speed as the simulator uses it. A profile gives
 * `relativeSpeed` (higher is faster); service times are drawn on the
 * reference hardware and multiplied by the latency multiplier, its
 * inverse, computed here once so every reader divides the same way.
 */
import type { HardwareTier } from './schema.js';

/** 1 / relativeSpeed: what a service time on the reference hardware is multiplied by on this tier (exactly 1 at the reference speed). */
export function latencyMultiplier(tier: HardwareTier): number {
  return 1 / tier.relativeSpeed.value;
}
