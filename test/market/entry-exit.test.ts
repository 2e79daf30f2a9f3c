/**
 * Entry and exit (issue 18) on a small deterministic market: constant
 * service times, rented machines with no power (so a node's cost is its
 * rent over its time in the market), a pool whose rank weights are all
 * equal (so each inference node that scored in an epoch is paid exactly
 * half the emission ÷ the scorers) and a constant token price. Every
 * figure below is computed by hand from those numbers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EpochClock } from '../../sim/market/epoch-clock.js';
import { nodeColumnsOf } from '../../sim/results/run-files.js';
import type { NodeSummary, RunResult } from '../../sim/results/run-result.js';
import { CLI, FIXTURES, runText } from '../helpers.js';

/**
 * Two inference nodes in from the start: `cheap` rents at 0.36 USD/h (0.01 USD an epoch of 100 s), `dear` at
 * 36 USD/h (1 USD an epoch). Each is paid 2 × 0.5 ÷ 2 = 0.5 USD an epoch while both score, so dear loses 0.5
 * USD an epoch. A candidate on the cheap tier expects the inference half of the emission shared with one more
 * node, less its rent: 1/3 − 0.01 with both in (× 4 epochs − 1.5 entry cost = −0.21: it stays out), 1/2 − 0.01
 * once dear has gone (× 4 − 1.5 = 0.46: it joins).
 */
const marketText = (economics: string, extraInference = '') => `
name: entry-exit
seed: 3
profile: ../profiles/hardware.yaml
demand: { mode: poisson, ratePerSecond: 1 }
stop: { timeSeconds: 1000 }
analysis: { warmup: none }
hardware:
  cheap: { relativeSpeed: 1, costUsdPerHour: 0.36 }
  dear: { relativeSpeed: 1, costUsdPerHour: 36 }
network:
  inference:
    - { name: cheap, model: fixed, count: 1, hardware: cheap }
    - { name: dear, model: fixed, count: 1, hardware: dear }
${extraInference}
  evaluators:
    - { model: judge, count: 3, hardware: cheap }
mechanism:
  evaluatorsPerRound: 3
  rewards:
    pool: { emissionPerEpoch: 2, epochSeconds: 100, split: { rank: { weights: [1, 1, 1, 1] } }, inferenceShare: 0.5 }
economics:
  tokenPriceUsd: 1
${economics}
output:
  timeseries: { intervalSeconds: 100 }
`;

const CANDIDATE = '    - { name: newcomer, model: fixed, count: 1, hardware: cheap, candidate: true }';
const node = (result: RunResult, id: string): NodeSummary => result.nodes.find((n) => n.id === id)!;

describe('exit after a sustained loss', () => {
  it('a node that cannot cover its rent leaves at the end of the lossEpochs-th losing epoch, and one that can stays', () => {
    for (const lossEpochs of [1, 2, 3]) {
      const result = runText(marketText(`  exit: { lossEpochs: ${lossEpochs} }`));
      expect(node(result, 'dear-0').leftAtMs).toBe(lossEpochs * 100_000);
      expect(node(result, 'cheap-0').leftAtMs).toBeNull();
      // Its machine is paid for while it is in the market: 1 USD an epoch.
      expect(node(result, 'dear-0').hardwareCost!.hardwareCostUsd).toBeCloseTo(lossEpochs, 9);
      expect(result.entryExit).toEqual({ joins: 0, exits: 1, inferenceInMarketAtEnd: 1, evaluatorsInMarketAtEnd: 3 });
    }
  });

  it('a loss within the tolerance does not count, and the last node of a role never leaves', () => {
    expect(node(runText(marketText('  exit: { lossEpochs: 1, toleranceUsd: 0.6 }')), 'dear-0').leftAtMs).toBeNull();
    // Both on the dear tier, both lose: the first in node order leaves, the last inference node stays.
    const both = runText(marketText('  exit: { lossEpochs: 2 }').replace('count: 1, hardware: cheap }', 'count: 1, hardware: dear }'));
    expect(node(both, 'cheap-0').leftAtMs).toBe(200_000);
    expect(both.nodes.filter((n) => n.role === 'inference' && n.leftAtMs === null)).toHaveLength(1);
    expect(both.entryExit!.inferenceInMarketAtEnd).toBe(1);
  });
});

describe('entry when it pays', () => {
  const result = runText(marketText('  entry: { horizonEpochs: 4, entryCostUsd: 1.5 }\n  exit: { lossEpochs: 3 }', CANDIDATE));

  it('the candidate stays out while its expected profit does not cover the entry cost, and joins the epoch the dear node leaves', () => {
    expect(node(result, 'dear-0').leftAtMs).toBe(300_000);
    expect(node(result, 'newcomer-0').joinedAtMs).toBe(300_000);
    expect(node(result, 'cheap-0').joinedAtMs).toBe(0);
    expect(result.entryExit).toEqual({ joins: 1, exits: 1, inferenceInMarketAtEnd: 2, evaluatorsInMarketAtEnd: 3 });
  });

  it('pays the entry cost and its rent only from joining: 1.5 + 0.0001 USD/s × 700 s', () => {
    const newcomer = node(result, 'newcomer-0');
    expect(newcomer.hardwareCost!.hardwareCostUsd).toBeCloseTo(0.07, 12);
    expect(newcomer.money!.operatingCostUsd).toBeCloseTo(1.57, 12);
    expect(newcomer.rounds).toBeGreaterThan(0);
  });

  it('joins delayEpochs later, and not at all when the threshold is out of reach', () => {
    const delayed = runText(
      marketText('  entry: { horizonEpochs: 4, entryCostUsd: 1.5, delayEpochs: 2 }\n  exit: { lossEpochs: 3 }', CANDIDATE),
    );
    expect(node(delayed, 'newcomer-0').joinedAtMs).toBe(500_000);
    const never = runText(marketText('  entry: { horizonEpochs: 4, thresholdUsd: 100 }\n  exit: { lossEpochs: 3 }', CANDIDATE));
    expect(node(never, 'newcomer-0').joinedAtMs).toBeNull();
    expect(node(never, 'newcomer-0').rounds).toBe(0);
    expect(node(never, 'newcomer-0').money!.operatingCostUsd).toBe(0);
  });

  it('counts the nodes in the market per group at each sample: the composition over epochs', () => {
    const series = result.timeseries!.series.find(
      (s) => s.level === 'population' && s.group === 'newcomer' && s.metric === 'active_nodes',
    )!;
    const dear = result.timeseries!.series.find((s) => s.level === 'population' && s.group === 'dear' && s.metric === 'active_nodes')!;
    expect(series.values).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(dear.values).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const price = result.timeseries!.series.find((s) => s.level === 'run' && s.metric === 'token_price_usd')!;
    expect(price.values).toEqual(Array(10).fill(1));
    // The network's cost and revenue per epoch add up to the run's.
    const total = (metric: string) =>
      result.timeseries!.series.find((s) => s.level === 'run' && s.metric === metric)!.values.reduce((a, b) => a + b, 0);
    expect(total('true_cost_usd')).toBeCloseTo(
      result.nodes.reduce((s, n) => s + n.totalTrueCostUsd, 0),
      9,
    );
    expect(total('revenue_usd')).toBeCloseTo(
      result.nodes.reduce((s, n) => s + n.money!.revenueUsd, 0),
      9,
    );
  });

  it('prices the network: its operating cost, idle machines included, and the true quality it delivered per USD of it', () => {
    const inference = result.nodes.filter((n) => n.role === 'inference');
    const operating = result.nodes.reduce((s, n) => s + n.money!.operatingCostUsd, 0);
    const quality = inference.reduce((s, n) => s + n.meanTrueQuality! * n.rounds, 0);
    expect(result.money!.operatingCostUsd).toBeCloseTo(operating, 12);
    expect(result.money!.qualityPerOperatingUsd).toBeCloseTo(quality / operating, 9);
  });

  it('summarizes joins, exits and survival per population', () => {
    const newcomer = result.populations.find((p) => p.population === 'newcomer')!;
    const dear = result.populations.find((p) => p.population === 'dear')!;
    expect([newcomer.joined, newcomer.left, newcomer.inMarketAtEnd, newcomer.survival]).toEqual([1, 0, 1, 1]);
    expect([dear.joined, dear.left, dear.inMarketAtEnd, dear.survival]).toEqual([0, 1, 0, 0]);
    // The token price when it left, and none for a population none of whose nodes left.
    expect(node(result, 'dear-0').leftAtPriceUsd).toBe(1);
    expect(dear.meanExitPriceUsd).toBe(1);
    expect(newcomer.meanExitPriceUsd).toBeNaN();
  });
});

describe('entry and exit leave the rest of the market alone', () => {
  it('a candidate that never joins changes nobody’s draws or pay: every other node’s results are as without it', () => {
    const strip = (r: RunResult) =>
      JSON.stringify(
        r.nodes.filter((n) => n.population !== 'newcomer'),
        (key, value: unknown) => (key === 'joinedAtMs' || key === 'leftAtMs' ? undefined : value),
      );
    const without = runText(marketText('  exit: { lossEpochs: 3 }'));
    const never = runText(marketText('  entry: { horizonEpochs: 4, thresholdUsd: 100 }\n  exit: { lossEpochs: 3 }', CANDIDATE));
    expect(strip(never) === strip(without)).toBe(true);
  });

  it('writes its columns only when declared', () => {
    const columns = (r: RunResult) => nodeColumnsOf(r).map((c) => c.name);
    expect(columns(runText(marketText('  exit: { lossEpochs: 3 }')))).toEqual(expect.arrayContaining(['joined_at_s', 'left_at_s']));
    const plain = runText(marketText(''));
    expect(columns(plain)).not.toContain('joined_at_s');
    expect(plain.entryExit).toBeUndefined();
    expect(plain.timeseries!.series.some((s) => s.metric === 'active_nodes')).toBe(false);
  });
});

describe('the epoch clock', () => {
  it('ends an epoch at the first event after its end, every empty one in between, and the last one pro rata at the close', () => {
    const ended: Array<[number, number, number]> = [];
    const clock = new EpochClock(100, [{ epochEnded: (endMs, epoch, fraction) => ended.push([endMs, epoch, fraction]) }]);
    clock.advance(100);
    expect(ended).toEqual([]);
    clock.advance(100.5);
    clock.advance(350);
    clock.finish(375);
    expect(ended).toEqual([
      [100, 0, 1],
      [200, 1, 1],
      [300, 2, 1],
      [375, 3, 0.75],
    ]);
  });
});

describe('bad entry and exit are refused in one located line, exit 2', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['a candidate without entry', '  exit: { lossEpochs: 3 }', CANDIDATE, /network\.inference\[2\]\.candidate.*economics\.entry/],
    ['no epoch', '  exit: { lossEpochs: 3 }', '', /economics\.epochSeconds.*epoch/],
    ['two epoch lengths', '  epochSeconds: 50\n  exit: { lossEpochs: 3 }', '', /economics\.epochSeconds.*differs/],
    ['a zero horizon', '  entry: { horizonEpochs: 0 }', CANDIDATE, /economics\.entry\.horizonEpochs/],
  ];
  it.each(cases)('%s', (_label, economics, extra, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-entry-bad-'));
    const file = join(dir, 'entry.yaml');
    let text = marketText(economics, extra).replace('../profiles/hardware.yaml', join(FIXTURES, 'profiles', 'hardware.yaml'));
    if (_label === 'no epoch') text = text.replace(/ {2}rewards:\n {4}pool: .*\n/, '');
    writeFileSync(file, text);
    const check = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    expect(check.stderr.trim().split('\n')).toHaveLength(1);
    expect(check.stderr.trim()).toMatch(expected);
    expect(check.status).toBe(2);
  });
});
