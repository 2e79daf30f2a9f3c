/**
 * Loads the node records a phase of a request will read before it reads
 * them, so that their cache misses overlap instead of following one another.
 *
 * With many nodes every record a request touches is a cache miss, and a
 * request touches four random nodes. Issued one after another as the code
 * needs them, the misses add up; issued together they overlap. JavaScript
 * has no prefetch instruction, so these are plain loads, added up and kept
 * only so that they are not optimized away. Every address is computed from
 * a node's index alone (its generator states lie in its stream block, its
 * server is guessed to be itself), so no load waits for another, and the
 * code between the loads is kept short, so that the processor can have them
 * all in flight at once.
 *
 * Each record's owner says which of its lines to load (its `touch`
 * methods); which records each phase reads is decided here. Nothing here
 * changes what the market computes.
 */
import type { RequestTable } from './request-table.js';
import type { Role } from './role.js';

/** What dispatching work to `node` reads: its parameters, its server and the streams it draws from. */
function dispatchLoads(role: Role, node: number): number {
  return role.parameters.touchDispatch(node) + role.servers.touch(node) + role.streamBlocks.touchDraws(node);
}

/** What settling a round reads of `node`: its parameters, the ledger lines a settlement updates, reputation and audit stream. */
function settlementLoads(role: Role, node: number): number {
  return role.parameters.touchSettlement(node) + role.ledger.touch(node) + role.reputation.touch(node) + role.streamBlocks.touchAudit(node);
}

export class Preloader {
  /** Sum (as a small integer) of the values loaded; meaningless, kept so the loads are not optimized away. */
  loaded = 0;

  constructor(
    private readonly requests: RequestTable,
    private readonly inference: Role,
    private readonly evaluators: Role,
  ) {}

  /** What dispatching a request to inference node `node` reads. */
  inferenceDispatch(node: number): void {
    this.loaded = (this.loaded + (dispatchLoads(this.inference, node) | 0)) | 0;
  }

  /** The same for the evaluators ids[base, base + k) a round's jobs are dispatched to. */
  evaluatorDispatch(ids: Int32Array, base: number, k: number): void {
    const evaluators = this.evaluators;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += dispatchLoads(evaluators, ids[base + j]!);
    this.loaded = (this.loaded + (sum | 0)) | 0;
  }

  /** What settling request `slot` reads of its own records, before the node ids read from them are used. */
  settledRequest(slot: number): void {
    this.loaded = (this.loaded + (this.requests.touch(slot) | 0)) | 0;
  }

  /** What settling a round reads of its inference node and of its evaluators ids[base, base + k). */
  settlement(node: number, ids: Int32Array, base: number, k: number): void {
    const evaluators = this.evaluators;
    let sum = settlementLoads(this.inference, node);
    for (let j = 0; j < k; j++) sum += settlementLoads(evaluators, ids[base + j]!);
    this.loaded = (this.loaded + (sum | 0)) | 0;
  }
}
