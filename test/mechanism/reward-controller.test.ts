/**
 * The reward controller (issue 18): its update rule on hand-computed
 * numbers; a market whose every epoch costs the same, where β moves exactly
 * as computed by hand and the rounds are paid by it; the measures with a
 * pool and without one, rebuilt from the settlements; what a run records;
 * bad fields refused in one located line; nothing changed without one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controlledValue } from '../../sim/mechanism/reward-controller.js';
import { summaryFile } from '../../sim/results/run-files.js';
import type { RunResult } from '../../sim/results/run-result.js';
import { runMetrics } from '../../sim/experiment/metrics.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import type { Settlement } from '../../sim/market/market.js';
import { CLI, FIXTURES, resolveText } from '../helpers.js';

describe('the update rule, by hand', () => {
  const bounds = { min: 0.1, max: 4 };

  it('x · exp(g · (measure − target) / |target|): above target a positive gain raises x, a negative one lowers it', () => {
    expect(controlledValue(1, 3, 2, { gain: 1, ...bounds })).toBeCloseTo(Math.exp(0.5), 14);
    expect(controlledValue(1, 3, 2, { gain: -1, ...bounds })).toBeCloseTo(Math.exp(-0.5), 14);
    // Below target the step reverses; at target it is 1.
    expect(controlledValue(2, 1, 2, { gain: 0.4, ...bounds })).toBeCloseTo(2 * Math.exp(-0.2), 14);
    expect(controlledValue(0.7, 5, 5, { gain: 3, ...bounds })).toBe(0.7);
  });

  it('clips to [min, max]', () => {
    expect(controlledValue(3, 10, 1, { gain: 1, ...bounds })).toBe(4);
    expect(controlledValue(0.2, 0, 1, { gain: 5, ...bounds })).toBe(0.1);
  });

  it('an epoch that measured nothing (NaN) leaves x unchanged, even outside a step of the clip', () => {
    expect(controlledValue(0.37, Number.NaN, 1, { gain: 2, ...bounds })).toBe(0.37);
  });
});

const FIXTURE = readFileSync(join(FIXTURES, 'scenarios', 'controller.yaml'), 'utf8');
/** The fixture with its controller line replaced (or removed, with ''), run in process, with every settlement kept. */
function fixtureRun(controller?: string, extra = ''): { result: RunResult; settlements: Settlement[]; yaml: string } {
  const line = /^ {4}controller: .*$/m;
  const yaml =
    (controller === undefined ? FIXTURE : FIXTURE.replace(line, controller === '' ? '' : `    controller: ${controller}`)) + extra;
  const settlements: Settlement[] = [];
  const result = runScenario(resolveText(yaml), { observe: (market) => market.settlements$.subscribe((s) => settlements.push(s)) });
  return { result, settlements, yaml };
}

describe('a market whose every epoch costs the same', () => {
  // Each round: 500 ms at $1/h and three evaluations of 100 ms at $0.36/h; two rounds an epoch.
  const epochCost = 2 * (1 / 7200 + 3 * 0.00001);
  const { result, settlements } = fixtureRun();

  it('moves β by hand at each of the five full epochs, clipped at max on the last', () => {
    const c = result.controller!;
    expect(result.virtualTimeMs).toBe(6000);
    expect(c).toMatchObject({ adjust: 'beta', target: { totalCostUsd: 0.0002 }, initial: 0.5, epochs: 5, final: 2.5 });
    let beta = 0.5;
    c.path.forEach((step, k) => {
      beta = Math.min(beta * Math.exp((0.5 * (epochCost - 0.0002)) / 0.0002), 2.5);
      expect(step.epoch).toBe(k);
      expect(step.endSeconds).toBeCloseTo(1.2 * (k + 1), 12);
      expect(step.measure).toBeCloseTo(epochCost, 15);
      expect(step.value).toBeCloseTo(beta, 12);
    });
  });

  it('pays each round by the β in force: (q − R) / β is the normalized cost, 1, in every epoch', () => {
    const betas = [0.5, ...result.controller!.path.map((s) => s.value)];
    expect(settlements).toHaveLength(10);
    const costs = settlements.map((s) => (s.consensus - s.inferenceReward) / betas[Math.ceil(s.timeMs / 1200) - 1]!);
    for (const cost of costs) expect(cost).toBeCloseTo(1, 12);
    // And β did change: the last round, read with the initial β, would cost β₄ / 0.5 = 1.983 / 0.5.
    expect((settlements[9]!.consensus - settlements[9]!.inferenceReward) / 0.5).toBeCloseTo(3.966, 3);
  });

  it('records α, β and the measure at the run level of the time series, whatever its metrics list', () => {
    const series = (metric: string) => result.timeseries!.series.find((s) => s.level === 'run' && s.metric === metric)!.values;
    expect(result.timeseries!.timesMs).toEqual([1500, 3000, 4500, 6000]);
    const path = result.controller!.path.map((s) => s.value);
    // At 1.5 s one epoch has ended, at 3 s two, at 4.5 s three; the epoch ending with the run at 6 s steps after its last round.
    expect(series('reward_beta')).toEqual([path[0], path[1], path[2], path[3]]);
    expect(series('reward_alpha')).toEqual([1, 1, 1, 1]);
    for (const measure of series('controller_measure')) expect(measure).toBeCloseTo(epochCost, 15);
  });

  it('summary.json and the tables carry the controller', () => {
    const summary = summaryFile(result, resolveText(FIXTURE));
    expect(summary.controller).toEqual(result.controller);
    const run = new Map(runMetrics(result).run);
    expect(run.get('controller_final')).toBe(2.5);
    expect(run.get('controller_initial')).toBe(0.5);
    expect(run.get('controller_epochs')).toBe(5);
    expect(run.get('controller_target')).toBe(0.0002);
  });
});

describe('the other measures', () => {
  it('with a pool, the evaluators’ share of its payouts: a declared inference share of 0.25 gives 0.75 each epoch', () => {
    const pool = 'pool: { emissionPerEpoch: 10, epochSeconds: 1.2, split: proportional, inferenceShare: 0.25 }';
    const { result } = fixtureRun(`{ adjust: beta, target: { evaluatorShare: 0.5 }, gain: -1, min: 0.01, max: 1 }\n    ${pool}`);
    let beta = 0.5;
    for (const step of result.controller!.path) {
      beta *= Math.exp(-0.5);
      expect(step.measure).toBeCloseTo(0.75, 12);
      expect(step.value).toBeCloseTo(beta, 12);
    }
    expect(result.controller!.epochs).toBe(5);
  });

  it('with a pool, the tokens paid are its emission', () => {
    const pool = 'pool: { emissionPerEpoch: 10, epochSeconds: 1.2, split: proportional }';
    const { result } = fixtureRun(`{ adjust: alpha, target: { tokensPerEpoch: 8 }, gain: -0.1, min: 0.5, max: 2 }\n    ${pool}`);
    for (const step of result.controller!.path) expect(step.measure).toBeCloseTo(10, 12);
    expect(result.controller!.final).toBeCloseTo(Math.exp(-0.1 * 0.25 * 5), 12);
  });

  it('without a pool, the evaluators’ share of Σ R, rebuilt from the settlements; α moves and β stays', () => {
    const { result, settlements } = fixtureRun(
      '{ adjust: alpha, target: { evaluatorShare: 0.6 }, gain: 2, min: 0.2, max: 5, epochSeconds: 1.2 }',
    );
    const epochMs = 1200;
    let alpha = 1;
    result.controller!.path.forEach((step, k) => {
      const inEpoch = settlements.filter((s) => s.timeMs > k * epochMs && s.timeMs <= (k + 1) * epochMs);
      const evaluators = inEpoch.reduce((sum, s) => sum + s.evaluatorRewards.reduce((a, b) => a + b, 0), 0);
      const all = evaluators + inEpoch.reduce((sum, s) => sum + s.inferenceReward, 0);
      expect(step.measure).toBeCloseTo(evaluators / all, 12);
      alpha = Math.min(Math.max(alpha * Math.exp((2 * (evaluators / all - 0.6)) / 0.6), 0.2), 5);
      expect(step.value).toBeCloseTo(alpha, 12);
    });
    const beta = result.timeseries!.series.find((s) => s.metric === 'reward_beta')!.values;
    expect(new Set(beta)).toEqual(new Set([0.5]));
  });

  it('an epoch with nothing paid leaves the coefficient unchanged and records its measure as null', () => {
    // Epochs of 0.3 s: rounds settle every 0.6 s, so every other epoch pays nothing.
    const { result } = fixtureRun('{ adjust: beta, target: { totalCostUsd: 0.0001 }, gain: 1, min: 0.1, max: 100, epochSeconds: 0.3 }');
    const path = result.controller!.path;
    expect(path).toHaveLength(20);
    path.forEach((step, k) => {
      if (k % 2 === 0) {
        expect(step.measure).toBeNull();
        expect(step.value).toBe(k === 0 ? 0.5 : path[k - 1]!.value);
      } else expect(step.measure).toBeCloseTo(1 / 7200 + 3 * 0.00001, 15);
    });
  });
});

describe('without a controller', () => {
  it('a run writes no controller field nor series, and with a gain of 0 the same summary bytes besides its own field', () => {
    const plain = fixtureRun('').result;
    expect(plain.controller).toBeUndefined();
    expect(plain.timeseries!.series.map((s) => s.metric)).not.toContain('reward_beta');
    const still = fixtureRun('{ adjust: beta, target: { totalCostUsd: 1 }, gain: 0, min: 0.1, max: 1, epochSeconds: 1.2 }').result;
    const resolved = resolveText(FIXTURE);
    // The scenario hash differs (the scenarios do); nothing else but the controller's own field.
    const { controller, scenarioHash: _still, ...rest } = summaryFile(still, resolved);
    const { scenarioHash: _plain, ...plainRest } = summaryFile(plain, resolved);
    expect(controller!.final).toBe(0.5);
    expect(JSON.stringify(rest)).toBe(JSON.stringify(plainRest));
  });
});

describe('bad controller fields', () => {
  const controller = (fields: string) => `rewards: { controller: { adjust: beta, target: { totalCostUsd: 1 }, gain: 1, ${fields} } }`;
  const pool = 'pool: { emissionPerEpoch: 5, epochSeconds: 2, split: proportional }';
  const cases: readonly (readonly [string, RegExp])[] = [
    [
      `rewards: { ${pool}, controller: { adjust: beta, target: { totalCostUsd: 1 }, gain: 1, min: 0.1, max: 1, epochSeconds: 3 } }`,
      /ctl\.yaml:\d+:\d+: mechanism\.rewards\.controller\.epochSeconds: 3 differs from mechanism\.rewards\.pool\.epochSeconds = 2/,
    ],
    [
      controller('min: 0.1, max: 1'),
      /ctl\.yaml:\d+:\d+: mechanism\.rewards\.controller\.epochSeconds: required without mechanism\.rewards\.pool/,
    ],
    [controller('min: 2, max: 1, epochSeconds: 1'), /ctl\.yaml:\d+:\d+: mechanism\.rewards\.controller\.max: must be ≥ min \(2\)$/],
    [
      controller('min: 0.6, max: 1, epochSeconds: 1'),
      /ctl\.yaml:\d+:\d+: mechanism\.rewards\.controller\.min: the beta it starts from, mechanism\.rewards\.beta = 0\.5, must lie in \[min, max\] = \[0\.6, 1\]$/,
    ],
    [controller('min: 0, max: 1, epochSeconds: 1'), /mechanism\.rewards\.controller\.min: must be > 0, got 0$/],
    [
      'rewards: { rule: { form: quality-per-cost, floor: 0.1 }, controller: { adjust: beta, target: { totalCostUsd: 1 }, gain: 1, min: 0.1, max: 1, epochSeconds: 1 } }',
      /mechanism\.rewards\.controller\.adjust: the quality-per-cost rule does not use β: adjust alpha$/,
    ],
    [
      'rewards: { controller: { adjust: beta, target: { totalCost: 1 }, gain: 1, min: 0.1, max: 1, epochSeconds: 1 } }',
      /mechanism\.rewards\.controller\.target: .*totalCostUsd/,
    ],
  ];
  it.each(cases)('%s is refused in one located line, exit 2', (line, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-ctl-bad-'));
    const file = join(dir, 'ctl.yaml');
    const yaml = FIXTURE.replace(/^ {2}rewards:\n(?: {4}.*\n)+/m, `  ${line}\n`).replace(
      '../profiles/hardware.yaml',
      join(FIXTURES, 'profiles', 'hardware.yaml'),
    );
    writeFileSync(file, yaml);
    const check = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    expect(check.status).toBe(2);
    expect(check.stderr.trim().split('\n')).toHaveLength(1);
    expect(check.stderr.trim()).toMatch(expected);
  });
});
