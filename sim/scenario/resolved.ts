/**
 * A resolved scenario: validated, cross-checked against its calibration
 * profile, with populations expanded into nodes. This plain data is all a
 * run needs; the engine never reads YAML.
 */
import type { LoadedProfile } from '../../calibration/profile/load.js';
import type { Scenario } from './schema.js';

export type NodeRole = 'inference' | 'evaluator';

export interface ResolvedNode {
  /** Stable id (`<population>-<index>`), also the key of the node's random streams. */
  readonly id: string;
  readonly role: NodeRole;
  readonly population: string;
  readonly model: string;
  readonly hardware: string;
  readonly concurrency: number;
  readonly speedFactor: number;
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
  /** SHA-256 of the canonical JSON of the validated scenario and the profile hash. */
  readonly hash: string;
}
