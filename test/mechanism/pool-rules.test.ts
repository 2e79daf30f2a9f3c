/**
 * Pool rules: each split's shares sum to the emission, the softmax's limits,
 * rank weights by hand, a small market's epoch payouts rebuilt by hand from
 * its settlements, and no change at all without a pool.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PoolSplit, splitEmission } from '../../sim/mechanism/pool-rules.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { CLI, FIXTURES, resolveText, runText } from '../helpers.js';
import { network } from '../network.js';

/** The shares `split` gives nodes of `scores` (all of them members), summing to `amount`. */
function shares(split: PoolSplit, scores: number[], amount = 1): number[] {
  const n = scores.length;
  const out = new Float64Array(n);
  splitEmission(split, Float64Array.from(scores), Int32Array.from(scores.keys()), n, amount, out, new Int32Array(n));
  return Array.from(out);
}

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe('splits of an emission, by hand', () => {
  const scores = [3.5, -1.25, 0, 7, 0.4, 2.2, -0.3];
  const splits: PoolSplit[] = [
    'proportional',
    { softmax: { temperature: 0.7 } },
    { softmax: { temperature: 1e-3 } },
    { softmax: { temperature: 1e6 } },
    { rank: { weights: [5, 3, 1] } },
    { rank: { weights: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] } },
  ];

  it('each split’s shares sum to the emission, to 1e-12', () => {
    for (const split of splits) {
      for (const amount of [1, 1000, 0.37]) expect(Math.abs(sum(shares(split, scores, amount)) - amount)).toBeLessThan(1e-12 * amount);
    }
  });

  it('proportional: scores floored at 0; all at or below 0, equal shares', () => {
    const s = shares('proportional', [3, -2, 1], 8);
    expect(s).toEqual([6, 0, 2]);
    expect(shares('proportional', [0, -1, -5, 0], 8)).toEqual([2, 2, 2, 2]);
  });

  it('softmax: shares ∝ exp(s / T); T → ∞ gives equal shares, T → 0 all to the top scorer', () => {
    const s = shares({ softmax: { temperature: 2 } }, [1, 3], 1);
    expect(s[1]! / s[0]!).toBeCloseTo(Math.exp(1), 12);
    for (const x of shares({ softmax: { temperature: 1e12 } }, scores, 7)) expect(x).toBeCloseTo(1, 9);
    const cold = shares({ softmax: { temperature: 1e-6 } }, scores, 7);
    expect(cold[3]).toBe(7);
    expect(sum(cold) - cold[3]!).toBe(0);
    // Tied at the top, they share: exp(0) each.
    expect(shares({ softmax: { temperature: 1e-9 } }, [2, 5, 5, 1], 1)).toEqual([0, 0.5, 0.5, 0]);
    // Large scores do not overflow: the weights are shifted by the top score.
    expect(shares({ softmax: { temperature: 1 } }, [1000, 1000], 2)).toEqual([1, 1]);
  });

  it('rank: the r-th best gets weights[r], 0 past the list, scaled over the ranks present; ties by node order', () => {
    // Ranks: node 3 (7), 0 (3.5), 5 (2.2), then the rest get 0; weights 5, 3, 1 of 9.
    const s = shares({ rank: { weights: [5, 3, 1] } }, scores, 9);
    expect(s).toEqual([3, 0, 0, 5, 0, 1, 0]);
    // Two scorers, three weights: 5 and 3 scaled to the emission.
    expect(shares({ rank: { weights: [5, 3, 1] } }, [1, 2], 8)).toEqual([3, 5]);
    // A tie ranks the lower node first.
    expect(shares({ rank: { weights: [2, 1] } }, [4, 4], 3)).toEqual([2, 1]);
  });
});

/** One inference node and three evaluators of the hardware profile: ten rounds in 6 s (test/market/money.test.ts). */
const handMarket = (pool: string, economics = '') => `
name: pool
seed: 3
profile: ../profiles/hardware.yaml
stop: { requests: 10 }
analysis: { warmup: none }
hardware:
  mine: { relativeSpeed: 2, costUsdPerHour: 1 }
  evalhw: { relativeSpeed: 1, costUsdPerHour: 0.36 }
network:
  inference:
    - { model: fixed, count: 1, hardware: mine }
  evaluators:
    - { model: judge, count: 3, hardware: evalhw }
mechanism:
  evaluatorsPerRound: 3
  rewards: { pool: ${pool} }
${economics}`;

interface Paid {
  readonly timeMs: number;
  readonly node: number;
  readonly isInference: boolean;
  readonly reward: number;
}

/** Runs the market and records every round's rule value R, by node and time. */
function settledRounds(yaml: string) {
  const paid: Paid[] = [];
  const result = runScenario(resolveText(yaml), {
    observe: (market) =>
      market.settlements$.subscribe((s) => {
        paid.push({ timeMs: s.timeMs, node: s.inferenceNode, isInference: true, reward: s.inferenceReward });
        s.evaluators.forEach((e, j) => paid.push({ timeMs: s.timeMs, node: e, isInference: false, reward: s.evaluatorRewards[j]! }));
      }),
  });
  return { paid, result };
}

describe('a small market’s epoch payouts, by hand', () => {
  it('proportional within each role, the roles by their summed scores; the last partial epoch pro rata', () => {
    const { paid, result } = settledRounds(handMarket('{ emissionPerEpoch: 12, epochSeconds: 2.5, split: proportional }'));
    const endMs = result.virtualTimeMs;
    expect(endMs).toBeCloseTo(6000, 6); // the pool adds no event: the run ends with its last round
    const expected = new Map<string, number>();
    // Epochs (0, 2.5], (2.5, 5] and the partial (5, 6]: a round at an epoch's end is in it.
    for (const [from, to] of [
      [0, 2500],
      [2500, 5000],
      [5000, endMs],
    ] as const) {
      const rounds = paid.filter((p) => p.timeMs > from && p.timeMs <= to);
      const score = new Map<string, number>();
      for (const p of rounds) score.set(`${p.isInference}:${p.node}`, (score.get(`${p.isInference}:${p.node}`) ?? 0) + p.reward);
      const positive = (inference: boolean) =>
        [...score].filter(([k]) => k.startsWith(`${inference}:`)).reduce((s, [, v]) => s + Math.max(v, 0), 0);
      const amount = (12 * (to - from)) / 2500;
      for (const [key, s] of score) {
        const inference = key.startsWith('true:');
        const roleAmount = (amount * positive(inference)) / (positive(true) + positive(false));
        expected.set(key, (expected.get(key) ?? 0) + (roleAmount * Math.max(s, 0)) / positive(inference));
      }
    }
    const nodes = result.nodes;
    expect(nodes.find((n) => n.role === 'inference')!.poolPayout).toBeCloseTo(expected.get('true:0')!, 12);
    nodes.filter((n) => n.role === 'evaluator').forEach((n, i) => expect(n.poolPayout).toBeCloseTo(expected.get(`false:${i}`) ?? 0, 12));
    expect(result.pool!.emissionPaid).toBeCloseTo(12 * (endMs / 2500), 12);
    expect(result.pool!.epochs).toBe(3);
    expect(sum(nodes.map((n) => n.poolPayout!))).toBeCloseTo(result.pool!.emissionPaid, 12);
  });

  it('a declared inference share; rank within the evaluators; with economics, revenue is payouts × price', () => {
    const pool = '{ emissionPerEpoch: 10, epochSeconds: 3, split: { rank: { weights: [1] } }, inferenceShare: 0.25 }';
    const { result } = settledRounds(handMarket(pool, 'economics: { tokenPriceUsd: 2 }'));
    const nodes = result.nodes;
    const f = nodes.find((n) => n.role === 'inference')!;
    // Two full epochs (the run ends at 6 s): a quarter of each to the only inference node.
    expect(f.poolPayout).toBeCloseTo(5, 12);
    expect(f.money!.revenueUsd).toBeCloseTo(10, 12);
    // Weight [1]: each epoch's evaluator share (7.5) goes whole to its top scorer.
    const evaluatorPayouts = nodes.filter((n) => n.role === 'evaluator').map((n) => n.poolPayout!);
    expect(sum(evaluatorPayouts)).toBeCloseTo(15, 12);
    for (const x of evaluatorPayouts) expect([0, 7.5, 15].some((v) => Math.abs(x - v) < 1e-9)).toBe(true);
    expect(result.money!.tokensEmitted).toBeCloseTo(20, 12);
    expect(result.money!.tokensEmittedUsd).toBeCloseTo(40, 12);
  });

  it('network scope: one emission over both roles, shares summing to it', () => {
    const { result } = settledRounds(
      handMarket('{ emissionPerEpoch: 4, epochSeconds: 1, split: { softmax: { temperature: 0.1 } }, scope: network }'),
    );
    expect(result.pool!.emissionPaid).toBeCloseTo(24, 12);
    expect(sum(result.nodes.map((n) => n.poolPayout!))).toBeCloseTo(24, 12);
  });
});

describe('without a pool', () => {
  it('a run writes no pool field, and the same result as one declaring an empty rewards section', () => {
    const plain = runText(network({ rounds: 300 }));
    expect(plain.pool).toBeUndefined();
    expect(plain.nodes.every((n) => n.poolPayout === undefined)).toBe(true);
    expect(JSON.stringify(plain)).toBe(JSON.stringify(runText(network({ rounds: 300, mechanism: ['rewards: {}'] }))));
  });

  it('the CLI writes pool_payout into nodes.csv only with a pool, and refuses a bad split in one located line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pool-'));
    const write = (name: string, mechanism: string[]) => {
      const path = join(dir, `${name}.yaml`);
      writeFileSync(
        path,
        network({ rounds: 200, mechanism }).replace('../profiles/market.yaml', join(FIXTURES, 'profiles', 'market.yaml')),
      );
      return path;
    };
    const run = (path: string, out: string) =>
      spawnSync(process.execPath, [CLI, 'run', path, '--out', join(dir, out), '--no-report', '--quiet'], { encoding: 'utf8' });
    expect(run(write('plain', []), 'plain').status).toBe(0);
    expect(readFileSync(join(dir, 'plain', 'nodes.csv'), 'utf8')).not.toContain('pool_payout');
    expect(run(write('pool', ['rewards: { pool: { emissionPerEpoch: 5, epochSeconds: 1, split: proportional } }']), 'pool').status).toBe(0);
    expect(readFileSync(join(dir, 'pool', 'nodes.csv'), 'utf8').split('\n')[0]).toContain('pool_payout');
    const bad = run(
      write('bad', ['rewards: { pool: { emissionPerEpoch: 5, epochSeconds: 1, split: { softmax: { temperature: 0 } } } }']),
      'bad',
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/bad\.yaml:\d+:\d+.*mechanism\.rewards\.pool\.split/);
  });
});

describe('bad pool parameters', () => {
  const pool = (fields: string) => `rewards: { pool: { emissionPerEpoch: 5, epochSeconds: 1, split: proportional, ${fields} } }`;
  const cases: readonly (readonly [string, RegExp])[] = [
    [
      'rewards: { pool: { emissionPerEpoch: 5, epochSeconds: 1, split: { rank: { weights: [0, 1] } } } }',
      /pool\.yaml:\d+:\d+: mechanism\.rewards\.pool\.split\.rank\.weights: the first weight \(the top scorer’s\) must be > 0$/,
    ],
    [
      'rewards: { pool: { emissionPerEpoch: 5, epochSeconds: 0, split: proportional } }',
      /mechanism\.rewards\.pool\.epochSeconds: must be > 0, got 0$/,
    ],
    [pool('scope: all'), /mechanism\.rewards\.pool\.scope: expected one of "role", "network", got "all"$/],
    [pool('inferenceShare: 1.5'), /mechanism\.rewards\.pool\.inferenceShare: must be ≤ 1, got 1\.5$/],
  ];
  it.each(cases)('%s is refused in one located line, exit 2', (line, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-pool-bad-'));
    const file = join(dir, 'pool.yaml');
    writeFileSync(
      file,
      network({ rounds: 100, mechanism: [line] }).replace('../profiles/market.yaml', join(FIXTURES, 'profiles', 'market.yaml')),
    );
    const check = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    expect(check.status).toBe(2);
    expect(check.stderr.trim().split('\n')).toHaveLength(1);
    expect(check.stderr.trim()).toMatch(expected);
  });
});
