import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { buildRoleSetups } from '../../sim/run/build-market.js';
import { aleaHeadState, seedAleaParts } from '../../sim/random/alea-seed.js';
import { StreamBank, streamKey } from '../../sim/random/streams.js';
import { resolveText } from '../helpers.js';

function draws(bank: StreamBank, owner: string, purpose: string, n = 5): number[] {
  const stream = bank.stream(owner, purpose);
  return Array.from({ length: n }, () => bank.uniform(stream));
}

describe('StreamBank', () => {
  it('draws exactly what seedrandom’s alea draws for the stream key', () => {
    const reference = seedrandom.alea(streamKey(7, 0, 'node-1', 'latency'));
    const expected = Array.from({ length: 1000 }, () => reference());
    expect(draws(new StreamBank(7), 'node-1', 'latency', 1000)).toEqual(expected);
  });

  it('seeds every stream exactly as seedrandom’s alea does, whatever the key and wherever it is cut into parts', () => {
    const keys = ['', ' ', 'a', 'évaluateur-λ-7', '\u0000\uffff', 'x'.repeat(500)];
    for (let i = 0; i < 200; i++) keys.push(streamKey(i * 7919, i % 3, `node-${i}`, ['latency', 'quality', 'score'][i % 3]!));
    for (const key of keys) {
      const expected = seedrandom.alea(key, { state: true }).state() as unknown as Record<'s0' | 's1' | 's2' | 'c', number>;
      // Head, middle and tail as the bank hashes them, and cut at the ends and in the middle.
      const cuts = [
        [0, 0],
        [key.length, key.length],
        [0, key.length],
        [key.length >> 2, key.length >> 1],
      ];
      for (const [a, b] of cuts) {
        const head = key.slice(0, a);
        const state = new Float64Array(4);
        seedAleaParts(head, aleaHeadState(head), key.slice(a, b), key.slice(b), state, 0);
        expect(Array.from(state), `${key} cut at ${a}, ${b}`).toEqual([expected.s0, expected.s1, expected.s2, expected.c]);
      }
    }
  });

  it('gives the same draws for the same (seed, run, owner, purpose)', () => {
    expect(draws(new StreamBank(7), 'node-1', 'latency')).toEqual(draws(new StreamBank(7), 'node-1', 'latency'));
  });

  it('gives different draws when any part of the key changes', () => {
    const base = draws(new StreamBank(7, 0), 'node-1', 'latency');
    expect(draws(new StreamBank(8, 0), 'node-1', 'latency')).not.toEqual(base);
    expect(draws(new StreamBank(7, 1), 'node-1', 'latency')).not.toEqual(base);
    expect(draws(new StreamBank(7, 0), 'node-2', 'latency')).not.toEqual(base);
    expect(draws(new StreamBank(7, 0), 'node-1', 'quality')).not.toEqual(base);
  });

  it('does not depend on how many streams were created before, or on draws made from them', () => {
    const first = draws(new StreamBank(3), 'x', 'p');
    const busy = new StreamBank(3);
    for (let i = 0; i < 100; i++) draws(busy, `other-${i}`, 'p', 10);
    expect(draws(busy, 'x', 'p')).toEqual(first);
  });

  it('registers streams into an open block, then after every block once it is full, drawing the same either way', () => {
    const bank = new StreamBank(5);
    bank.stream('demand', 'arrivals');
    const first = bank.reserveBlocks(3, 2);
    expect(first).toBe(1);
    bank.openBlock(first + 2, 2);
    const inBlock = [bank.stream('node-1', 'latency'), bank.stream('node-1', 'score')];
    const overflow = bank.stream('node-1', 'behaviour');
    bank.closeBlock();
    const after = bank.stream('mechanism', 'routing');
    expect(inBlock).toEqual([3, 4]);
    expect(overflow).toBe(7);
    expect(after).toBe(8);
    const draws10 = (b: StreamBank, s: number) => Array.from({ length: 10 }, () => b.uniform(s));
    const reference = new StreamBank(5);
    expect(draws10(bank, inBlock[1]!)).toEqual(draws10(reference, reference.stream('node-1', 'score')));
    expect(draws10(bank, overflow)).toEqual(draws10(reference, reference.stream('node-1', 'behaviour')));
  });

  it('returns the same stream for the same key, so state is shared, not duplicated', () => {
    const bank = new StreamBank(1);
    expect(bank.stream('a', 'b')).toBe(bank.stream('a', 'b'));
    expect(bank.size).toBe(1);
  });

  it('gives standard normals with mean 0 and variance 1', () => {
    const bank = new StreamBank(9);
    const stream = bank.stream('n', 'n');
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 200_000; i++) {
      const z = bank.standardNormal(stream);
      sum += z;
      squares += z * z;
    }
    expect(Math.abs(sum / 200_000)).toBeLessThan(0.012);
    expect(Math.abs(squares / 200_000 - 1)).toBeLessThan(0.015);
  });
});

const scenario = (extraPopulation: string, reorder = false) => {
  const inference = ['- { model: llama-3.2-3b, count: 2 }', '- { model: qwen2-1.5b, count: 1 }'];
  if (reorder) inference.reverse();
  return `
name: streams
seed: 99
profile: paper-rtx4090
stop: { requests: 10 }
network:
  inference:
    ${[...inference, extraPopulation].filter(Boolean).join('\n    ')}
  evaluators:
    - { model: sts-distilroberta, count: 3 }
`;
};

/** The first draws of every agent, keyed by node id. */
function agentDraws(yaml: string): Map<string, number[]> {
  const resolved = resolveText(yaml);
  const { inference } = buildRoleSetups(resolved, new StreamBank(resolved.scenario.seed));
  const result = new Map<string, number[]>();
  resolved.inferenceNodes.forEach((node, i) => {
    const agent = inference.agents[i]!;
    result.set(node.id, [agent.serviceTimeMs(0), agent.answerQuality(0), agent.serviceTimeMs(1), agent.answerQuality(1)]);
  });
  return result;
}

describe('agent streams', () => {
  it('are unchanged when another agent is added or the populations are reordered', () => {
    const base = agentDraws(scenario(''));
    const withExtra = agentDraws(scenario('- { model: phi-3-mini, count: 4 }'));
    const reordered = agentDraws(scenario('', true));
    expect(withExtra.size).toBe(base.size + 4);
    for (const [id, values] of base) {
      expect(withExtra.get(id)).toEqual(values);
      expect(reordered.get(id)).toEqual(values);
    }
    // Different agents really do draw differently.
    expect(base.get('llama-3.2-3b-0')).not.toEqual(base.get('llama-3.2-3b-1'));
  });
});
