/**
 * Spot checks (proof of sampling) on hand-computed cases: the comparison
 * rule, the probability draws counted on the node's own stream, a
 * substitute and a lazy node always flagged under exact comparison, a
 * tolerance case replayed draw by draw, the stake slashed, what the
 * re-executions cost, and spot checks instead of PoQ.
 */
import { describe, expect, it } from 'vitest';
import { spotCheckFlags } from '../../sim/mechanism/spot-check.js';
import { createSampler } from '../../sim/random/distribution.js';
import { StreamBank } from '../../sim/random/streams.js';
import type { RunResult } from '../../sim/results/run-result.js';
import { runText } from '../helpers.js';

const SEED = 5;
/** One reference-tier rtx4090 hour is 0.4 USD: a millisecond of it, in USD. */
const USD_PER_MS = 0.4 / 3_600_000;

/**
 * On the hardware fixture profile: `fixed` answers in 1000 ms, `hourly` in
 * one hour, both with true quality Beta(mean 0.5, concentration 4); three
 * `judge` evaluators of 100 ms score every round. Stake is large: nodes are
 * slashed, never ejected.
 */
const market = (inference: string[], spotChecks: string, rounds = 40, extra = '') => `
name: spot
seed: ${SEED}
profile: ../profiles/hardware.yaml
stop: { requests: ${rounds} }
analysis: { warmup: none }
${extra}
network:
  inference:
${inference.map((line) => `    ${line}`).join('\n')}
  evaluators:
    - { model: judge, count: 3 }
mechanism:
  evaluatorsPerRound: 3
  stake: { initial: 1000000 }
  spotChecks: ${spotChecks}
`;

const population = (result: RunResult, name: string) => result.populations.find((p) => p.population === name)!;

describe('the comparison rule', () => {
  it('exact flags exactly the answers not produced by the verifier’s model, whatever their quality', () => {
    expect(spotCheckFlags('exact', true, 0.9, 0.1)).toBe(true);
    expect(spotCheckFlags('exact', true, 0.5, 0.5)).toBe(true);
    expect(spotCheckFlags('exact', false, 0.9, 0.1)).toBe(false);
  });

  it('tolerance flags a difference of true qualities larger than the tolerance, either way, and not one equal to it', () => {
    expect(spotCheckFlags({ tolerance: 0.1 }, false, 0.5, 0.7)).toBe(true);
    expect(spotCheckFlags({ tolerance: 0.1 }, false, 0.7, 0.5)).toBe(true);
    expect(spotCheckFlags({ tolerance: 0.1 }, true, 0.5, 0.55)).toBe(false);
    expect(spotCheckFlags({ tolerance: 0.25 }, true, 0.5, 0.75)).toBe(false);
  });
});

describe('spot checks in a market', () => {
  it('draw one uniform per settled job from the node’s spot-check stream: the checks are the draws below p', () => {
    const rounds = 40;
    const result = runText(market(['- { name: solo, model: fixed, count: 1 }'], '{ probability: 0.3 }', rounds));
    // Under exact comparison with constant latencies a check draws nothing more, so the stream holds only the coin flips.
    const bank = new StreamBank(SEED, 0);
    const stream = bank.stream('solo-0', 'spot-check');
    let expected = 0;
    for (let i = 0; i < rounds; i++) if (bank.uniform(stream) < 0.3) expected++;
    expect(expected).toBeGreaterThan(0);
    expect(population(result, 'solo').spotChecks).toBe(expected);
    expect(result.verification!.spotChecks).toBe(expected);
    expect(population(result, 'solo').spotCheckFlags).toBe(0);
  });

  it('under exact comparison flag every checked job of a substitute and of a lazy node, and none of an honest one; each flag slashes its amount', () => {
    const result = runText(
      market(
        [
          '- { name: honest, model: hourly, count: 1 }',
          '- { name: substitute, model: hourly, count: 1, behaviour: { kind: substitute-model, serve: fixed } }',
          '- { name: lazy, model: hourly, count: 1, behaviour: { kind: lazy, quality: 0.5 } }',
        ],
        '{ probability: 1, slash: 2.5, reputationPenalty: 0 }',
        60,
      ),
    );
    for (const name of ['substitute', 'lazy']) {
      const cheat = population(result, name);
      expect(cheat.spotChecks).toBe(cheat.rounds);
      expect(cheat.spotCheckFlags).toBe(cheat.rounds);
      expect(cheat.totalSlashed).toBeCloseTo(2.5 * cheat.rounds, 10);
    }
    const honest = population(result, 'honest');
    expect(honest.spotChecks).toBe(honest.rounds);
    expect(honest.spotCheckFlags).toBe(0);
    expect(honest.totalSlashed).toBe(0);
    expect(result.verification!.spotCheckDetectionRate).toBe(1);
    expect(result.verification!.spotCheckFalsePositiveRate).toBe(0);
  });

  it('slash no more than the stake holds, and eject the node whose stake is gone', () => {
    const result = runText(
      market(
        ['- { name: honest, model: fixed, count: 1 }', '- { name: substitute, model: fixed, count: 1, behaviour: { kind: lazy } }'],
        '{ probability: 1, slash: 4 }',
      ).replace('stake: { initial: 1000000 }', 'stake: { initial: 10 }'),
    );
    const cheat = population(result, 'substitute');
    // 4 + 4 + what is left (2): the third flag empties the stake and the node is ejected.
    expect(cheat.spotCheckFlags).toBe(3);
    expect(cheat.totalSlashed).toBe(10);
    expect(cheat.ejected).toBe(1);
  });

  it('under tolerance compare the served quality with the re-execution’s, replayed draw by draw', () => {
    const rounds = 50;
    const result = runText(
      market(
        ['- { name: lazy, model: fixed, count: 1, behaviour: { kind: lazy, quality: 0.5 } }'],
        '{ probability: 0.6, compare: { tolerance: 0.2 } }',
        rounds,
      ),
    );
    const bank = new StreamBank(SEED, 0);
    const stream = bank.stream('lazy-0', 'spot-check');
    const quality = createSampler({ family: 'beta-mean', mean: 0.5, concentration: 4 }, bank);
    let checks = 0;
    let flags = 0;
    for (let i = 0; i < rounds; i++) {
      if (!(bank.uniform(stream) < 0.6)) continue;
      checks++;
      if (Math.abs(0.5 - quality.sample(stream)) > 0.2) flags++;
    }
    expect(flags).toBeGreaterThan(0);
    expect(flags).toBeLessThan(checks);
    expect(population(result, 'lazy').spotChecks).toBe(checks);
    expect(population(result, 'lazy').spotCheckFlags).toBe(flags);
  });

  it('cost the verifier’s re-execution: the claimed model on the node’s tier, or the model and tier named', () => {
    const rounds = 20;
    const honest = ['- { name: solo, model: fixed, count: 1 }'];
    const own = runText(market(honest, '{ probability: 1 }', rounds)).verification!;
    expect(own.spotCheckCostUsd).toBeCloseTo(rounds * 1000 * USD_PER_MS, 12);
    // PoQ's evaluation cost: three 100 ms jobs per round on the reference tier.
    expect(own.evaluationCostUsd).toBeCloseTo(rounds * 3 * 100 * USD_PER_MS, 12);
    expect(own.costUsd).toBeCloseTo(own.spotCheckCostUsd + own.evaluationCostUsd, 15);
    expect(own.costPerRoundUsd).toBeCloseTo(own.costUsd / rounds, 15);
    const named = runText(
      market(
        honest,
        '{ probability: 1, verifier: { model: hourly, hardware: fast } }',
        rounds,
        'hardware:\n  fast: { relativeSpeed: 2, costUsdPerHour: 1.2 }',
      ),
    ).verification!;
    // One hour of work at speed 2 is half an hour at 1.2 USD per hour.
    expect(named.spotCheckCostUsd).toBeCloseTo(rounds * 0.6, 9);
  });

  it('instead of PoQ: no evaluator works, verification costs only the checks, and a round pays α · q_prior − β · c', () => {
    const rounds = 30;
    const result = runText(market(['- { name: solo, model: fixed, count: 2 }'], '{ probability: 0.5, mode: instead-of-poq }', rounds));
    const evaluators = result.groups.find((g) => g.role === 'evaluator')!;
    expect(evaluators.rounds).toBe(0);
    expect(result.verification!.evaluationCostUsd).toBe(0);
    expect(result.verification!.costUsd).toBe(result.verification!.spotCheckCostUsd);
    // One model on one tier: min–max cost normalization is degenerate (c = 0), so every round pays α · 0.5 with α = 1.
    const solo = population(result, 'solo');
    expect(solo.rounds).toBe(rounds);
    expect(solo.meanReward).toBeCloseTo(0.5, 12);
    expect(solo.sdReward).toBeCloseTo(0, 12);
  });

  it('leave a scenario that declares none without any field of theirs', () => {
    const result = runText(market(['- { name: solo, model: fixed, count: 1 }'], '{ probability: 1 }').replace(/ {2}spotChecks:.*\n/, ''));
    expect(result.verification).toBeUndefined();
    expect(result.groups.every((g) => g.spotChecks === undefined && g.spotCheckFlags === undefined)).toBe(true);
  });

  it('at probability 0 change no reward, cost or consensus', () => {
    const inference = [
      '- { name: solo, model: fixed, count: 2 }',
      '- { name: sub, model: hourly, count: 1, behaviour: { kind: substitute-model, serve: fixed } }',
    ];
    const declared = runText(market(inference, '{ probability: 0 }'));
    const absent = runText(market(inference, '{ probability: 0 }').replace(/ {2}spotChecks:.*\n/, ''));
    expect(declared.nodes.map((n) => [n.totalReward, n.totalTrueCostUsd, n.totalSlashed])).toEqual(
      absent.nodes.map((n) => [n.totalReward, n.totalTrueCostUsd, n.totalSlashed]),
    );
    expect(declared.consensus).toEqual(absent.consensus);
    expect(declared.verification!.spotChecks).toBe(0);
  });
});
