/** The per-round reward rules: each form by hand, the gate, the default against today's function, and each form in a run. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatedRule, LinearRule, type RewardRuleParameters, rewardRule } from '../../sim/mechanism/reward-rules.js';
import { clipReward, costAwareReward, type RewardClip } from '../../sim/mechanism/rewards.js';
import { summaryFile } from '../../sim/results/run-files.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { CLI, FIXTURES, resolveText } from '../helpers.js';
import { network } from '../network.js';

describe('reward rule forms, by hand', () => {
  it('linear: α·q − β·c', () => {
    const rule = rewardRule(2, 0.5, { form: 'linear' });
    expect(rule.reward(0.8, 0.4)).toBeCloseTo(1.4, 12);
    expect(rule.reward(0.1, 1)).toBeCloseTo(-0.3, 12);
  });

  it('quality-per-cost: α·q / max(c, floor)', () => {
    const rule = rewardRule(2, 0.5, { form: 'quality-per-cost', floor: 0.1 });
    expect(rule.reward(0.8, 0.4)).toBeCloseTo(4, 12);
    expect(rule.reward(0.8, 0.05)).toBeCloseTo(16, 12); // below the floor: divided by the floor
    expect(rule.reward(0.8, 0)).toBeCloseTo(16, 12);
    expect(rule.reward(0, 0.4)).toBe(0);
  });

  it('power: α·q^γ − β·c^δ', () => {
    const rule = rewardRule(2, 0.5, { form: 'power', gamma: 2, delta: 0.5 });
    expect(rule.reward(0.5, 0.25)).toBeCloseTo(2 * 0.25 - 0.5 * 0.5, 12);
    expect(rule.reward(1, 1)).toBeCloseTo(1.5, 12);
    // With γ = δ = 1 it is the linear rule.
    expect(rewardRule(2, 0.5, { form: 'power', gamma: 1, delta: 1 }).reward(0.3, 0.7)).toBeCloseTo(2 * 0.3 - 0.5 * 0.7, 12);
    // A negative (unclipped) cost counts as 0 rather than giving NaN.
    expect(rule.reward(0.5, -0.2)).toBeCloseTo(0.5, 12);
  });

  it('threshold: α when q ≥ q₀, else 0; minus β·c either way', () => {
    const rule = rewardRule(2, 0.5, { form: 'threshold', q0: 0.6 });
    expect(rule.reward(0.6, 0.4)).toBeCloseTo(1.8, 12); // at q₀ it pays
    expect(rule.reward(0.9, 0.4)).toBeCloseTo(1.8, 12);
    expect(rule.reward(0.59, 0.4)).toBeCloseTo(-0.2, 12); // below: the cost penalty alone
  });
});

describe('the quality gate', () => {
  it('pays nothing below q₀, not the cost penalty, under every form', () => {
    const forms: RewardRuleParameters[] = [
      { form: 'linear', gate: 0.5 },
      { form: 'quality-per-cost', floor: 0.1, gate: 0.5 },
      { form: 'power', gamma: 2, delta: 2, gate: 0.5 },
      { form: 'threshold', q0: 0.7, gate: 0.5 },
    ];
    for (const spec of forms) {
      const rule = rewardRule(2, 0.5, spec);
      expect(rule).toBeInstanceOf(GatedRule);
      expect(rule.reward(0.49, 0.8)).toBe(0);
      expect(rule.reward(0.5, 0.8)).toBe(rewardRule(2, 0.5, { ...spec, gate: undefined }).reward(0.5, 0.8));
    }
    expect(rewardRule(2, 0.5, { form: 'linear', gate: 0.5 }).reward(0.8, 0.4)).toBeCloseTo(1.4, 12);
  });

  it('the clip comes after the rule', () => {
    const rule = rewardRule(1, 1, { form: 'threshold', q0: 0.5 });
    expect(clipReward(rule.reward(0.4, 0.3), 'non-negative')).toBe(0);
    expect(clipReward(rule.reward(0.9, 0), 'unit')).toBe(1);
  });
});

describe('the default rule', () => {
  it('is the linear rule, bit for bit today’s costAwareReward on random inputs', () => {
    let state = 12345;
    // A fixed LCG: the test's inputs are reproducible without a stream of the simulator's.
    const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 0.5;
    const clips: RewardClip[] = ['none', 'non-negative', 'unit'];
    for (let i = 0; i < 2000; i++) {
      const alpha = Math.abs(next()) * 3;
      const beta = Math.abs(next()) * 3;
      const rule = rewardRule(alpha, beta, undefined);
      expect(rule).toBeInstanceOf(LinearRule);
      const [q, c, clip] = [next(), next(), clips[i % 3]!];
      expect(clipReward(rule.reward(q, c), clip)).toBe(costAwareReward(alpha, beta, q, c, clip));
    }
  });
});

const RULES: readonly string[] = [
  '{ form: linear }',
  '{ form: quality-per-cost, floor: 0.2 }',
  '{ form: power, gamma: 2, delta: 0.5 }',
  '{ form: threshold, q0: 0.6 }',
  '{ form: linear, gate: 0.6 }',
];

describe('each form in a run', () => {
  it('runs end to end and records its rule in summary.json', () => {
    const rewards = RULES.map((rule) => {
      const resolved = resolveText(network({ rounds: 1500, mechanism: [`rewards: { rule: ${rule} }`] }));
      const result = runScenario(resolved);
      const summary = summaryFile(result, resolved);
      expect(summary.rewardRule).toEqual(resolved.scenario.mechanism.rewards.rule);
      expect(result.requestsSettled).toBe(1500);
      const inference = result.groups.filter((g) => g.role === 'inference');
      for (const g of inference) expect(Number.isFinite(g.meanReward)).toBe(true);
      return inference.map((g) => g.meanReward);
    });
    // Distinct forms pay differently.
    expect(new Set(rewards.map((r) => r.join(','))).size).toBe(RULES.length);
  });

  it('without a rule, summary.json has no rewardRule field', () => {
    const resolved = resolveText(network({ rounds: 200 }));
    expect('rewardRule' in summaryFile(runScenario(resolved), resolved)).toBe(false);
  });

  it('the CLI writes the rule into summary.json, and a sweep can vary its parameters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-rules-'));
    const file = join(dir, 'rules.yaml');
    const yaml = network({ rounds: 300, mechanism: ['rewards: { rule: { form: power, gamma: 2, delta: 1 } }'] }).replace(
      '../profiles/market.yaml',
      join(FIXTURES, 'profiles', 'market.yaml'),
    );
    writeFileSync(file, yaml);
    const run = spawnSync(process.execPath, [CLI, 'run', file, '--out', join(dir, 'run'), '--no-report', '--quiet'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')) as { rewardRule: unknown };
    expect(summary.rewardRule).toEqual({ form: 'power', gamma: 2, delta: 1 });
    const swept = `${yaml}sweep:\n  method: grid\n  parameters:\n    - { path: mechanism.rewards.rule.gamma, name: gamma, values: [1, 0] }\n`;
    writeFileSync(file, swept);
    const check = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    expect(check.status).toBe(2);
    expect(check.stderr).toMatch(/mechanism\.rewards\.rule\.gamma: must be > 0, got 0/);
  });
});

describe('bad rule parameters', () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    ['{ form: quality-per-cost, floor: 0 }', /rules\.yaml:\d+:\d+: mechanism\.rewards\.rule\.floor: must be > 0, got 0$/],
    ['{ form: power, gamma: 1, delta: -1 }', /rules\.yaml:\d+:\d+: mechanism\.rewards\.rule\.delta: must be > 0, got -1$/],
    ['{ form: threshold, q0: 1.2 }', /rules\.yaml:\d+:\d+: mechanism\.rewards\.rule\.q0: must be ≤ 1, got 1\.2$/],
    ['{ form: linear, gate: -0.1 }', /rules\.yaml:\d+:\d+: mechanism\.rewards\.rule\.gate: must be ≥ 0, got -0\.1$/],
  ];
  it.each(cases)('%s is refused in one located line, exit 2', (rule, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-rules-bad-'));
    const file = join(dir, 'rules.yaml');
    const yaml = network({ rounds: 100, mechanism: [`rewards: { rule: ${rule} }`] });
    writeFileSync(file, yaml.replace('../profiles/market.yaml', join(FIXTURES, 'profiles', 'market.yaml')));
    const check = spawnSync(process.execPath, [CLI, 'check', file], { encoding: 'utf8' });
    expect(check.status).toBe(2);
    expect(check.stderr.trim().split('\n')).toHaveLength(1);
    expect(check.stderr.trim()).toMatch(expected);
    expect(check.stderr).not.toMatch(/\n\s+at /);
  });
});
