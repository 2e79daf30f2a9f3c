/**
 * Money (issue 18): rewards valued at the token price of their settlement,
 * each node's USD cost and profit, operators' sums, the network's books,
 * and the token price's geometric Brownian motion against its closed form.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TokenPrice, YEAR_MS } from '../../sim/market/token-price.js';
import { StreamBank } from '../../sim/random/streams.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { nodeColumnsOf, summaryFile } from '../../sim/results/run-files.js';
import type { RunResult } from '../../sim/results/run-result.js';
import { CLI, resolveText, runText } from '../helpers.js';
import { network } from '../network.js';
import { handMarket } from './hand-market.js';

/** Audits slash the misreporters, an operator runs an inference and an evaluator population. */
const market = (economics: string, mechanism: string[] = []) =>
  `${network({
    rounds: 800,
    inference: [
      '- { name: cheat, model: big, count: 2, behaviour: { kind: misreport-cost, factor: 0.5 } }',
      '- { name: acme-f, model: small, count: 2, operator: acme }',
    ],
    evaluators: ['- { name: acme-m, model: good, count: 2, operator: acme }'],
    mechanism: ['audits: { probability: 0.5, slash: 0.2 }', 'stake: { initial: 1000000 }', ...mechanism],
  })}${economics}`;

const sum = (values: readonly number[]) => values.reduce((s, x) => s + x, 0);

describe('money with a constant token price', () => {
  const result = runText(market('economics: { tokenPriceUsd: 2.5, feeUsdPerRequest: 0.004 }\n'));

  it('values each node’s rewards and slashed stake at the price, and costs it its true cost without hardware accounting', () => {
    expect(result.hardwareCosts).toBeUndefined();
    expect(result.nodes.some((n) => n.totalSlashed > 0)).toBe(true);
    for (const n of result.nodes) {
      const money = n.money!;
      expect(money.revenueUsd).toBeCloseTo(2.5 * n.totalReward, 9);
      expect(money.slashedUsd).toBeCloseTo(2.5 * n.totalSlashed, 9);
      expect(money.operatingCostUsd).toBe(n.totalTrueCostUsd);
      expect(money.profitUsd).toBeCloseTo(2.5 * (n.totalReward - n.totalSlashed) - n.totalTrueCostUsd, 9);
    }
  });

  it('sums nodes into groups, populations and operators, and keeps the network’s books', () => {
    const acme = result.nodes.filter((n) => n.operator === 'acme');
    const operator = result.operators.find((o) => o.operator === 'acme')!;
    expect(acme.length).toBe(4);
    expect(operator.profitUsd).toBeCloseTo(sum(acme.map((n) => n.money!.profitUsd)), 9);
    expect(operator.revenueUsd).toBeCloseTo(sum(acme.map((n) => n.money!.revenueUsd)), 9);
    const cheat = result.populations.find((p) => p.population === 'cheat')!;
    expect(cheat.slashedUsd).toBeCloseTo(sum(result.nodes.filter((n) => n.population === 'cheat').map((n) => n.money!.slashedUsd)), 9);
    const money = result.money!;
    expect(money.feesUsd).toBeCloseTo(0.004 * result.requestsSettled, 12);
    expect(money.tokensEmitted).toBeCloseTo(sum(result.nodes.map((n) => n.totalReward)), 9);
    expect(money.tokensEmittedUsd).toBeCloseTo(2.5 * money.tokensEmitted, 9);
    expect(money.networkProfitUsd).toBeCloseTo(money.feesUsd - money.tokensEmittedUsd + money.slashedUsd, 9);
    expect(money.nodesProfitUsd).toBeCloseTo(sum(result.nodes.map((n) => n.money!.profitUsd)), 9);
    expect(money.finalTokenPriceUsd).toBe(2.5);
  });

  it('writes its columns and fields only when declared', () => {
    expect(nodeColumnsOf(result).map((c) => c.name)).toEqual(expect.arrayContaining(['revenue_usd', 'operating_cost_usd', 'profit_usd']));
    const plain = runText(market(''));
    expect(nodeColumnsOf(plain).map((c) => c.name)).not.toContain('revenue_usd');
    const file = JSON.stringify(summaryFile(plain, resolveText(market(''))));
    for (const field of ['revenueUsd', 'profitUsd', '"money"', 'feesUsd']) expect(file).not.toContain(field);
  });

  it('changes nothing else: every other field of the run is as without `economics:` (the scenario’s hash aside)', () => {
    const money = ['scenarioHash', 'money', 'revenueUsd', 'operatingCostUsd', 'slashedUsd', 'profitUsd'];
    const strip = (r: RunResult) => JSON.stringify(r, (key, value: unknown) => (money.includes(key) ? undefined : value));
    const gbm = runText(market('economics: { tokenPriceUsd: { process: gbm, initial: 1, drift: 0.1, volatility: 2 } }\n'));
    // Compared as booleans: a failure would otherwise print two whole runs.
    expect(strip(result) === strip(runText(market('')))).toBe(true);
    expect(strip(gbm) === strip(result)).toBe(true);
  });
});

describe('money on a market computed by hand', () => {
  /** The hand-computed market of test/market/hardware-energy.test.ts (hand-market.ts), with money. */
  const yaml = (economics: string) => handMarket(`economics: ${economics}`);

  it('charges the node its whole run’s hardware and energy, and users ten fees', () => {
    const result = runText(yaml('{ tokenPriceUsd: 2, feeUsdPerRequest: 0.01 }'));
    const f = result.nodes.find((n) => n.id === 'fixed-0')!;
    // 1 USD/h over 6 s, plus 300 W × 5 s busy and 50 W × 1 s idle at 0.2 USD/kWh.
    const costUsd = 6 / 3600 + ((300 * 5 + 50) / 3.6e6) * 0.2;
    expect(f.money!.operatingCostUsd).toBeCloseTo(costUsd, 15);
    expect(f.money!.profitUsd).toBeCloseTo(2 * f.totalReward - costUsd, 12);
    expect(result.money!.feesUsd).toBeCloseTo(0.1, 15);
  });

  it('values each round’s reward at the price path at its settlement', () => {
    const resolved = resolveText(yaml('{ tokenPriceUsd: { process: gbm, initial: 1, drift: 0, volatility: 100 } }'));
    const paid = new Map<number, number>();
    const settlements: { timeMs: number; node: number; reward: number }[] = [];
    const result = runScenario(resolved, {
      observe: (market) =>
        market.settlements$.subscribe((s) => settlements.push({ timeMs: s.timeMs, node: s.inferenceNode, reward: s.inferenceReward })),
    });
    // The same path, rebuilt from the run's own stream key.
    const bank = new StreamBank(3, 0);
    const price = new TokenPrice(resolved.scenario.economics!.tokenPriceUsd, bank, bank.stream('economics', 'token-price'));
    for (const s of settlements) paid.set(s.node, (paid.get(s.node) ?? 0) + s.reward * price.at(s.timeMs));
    expect(settlements).toHaveLength(10);
    expect(result.nodes.find((n) => n.id === 'fixed-0')!.money!.revenueUsd).toBeCloseTo(paid.get(0)!, 12);
    expect(result.money!.finalTokenPriceUsd).toBe(price.at(settlements.at(-1)!.timeMs));
    expect(result.money!.finalTokenPriceUsd).not.toBe(1);
  });
});

describe('money with hardware accounting', () => {
  it('costs a node its total_cost_usd, idle time and hardware included', () => {
    const result = runText(market('economics: { tokenPriceUsd: 0.5 }\n', ['rewards: { cost: { measure: usd } }']));
    for (const n of result.nodes) {
      expect(n.money!.operatingCostUsd).toBe(n.hardwareCost!.totalCostUsd);
      expect(n.money!.profitUsd).toBeCloseTo(0.5 * (n.totalReward - n.totalSlashed) - n.hardwareCost!.totalCostUsd, 9);
    }
    expect(result.money!.feesUsd).toBe(0);
  });
});

describe('the token price as geometric Brownian motion', () => {
  const gbm = { process: 'gbm', initial: 3, drift: 0.2, volatility: 0.6 } as const;
  /** log(S(T) / S(0)) over `seeds` paths, each sampled at `steps` irregular times up to T = 1.5 years. */
  const logReturns = (seeds: number, steps: number): number[] =>
    Array.from({ length: seeds }, (_, seed) => {
      const bank = new StreamBank(seed, 'gbm');
      const price = new TokenPrice(gbm, bank, bank.stream('economics', 'token-price'));
      const T = 1.5 * YEAR_MS;
      for (let i = 1; i < steps; i++) price.at(T * (i / steps) ** 2);
      return Math.log(price.at(T) / gbm.initial);
    });

  it.each([1, 40])('has the closed form’s mean and variance of log price, sampled at %i times', (steps) => {
    const n = 4000;
    const x = logReturns(n, steps);
    const mean = sum(x) / n;
    const variance = sum(x.map((v) => (v - mean) ** 2)) / (n - 1);
    const T = 1.5;
    const sigma2T = gbm.volatility ** 2 * T;
    // Exact increments: the law does not depend on how often the path is sampled. Four standard errors.
    expect(Math.abs(mean - (gbm.drift - gbm.volatility ** 2 / 2) * T)).toBeLessThan(4 * Math.sqrt(sigma2T / n));
    expect(Math.abs(variance / sigma2T - 1)).toBeLessThan(4 * Math.sqrt(2 / (n - 1)));
  });

  it('is deterministic per seed, keeps its price between samples at one instant, and draws nothing when constant', () => {
    expect(logReturns(5, 10)).toEqual(logReturns(5, 10));
    const bank = new StreamBank(1);
    const price = new TokenPrice(gbm, bank, bank.stream('economics', 'token-price'));
    const first = price.at(1000);
    expect(price.at(1000)).toBe(first);
    expect(price.at(500)).toBe(first);
    const constant = new TokenPrice(4, bank, -1);
    expect([constant.at(0), constant.at(1e9), constant.at(2e12)]).toEqual([4, 4, 4]);
  });

  it('values a market’s rewards along the path, the same on every run', () => {
    const yaml = market('economics: { tokenPriceUsd: { process: gbm, initial: 1, drift: 0, volatility: 50 } }\n');
    const [a, b] = [runText(yaml), runText(yaml)];
    expect(a.money).toEqual(b.money);
    expect(a.money!.finalTokenPriceUsd).not.toBe(1);
    // A price that moves gives revenue that is not the total reward at any one price.
    const ratios = a.nodes.map((n) => n.money!.revenueUsd / n.totalReward);
    expect(new Set(ratios.map((r) => r.toFixed(9))).size).toBeGreaterThan(1);
  });
});

describe('bad economics', () => {
  const scenario = (economics: string) => `name: bad
profile: paper-rtx4090
stop: { requests: 10 }
network:
  inference:
    - { model: llama-3.2-3b, count: 1 }
  evaluators:
    - { model: sts-distilroberta, count: 3 }
economics:
  ${economics}
`;
  /** Runs the CLI on the scenario; returns its exit code, what it printed and whether it wrote an output folder. */
  const runCli = (economics: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-money-'));
    writeFileSync(join(dir, 'bad.yaml'), scenario(economics));
    const run = spawnSync(process.execPath, [CLI, 'run', join(dir, 'bad.yaml'), '--out', join(dir, 'out')], { encoding: 'utf8' });
    return { status: run.status, stderr: run.stderr.trimEnd(), wrote: existsSync(join(dir, 'out')) };
  };

  it.each([
    ['tokenPriceUsd: -1', /bad\.yaml:10:\d+: economics\.tokenPriceUsd: /],
    ['tokenPriceUsd: { process: gbm, initial: 1, volatility: -2 }', /bad\.yaml:10:\d+: economics\.tokenPriceUsd\.volatility: must be ≥ 0/],
    ['tokenPriceUsd: { process: ou, initial: 1, volatility: 1 }', /bad\.yaml:10:\d+: economics\.tokenPriceUsd/],
    ['tokenPriceUsd: 1\n  feeUsdPerRequest: -0.1', /bad\.yaml:11:\d+: economics\.feeUsdPerRequest: must be ≥ 0/],
  ])('refuses `%s` in one located line, exit 2, nothing written', (economics, pattern) => {
    const run = runCli(economics);
    expect(run).toMatchObject({ status: 2, wrote: false });
    expect(run.stderr.split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^poq-sim: /);
    expect(run.stderr).toMatch(pattern);
  });
});
