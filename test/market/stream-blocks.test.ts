/**
 * The stream-block layout: each node's honest streams lie in its own block,
 * its audit stream first when audits are on, and loading them ahead of use
 * changes no draw.
 */
import { describe, expect, it } from 'vitest';
import { StreamBlocks } from '../../sim/market/stream-blocks.js';
import { StreamBank } from '../../sim/random/streams.js';

const nodes = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

/** Builds three nodes' streams into blocks as the market's builder does: latency, then score, then a behaviour's. */
function layout(auditFirst: boolean) {
  const bank = new StreamBank(11);
  bank.stream('demand', 'arrivals');
  const blocks = new StreamBlocks(bank, nodes.length, auditFirst);
  const streams = blocks.fill(nodes, (i) => ({
    latency: bank.stream(nodes[i]!.id, 'latency'),
    score: bank.stream(nodes[i]!.id, 'score'),
    behaviour: bank.stream(nodes[i]!.id, 'behaviour'),
  }));
  return { bank, blocks, streams, audit: nodes.map((node) => bank.stream(node.id, 'audit')) };
}

const draws = (bank: StreamBank, stream: number) => Array.from({ length: 5 }, () => bank.uniform(stream));

describe('StreamBlocks', () => {
  it('gives each node a block of its audit, latency and score streams, and puts other streams after the blocks', () => {
    const { streams, audit } = layout(true);
    expect(audit).toEqual([1, 4, 7]);
    expect(streams.map((s) => [s.latency, s.score])).toEqual([
      [2, 3],
      [5, 6],
      [8, 9],
    ]);
    expect(streams.map((s) => s.behaviour)).toEqual([10, 11, 12]);
  });

  it('leaves the audit stream out of the blocks when audits are off', () => {
    const { streams, audit } = layout(false);
    expect(streams.map((s) => [s.latency, s.score])).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(audit).toEqual([10, 11, 12]);
  });

  it('loads a node’s states without drawing from them', () => {
    const touched = layout(true);
    const untouched = layout(true);
    for (let node = 0; node < nodes.length; node++) {
      expect(Number.isFinite(touched.blocks.touchDraws(node) + touched.blocks.touchAudit(node))).toBe(true);
    }
    for (let node = 0; node < nodes.length; node++) {
      for (const purpose of ['latency', 'score'] as const) {
        expect(draws(touched.bank, touched.streams[node]![purpose])).toEqual(draws(untouched.bank, untouched.streams[node]![purpose]));
      }
      expect(draws(touched.bank, touched.audit[node]!)).toEqual(draws(untouched.bank, untouched.audit[node]!));
    }
  });
});
