/**
 * Where a role's nodes' generator states lie in the stream bank: one block
 * of consecutive streams per node, node i's at first + i · size, sized for
 * an honest node's streams (its audit stream when audits are on, then its
 * latency stream and its quality or score stream). The market can then find
 * a node's states from its index alone and load them ahead of use (see
 * Preloader) without first loading anything else. Streams a node's
 * behaviours register beyond its block go to the end of the bank and are
 * not loaded ahead.
 *
 * Layout only: a stream's draws depend on its key, never on where its state
 * lies. This module is the one place that decides it.
 */
import type { StreamBank } from '../random/streams.js';

/** An honest node's streams after its audit stream: its latency stream, then its quality (inference node) or score (evaluator node) stream. */
const DRAW_STREAMS = 2;

export class StreamBlocks {
  private readonly first: number;
  private readonly size: number;

  /**
   * Reserves a block for each of `count` nodes.
   *
   * @param auditFirst  whether each block starts with the node's audit
   *                    stream (audits are on), which only settlement draws from
   */
  constructor(
    private readonly bank: StreamBank,
    count: number,
    private readonly auditFirst: boolean,
  ) {
    this.size = (auditFirst ? 1 : 0) + DRAW_STREAMS;
    this.first = bank.reserveBlocks(count, this.size);
  }

  /**
   * Builds each node's agent with the streams it registers (from
   * `build`) filling its block, its audit stream first. `build` registers
   * the latency stream and then the quality or score stream.
   */
  fill<A>(nodes: readonly { readonly id: string }[], build: (node: number) => A): A[] {
    const bank = this.bank;
    return nodes.map((node, i) => {
      bank.openBlock(this.first + i * this.size, this.size);
      try {
        if (this.auditFirst) bank.stream(node.id, 'audit');
        return build(i);
      } finally {
        bank.closeBlock();
      }
    });
  }

  /** Loads the states of the streams the node draws from when it serves or evaluates (all but the audit stream). */
  touchDraws(node: number): number {
    const latency = this.first + node * this.size + (this.auditFirst ? 1 : 0);
    return this.bank.touch(latency) + this.bank.touch(latency + 1); // the DRAW_STREAMS
  }

  /** Loads the state of the node's audit stream, which settlement draws from (nothing when audits are off). */
  touchAudit(node: number): number {
    return this.auditFirst ? this.bank.touch(this.first + node * this.size) : 0;
  }
}
