/**
 * A resolved scenario: validated, cross-checked against its calibration
 * profile, with populations expanded into nodes. This plain data is all a
 * run needs; the engine never reads YAML.
 */
import type { LoadedProfile } from '../profile/load.js';
import type { PowerWatts } from './hardware-tiers.js';
import type { MemoryEstimate } from './size/memory-estimate.js';
import type { EvaluatorBehaviourSpec, InferenceBehaviourSpec } from './behaviour-schema.js';
import type { BatchingSpec } from './batching-schema.js';
import type { Scenario } from './schema.js';
import type { CascadeStages } from './cascade-checks.js';

export type NodeRole = 'inference' | 'evaluator';

export interface ResolvedNode {
  /** Stable id (`<population>-<index>`), also the key of the node's random streams. */
  readonly id: string;
  readonly role: NodeRole;
  readonly population: string;
  /** The model the node claims (and is grouped, costed and routed by). */
  readonly model: string;
  /** The model it actually serves: `model` unless it substitutes another. */
  readonly servedModel: string;
  /** Who runs it: the population's operator, or the node itself. */
  readonly operator: string;
  /** Index (within its role) of the physical node whose queue it shares: itself unless it is a Sybil identity. */
  readonly server: number;
  /** Behaviours stacked on the honest node, in order; empty for honest nodes. */
  readonly behaviours: readonly (InferenceBehaviourSpec | EvaluatorBehaviourSpec)[];
  /** True when the node deviates, or belongs to an operator some of whose nodes deviate. */
  readonly adversarial: boolean;
  readonly hardware: string;
  readonly concurrency: number;
  /** How the node's server batches its jobs; null to serve them one at a time. */
  readonly batching: BatchingSpec | null;
  /** What the node's service times are multiplied by: 1 / its hardware tier's relativeSpeed (sim/profile/hardware-speed.ts). */
  readonly speedFactor: number;
  /** The speed factor of the model it claims on its tier, when a substitute's differs (speed by model or size); else absent. */
  readonly claimedSpeedFactor?: number;
  /** The tier's hourly price (rental, or purchase amortized over its lifetime) per millisecond, busy or idle. */
  readonly costUsdPerMs: number;
  /** The tier's power draw; absent when it declares none (the node draws no energy). */
  readonly powerWatts?: PowerWatts;
  /** The electricity region it runs in (scenario `regions:`); absent when none. */
  readonly region?: string;
  /** True for a node that starts outside the market and joins under `economics.entry`; absent for the others. */
  readonly candidate?: true;
}

/** Who re-executes an inference node's spot-checked jobs (`mechanism.spotChecks.verifier`), and at what speed and price. */
export interface SpotCheckVerifier {
  /** The inference model re-executed: the node's claimed model unless the scenario names another. */
  readonly model: string;
  /** What that model's reference service time is multiplied by on the verifier's tier. */
  readonly speedFactor: number;
  /** The verifier's tier's hourly price per millisecond. */
  readonly costUsdPerMs: number;
}

export interface ResolvedScenario {
  readonly scenario: Scenario;
  readonly file: string;
  readonly profile: LoadedProfile;
  readonly tasks: readonly string[];
  readonly taskWeights: readonly number[];
  readonly inferenceNodes: readonly ResolvedNode[];
  readonly evaluatorNodes: readonly ResolvedNode[];
  /** SHA-256 of the canonical JSON of the validated scenario (without its `report:` section, which changes no result) and the profile hash. */
  readonly hash: string;
  /** What the run will need, estimated before its nodes were built (sim/scenario/size/memory-estimate.ts). */
  readonly memory: MemoryEstimate;
  /** One per inference node, in node order; absent without `mechanism.spotChecks`. */
  readonly spotCheckVerifiers?: readonly SpotCheckVerifier[];
  /** The evaluator nodes of each stage of `mechanism.cascade`; absent without one. */
  readonly cascadeStages?: CascadeStages;
}
