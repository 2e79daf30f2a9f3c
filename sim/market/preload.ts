/**
 * Loads the node records a phase of a request will read before it reads
 * them, so that their cache misses overlap instead of following one another.
 *
 * With 100,000 nodes every record a request touches is a cache miss (about
 * 150 ns on the benchmark machine), and a request touches four random
 * nodes. Issued one after another as the code needs them, the misses add up;
 * issued together they overlap. JavaScript has no prefetch instruction, so
 * these are plain loads, added up and kept only so that they are not
 * optimized away. Every address is computed from a node's index alone (its
 * generator states lie in its stream block, its server is guessed to be
 * itself), so no load waits for another, and the code between the loads is
 * kept short, so that the processor can have them all in flight at once:
 * the same loads issued call by call through each record's class cost
 * 3–5% (settlement) and 9–20% (dispatch) more loop CPU time in paired runs
 * at 100,000 nodes.
 *
 * Nothing here changes what the market computes.
 */
import type { Reputation } from '../mechanism/reputation.js';
import { REPUTATION_STRIDE } from '../mechanism/reputation.js';
import { STREAM_STRIDE, type StreamBank } from '../random/streams.js';
import { LEDGER_HOT_SLOTS, LEDGER_STRIDE, type NodeLedger } from './ledger.js';
import { DISPATCH_SLOTS, NODE_PARAMETER_STRIDE, type NodeParameters, SETTLEMENT_SLOTS } from './node-parameters.js';
import { JOB_RECORD_STRIDE, REQUEST_STRIDE, type RequestTable } from './request-table.js';
import type { ServerTimelines } from './server-timelines.js';

/** The records one role's nodes keep. */
export interface RoleRecords {
  readonly parameters: NodeParameters;
  readonly servers: ServerTimelines;
  readonly ledger: NodeLedger;
  readonly reputation: Reputation;
}

/**
 * Doubles per cache line. A typed array starts 16 bytes past a line boundary
 * (the C library's allocation header), so a 64-byte record spans two lines:
 * the loads below read a slot in every line a range of slots can touch
 * (both ends, and every LINE_SLOTS in between).
 */
const LINE_SLOTS = 8;

/** One role's arrays and stream layout, held directly so that the loads need no lookups between them. */
class RoleMemory {
  readonly parameters: Float64Array;
  readonly freeAt: Float64Array;
  readonly ledger: Float64Array;
  readonly reputation: Float64Array;
  readonly firstStream: number;
  readonly blockSize: number;
  /** The block opens with the audit stream when audits are on: dispatch skips it, settlement loads only it. */
  readonly auditFirst: boolean;
  private readonly servers: ServerTimelines;

  constructor(records: RoleRecords) {
    this.parameters = records.parameters.records;
    this.freeAt = records.servers.freeAt;
    this.ledger = records.ledger.records;
    this.reputation = records.reputation.records;
    this.firstStream = records.parameters.streamBlocks.first;
    this.blockSize = records.parameters.streamBlocks.size;
    this.auditFirst = records.parameters.streamBlocks.auditFirst;
    this.servers = records.servers;
  }

  dispatchLoads(states: Float64Array, node: number): number {
    const parameters = this.parameters;
    const at = node * NODE_PARAMETER_STRIDE;
    const first = this.firstStream + node * this.blockSize;
    const end = first + this.blockSize;
    let sum =
      parameters[at]! + parameters[at + LINE_SLOTS]! + parameters[at + DISPATCH_SLOTS - 1]! + this.freeAt[this.servers.firstSlot(node)]!;
    for (let stream = this.auditFirst ? first + 1 : first; stream < end; stream++) sum += states[stream * STREAM_STRIDE]!;
    return sum;
  }

  settlementLoads(states: Float64Array, node: number): number {
    const ledger = this.ledger;
    const ledgerAt = node * LEDGER_STRIDE;
    const at = node * NODE_PARAMETER_STRIDE;
    const sum =
      this.parameters[at]! +
      this.parameters[at + SETTLEMENT_SLOTS - 1]! +
      ledger[ledgerAt]! +
      ledger[ledgerAt + LINE_SLOTS]! +
      ledger[ledgerAt + LEDGER_HOT_SLOTS - 1]! +
      this.reputation[node * REPUTATION_STRIDE]!;
    return this.auditFirst ? sum + states[(this.firstStream + node * this.blockSize) * STREAM_STRIDE]! : sum;
  }
}

export class Preloader {
  /** Sum (as a small integer) of the values loaded; meaningless, kept so the loads are not optimized away. */
  loaded = 0;
  private readonly inference: RoleMemory;
  private readonly evaluators: RoleMemory;

  constructor(
    private readonly bank: StreamBank,
    private readonly requests: RequestTable,
    inference: RoleRecords,
    evaluators: RoleRecords,
  ) {
    this.inference = new RoleMemory(inference);
    this.evaluators = new RoleMemory(evaluators);
  }

  /** What dispatching a request to F node `node` reads: its parameters, its server and the streams it draws from. */
  inferenceDispatch(node: number): void {
    this.loaded = (this.loaded + (this.inference.dispatchLoads(this.bank.states, node) | 0)) | 0;
  }

  /** The same for the evaluators ids[base, base + k) a round's jobs are dispatched to. */
  evaluatorDispatch(ids: Int32Array, base: number, k: number): void {
    const states = this.bank.states;
    const evaluators = this.evaluators;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += evaluators.dispatchLoads(states, ids[base + j]!);
    this.loaded = (this.loaded + (sum | 0)) | 0;
  }

  /**
   * What settling request `slot` reads of its own records: its fields, its
   * jobs' evaluators, scores and timings, four arrays whose misses overlap
   * when loaded together, before the node ids read from them are used.
   */
  settledRequest(slot: number): void {
    const requests = this.requests;
    const k = requests.k;
    const base = slot * k;
    const at = slot * REQUEST_STRIDE;
    const records = requests.records;
    const jobs = requests.jobRecords;
    const jobsEnd = (base + k) * JOB_RECORD_STRIDE - 1;
    let sum = records[at]! + records[at + REQUEST_STRIDE - 1]! + requests.jobEvaluator[base]! + requests.jobEvaluator[base + k - 1]!;
    sum += requests.jobScore[base]! + requests.jobScore[base + k - 1]!;
    for (let job = base * JOB_RECORD_STRIDE; job < jobsEnd; job += LINE_SLOTS) sum += jobs[job]!;
    sum += jobs[jobsEnd]!;
    this.loaded = (this.loaded + (sum | 0)) | 0;
  }

  /**
   * What settling a round reads of its F node and of its evaluators
   * ids[base, base + k): parameters, the ledger lines a settlement updates,
   * reputation and audit stream.
   */
  settlement(node: number, ids: Int32Array, base: number, k: number): void {
    const states = this.bank.states;
    const evaluators = this.evaluators;
    let sum = this.inference.settlementLoads(states, node);
    for (let j = 0; j < k; j++) sum += evaluators.settlementLoads(states, ids[base + j]!);
    this.loaded = (this.loaded + (sum | 0)) | 0;
  }
}
