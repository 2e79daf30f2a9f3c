/**
 * The spot checks of a market that declares `mechanism.spotChecks`: whether
 * a settled inference job is re-executed is drawn from the node's own
 * spot-check stream, then the re-execution's service time (and, under
 * tolerance comparison, its answer's quality) from the same stream, so a
 * scenario without spot checks draws nothing more. A flag slashes stake and
 * reputation as an audit's does. Per node it counts checks, flags (of
 * deviating nodes apart, for detection rates) and what the re-executions
 * cost the verifiers: the verification cost spot checks add.
 */
import type { InferenceSamplers } from '../../agents/honest-inference-node.js';
import { type SpotCheckParameters, spotCheckFlags } from '../mechanism/spot-check.js';
import type { StreamBank } from '../random/streams.js';
import type { Role } from './role.js';

/** What the spot checks are built from: the rule, and per inference node its stream, its verifier and what it really serves. */
export interface SpotCheckSetup {
  readonly parameters: SpotCheckParameters;
  readonly stream: Int32Array;
  /** 1 when the node's answers are not its verifier's model's: it serves another model, or answers lazily. */
  readonly differsFromVerifier: Uint8Array;
  /** 1 when the node breaks its claim (substitutes or answers lazily): the ground truth detection rates count against. */
  readonly deviates: Uint8Array;
  /** The verifiers' models' samplers, indexed by `verifierSampler`. */
  readonly verifierSamplers: readonly InferenceSamplers[];
  readonly verifierSampler: Int32Array;
  readonly verifierSpeedFactor: Float64Array;
  readonly verifierCostUsdPerMs: Float64Array;
}

/** One node's spot checks over the run. */
export interface SpotCheckTotals {
  readonly checks: number;
  readonly flags: number;
  readonly checksOfDeviations: number;
  readonly flagsOfDeviations: number;
  /** USD the re-executions of its jobs cost. */
  readonly costUsd: number;
  readonly slashed: number;
}

const STRIDE = 6;
const CHECKS = 0;
const FLAGS = 1;
const CHECKS_OF_DEVIATIONS = 2;
const FLAGS_OF_DEVIATIONS = 3;
const COST_USD = 4;
const SLASHED = 5;

export class SpotChecks {
  private readonly records: Float64Array;
  private readonly probability: number;

  constructor(
    private readonly setup: SpotCheckSetup,
    private readonly bank: StreamBank,
  ) {
    this.records = new Float64Array(setup.stream.length * STRIDE);
    this.probability = setup.parameters.probability;
  }

  /**
   * Draws whether `node`'s job of `task`, whose answer had true quality
   * `servedQuality`, is re-executed; if so compares, and on a flag slashes
   * and penalizes. Returns the stake slashed.
   */
  settle(role: Role, node: number, task: number, servedQuality: number): number {
    const setup = this.setup;
    const stream = setup.stream[node]!;
    if (!(this.bank.uniform(stream) < this.probability)) return 0;
    const samplers = setup.verifierSamplers[setup.verifierSampler[node]!]!;
    const costUsd = samplers.serviceTimeMs(task, stream, setup.verifierSpeedFactor[node]!) * setup.verifierCostUsdPerMs[node]!;
    const compare = setup.parameters.compare;
    // Only tolerance reads the re-execution's quality: exact comparison draws nothing more.
    const verifierQuality = compare === 'exact' ? servedQuality : samplers.answerQuality(task, stream);
    const flagged = spotCheckFlags(compare, setup.differsFromVerifier[node] !== 0, servedQuality, verifierQuality);
    const slashed = flagged ? role.stake.slash(node, setup.parameters.slash) : 0;
    if (flagged) role.reputation.penalize(node, setup.parameters.reputationPenalty);
    this.record(node, flagged, slashed, costUsd);
    return slashed;
  }

  private record(node: number, flagged: boolean, slashed: number, costUsd: number): void {
    const r = this.records;
    const at = node * STRIDE;
    r[at + CHECKS]!++;
    if (flagged) r[at + FLAGS]!++;
    if (this.setup.deviates[node] !== 0) {
      r[at + CHECKS_OF_DEVIATIONS]!++;
      if (flagged) r[at + FLAGS_OF_DEVIATIONS]!++;
    }
    r[at + COST_USD] = r[at + COST_USD]! + costUsd;
    r[at + SLASHED] = r[at + SLASHED]! + slashed;
  }

  totals(node: number): SpotCheckTotals {
    const r = this.records;
    const at = node * STRIDE;
    return {
      checks: r[at + CHECKS]!,
      flags: r[at + FLAGS]!,
      checksOfDeviations: r[at + CHECKS_OF_DEVIATIONS]!,
      flagsOfDeviations: r[at + FLAGS_OF_DEVIATIONS]!,
      costUsd: r[at + COST_USD]!,
      slashed: r[at + SLASHED]!,
    };
  }
}
