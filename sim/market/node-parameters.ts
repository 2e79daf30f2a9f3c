/**
 * The per-node constants the market reads on every request (its physical
 * server, cost rate, expected cost, audit stream, for evaluators the honest
 * calibration line, where its generator states lie, whether it has
 * behaviours, and what a node without behaviours draws from), one 16-slot
 * record (two cache lines) per node.
 * Built once from the market's set-up; with 100,000 nodes one array per
 * constant would cost a cache miss per constant at every request.
 */

import type { StreamBank } from '../random/streams.js';

const STRIDE = 16;
const SERVER = 0;
const COST_USD_PER_MS = 1;
const EXPECTED_COST_USD = 2;
const AUDIT_STREAM = 3;
const HONEST_INTERCEPT = 4;
const HONEST_SLOPE = 5;
const FIRST_STREAM = 6;
/** Two small integers in one slot: stream count · 2 + (1 if plain). */
const STREAM_COUNT_AND_PLAIN = 7;
const HONEST_MODEL = 8;
const SPEED_FACTOR = 9;
const LATENCY_STREAM = 10;
const DRAW_STREAM = 11;

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
  /** Each node's generator states are the bank's streams [firstStream, firstStream + streamCount): loaded ahead of use. */
  readonly firstStream: Int32Array;
  readonly streamCount: Int32Array;
  /** 1 for a node without behaviours (it reports its true cost and ignores feedback), else 0. */
  readonly plain: Uint8Array;
  /**
   * What the node's honest core draws from: its model (an index into the
   * class's honest models), its hardware's latency multiplier, its latency
   * stream and its quality (F) or score (M) stream. The market draws from
   * them directly for plain nodes.
   */
  readonly honestModel: Int32Array;
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
      this.records[at + FIRST_STREAM] = columns.firstStream[node]!;
      this.records[at + STREAM_COUNT_AND_PLAIN] = columns.streamCount[node]! * 2 + (columns.plain[node] === 1 ? 1 : 0);
      this.records[at + HONEST_MODEL] = columns.honestModel[node]!;
      this.records[at + SPEED_FACTOR] = columns.speedFactor[node]!;
      this.records[at + LATENCY_STREAM] = columns.latencyStream[node]!;
      this.records[at + DRAW_STREAM] = columns.drawStream[node]!;
    }
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
  /** True for a node without behaviours: it reports its true cost and ignores feedback. */
  plain(node: number): boolean {
    return (this.records[node * STRIDE + STREAM_COUNT_AND_PLAIN]! & 1) === 1;
  }
  honestModel(node: number): number {
    return this.records[node * STRIDE + HONEST_MODEL]!;
  }
  speedFactor(node: number): number {
    return this.records[node * STRIDE + SPEED_FACTOR]!;
  }
  latencyStream(node: number): number {
    return this.records[node * STRIDE + LATENCY_STREAM]!;
  }
  /** The quality (F) or score (M) stream of the node's honest core. */
  drawStream(node: number): number {
    return this.records[node * STRIDE + DRAW_STREAM]!;
  }
  /**
   * Loads what dispatching a job to the node reads: its record and the
   * generator states its behaviours draw from (every stream but the audit
   * stream). See StreamBank.touch; returns a meaningless small integer.
   */
  touchForDispatch(node: number, bank: StreamBank): number {
    const at = node * STRIDE;
    const first = this.records[at + FIRST_STREAM]!;
    const end = first + (this.records[at + STREAM_COUNT_AND_PLAIN]! >> 1);
    const audit = this.records[at + AUDIT_STREAM]!;
    let loaded = this.records[at + DRAW_STREAM]! | 0;
    for (let stream = first; stream < end; stream++) if (stream !== audit) loaded = (loaded + bank.touch(stream)) | 0;
    return loaded;
  }
  /** Loads what settling the node's part of a round reads: its record and its audit stream (when audits are on). */
  touchForSettlement(node: number, bank: StreamBank): number {
    const audit = this.records[node * STRIDE + AUDIT_STREAM]!;
    return audit < 0 ? 0 : bank.touch(audit);
  }
  /** What the evaluator would score in expectation for an answer of `quality` if it were honest, on [0, 1]. */
  honestExpectedScore(node: number, quality: number): number {
    const at = node * STRIDE;
    const expected = this.records[at + HONEST_INTERCEPT]! + this.records[at + HONEST_SLOPE]! * quality;
    return expected < 0 ? 0 : expected > 1 ? 1 : expected;
  }
}
