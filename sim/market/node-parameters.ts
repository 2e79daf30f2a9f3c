/**
 * The per-node constants the market reads on every request (its physical
 * server, cost rate, expected cost, audit stream, for evaluators the honest
 * calibration line, whether it declares no behaviour, and what such an
 * honest node draws from), one 16-slot record (two cache lines) per node.
 * Built once from the market's set-up; with 100,000 nodes one array per
 * constant would cost a cache miss per constant at every request.
 */
import { LINE_SLOTS } from './cache-lines.js';

const STRIDE = 16;
const SERVER = 0;
const COST_USD_PER_MS = 1;
const EXPECTED_COST_USD = 2;
const AUDIT_STREAM = 3;
const HONEST_INTERCEPT = 4;
const HONEST_SLOPE = 5;
const HONEST = 6;
const CELL = 7;
const SAMPLER_INDEX = 8;
const SPEED_FACTOR = 9;
const LATENCY_STREAM = 10;
const DRAW_STREAM = 11;
/** How many slots, from the first, settlement reads (cost, calibration, honest, cell) and dispatch reads (up to the draw stream). */
const SETTLEMENT_SLOTS = CELL + 1;
const DISPATCH_SLOTS = DRAW_STREAM + 1;

export interface NodeParameterColumns {
  /** Index of the physical node whose queue each node uses (itself unless a Sybil identity). */
  readonly server: Int32Array;
  readonly costUsdPerMs: Float64Array;
  /** Expected cost of one request (or evaluation) over the task mix, in USD. */
  readonly expectedCostUsd: Float64Array;
  /** Each node's audit stream (used only when audits are on). */
  readonly auditStream: Int32Array;
  /** Evaluators only: score ≈ intercept + slope · quality when honest. */
  readonly honestIntercept?: Float64Array;
  readonly honestSlope?: Float64Array;
  /** 1 for a node that declares no behaviour (its agent is its honest core), else 0: see RoleNodes in role.ts. */
  readonly honest: Uint8Array;
  /** The node's cell (role, population and model) in the run's RoundSeries. */
  readonly cell: Int32Array;
  /**
   * What the node's honest core draws from: its samplers (an index into
   * the class's sampler bundles), its hardware's latency multiplier, its latency
   * stream and its quality (inference node) or score (evaluator node) stream. The market draws from
   * them directly for honest nodes.
   */
  readonly samplerIndex: Int32Array;
  readonly speedFactor: Float64Array;
  readonly latencyStream: Int32Array;
  readonly drawStream: Int32Array;
}

export class NodeParameters {
  private readonly records: Float64Array;

  constructor(columns: NodeParameterColumns) {
    const n = columns.server.length;
    this.records = new Float64Array(n * STRIDE);
    for (let node = 0; node < n; node++) {
      const at = node * STRIDE;
      this.records[at + SERVER] = columns.server[node]!;
      this.records[at + COST_USD_PER_MS] = columns.costUsdPerMs[node]!;
      this.records[at + EXPECTED_COST_USD] = columns.expectedCostUsd[node]!;
      this.records[at + AUDIT_STREAM] = columns.auditStream[node]!;
      this.records[at + HONEST_INTERCEPT] = columns.honestIntercept?.[node] ?? Number.NaN;
      this.records[at + HONEST_SLOPE] = columns.honestSlope?.[node] ?? Number.NaN;
      this.records[at + HONEST] = columns.honest[node]!;
      this.records[at + CELL] = columns.cell[node]!;
      this.records[at + SAMPLER_INDEX] = columns.samplerIndex[node]!;
      this.records[at + SPEED_FACTOR] = columns.speedFactor[node]!;
      this.records[at + LATENCY_STREAM] = columns.latencyStream[node]!;
      this.records[at + DRAW_STREAM] = columns.drawStream[node]!;
    }
  }

  /** Loads what dispatching work to the node reads of its record, ahead of use (see Preloader); changes nothing. */
  touchDispatch(node: number): number {
    const r = this.records;
    const at = node * STRIDE;
    return r[at]! + r[at + LINE_SLOTS]! + r[at + DISPATCH_SLOTS - 1]!;
  }

  /** Loads what settling a round reads of the node's record, ahead of use; changes nothing. */
  touchSettlement(node: number): number {
    const r = this.records;
    const at = node * STRIDE;
    return r[at]! + r[at + SETTLEMENT_SLOTS - 1]!;
  }

  /** Index of the physical node whose queue the node uses (itself unless a Sybil identity). */
  server(node: number): number {
    return this.records[node * STRIDE + SERVER]!;
  }
  costUsdPerMs(node: number): number {
    return this.records[node * STRIDE + COST_USD_PER_MS]!;
  }
  expectedCostUsd(node: number): number {
    return this.records[node * STRIDE + EXPECTED_COST_USD]!;
  }
  auditStream(node: number): number {
    return this.records[node * STRIDE + AUDIT_STREAM]!;
  }
  /** True for a node that declares no behaviour (see RoleNodes in role.ts). */
  isHonest(node: number): boolean {
    return this.records[node * STRIDE + HONEST] === 1;
  }
  /** The node's cell in the run's RoundSeries. */
  cell(node: number): number {
    return this.records[node * STRIDE + CELL]!;
  }
  samplerIndex(node: number): number {
    return this.records[node * STRIDE + SAMPLER_INDEX]!;
  }
  speedFactor(node: number): number {
    return this.records[node * STRIDE + SPEED_FACTOR]!;
  }
  latencyStream(node: number): number {
    return this.records[node * STRIDE + LATENCY_STREAM]!;
  }
  /** The quality (inference node) or score (evaluator node) stream of the node's honest core. */
  drawStream(node: number): number {
    return this.records[node * STRIDE + DRAW_STREAM]!;
  }
  /** What the evaluator would score in expectation for an answer of `quality` if it were honest, on [0, 1]. */
  honestExpectedScore(node: number, quality: number): number {
    const at = node * STRIDE;
    const expected = this.records[at + HONEST_INTERCEPT]! + this.records[at + HONEST_SLOPE]! * quality;
    return expected < 0 ? 0 : expected > 1 ? 1 : expected;
  }
}
