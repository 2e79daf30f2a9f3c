/** Each adversarial behaviour on a small network with a fixed seed, asserting the effect it claims. */
import { describe, expect, it } from 'vitest';
import { IntermittentEvaluator } from '../../agents/intermittent.js';
import { LazyEvaluator } from '../../agents/lazy.js';
import type { EvaluatorNode } from '../../agents/node.js';
import { StreamBank } from '../../sim/random/streams.js';
import { population, run } from '../network.js';

describe('cost misreporting', () => {
  const result = run({ inference: ['- { name: cheat, model: big, count: 2, behaviour: { kind: misreport-cost, factor: 0.5 } }'] });
  const cheat = population(result, 'cheat');

  it('raises the cheater’s reward over its honest twin when nothing is audited', () => {
    expect(cheat.adversarial).toBe(true);
    expect(cheat.behaviour).toBe('misreport-cost');
    expect(cheat.twin!.gainPerRound).toBeGreaterThan(0.2);
    expect(cheat.meanCostUsd).toBeCloseTo(cheat.meanTrueCostUsd * 0.5, 10);
  });

  it('takes a share of rewards; honest inference nodes of the same model earn what their twins earn', () => {
    expect(result.adversaries.rewardShare).toBeGreaterThan(0);
    expect(population(result, 'honest-big').twin!.gainPerRound).toBeCloseTo(0, 10);
  });

  it('is pointless when the mechanism charges model cost norms instead of reported costs', () => {
    const normed = run({
      inference: ['- { name: cheat, model: big, count: 2, behaviour: { kind: misreport-cost, factor: 0.5 } }'],
      mechanism: ['rewards: { cost: { signal: model-mean } }'],
    });
    expect(population(normed, 'cheat').twin!.gainPerRound).toBeCloseTo(0, 10);
  });
});

describe('model substitution', () => {
  it('claims the big model, serves the small one: cheaper to run, worse answers', () => {
    const result = run({ inference: ['- { name: sub, model: big, count: 2, behaviour: { kind: substitute-model, serve: small } }'] });
    const sub = population(result, 'sub');
    expect(sub.model).toBe('big');
    expect(sub.servedModel).toBe('small');
    expect(sub.twin!.costSavedUsdPerNode).toBeGreaterThan(0);
    expect(sub.meanTrueQuality!).toBeLessThan(population(result, 'honest-big').meanTrueQuality! - 0.2);
    expect(sub.meanServiceMs).toBeLessThan(400);
  });
});

describe('evaluator manipulation', () => {
  const honestScore = (result: ReturnType<typeof run>) => population(result, 'honest-evaluators').meanScore!;

  it('noise injection lowers the evaluator’s correlation with true quality and its reward', () => {
    const result = run({ evaluators: ['- { name: noisy, model: good, count: 3, behaviour: { kind: noise, sd: 0.2 } }'] });
    const noisy = population(result, 'noisy');
    expect(noisy.correlationWithTruth!).toBeLessThan(population(result, 'honest-evaluators').correlationWithTruth! - 0.2);
    expect(noisy.twin!.gainPerRound).toBeLessThan(0);
  });

  it('boosting raises and sabotage lowers the scores given', () => {
    const boosted = run({ evaluators: ['- { name: b, model: good, count: 3, behaviour: { kind: boost, amount: 0.2 } }'] });
    const sabotaged = run({ evaluators: ['- { name: s, model: good, count: 3, behaviour: { kind: sabotage, amount: 0.2 } }'] });
    expect(population(boosted, 'b').meanScore! - honestScore(boosted)).toBeGreaterThan(0.15);
    expect(honestScore(sabotaged) - population(sabotaged, 's').meanScore!).toBeGreaterThan(0.15);
  });

  it('intermittent manipulation shifts scores by about p × amount', () => {
    const result = run({
      evaluators: [
        '- { name: int, model: good, count: 3, behaviour: { kind: intermittent, probability: 0.3, attack: { kind: boost, amount: 0.3 } } }',
      ],
    });
    const shift = population(result, 'int').meanScore! - honestScore(result);
    expect(shift).toBeGreaterThan(0.06);
    expect(shift).toBeLessThan(0.1);
  });

  it('bursts alternate active and inactive spells with the declared mean lengths', () => {
    const bank = new StreamBank(4);
    const constant: EvaluatorNode = new LazyEvaluator(null as unknown as EvaluatorNode, 0.5, bank, bank.stream('x', 'y'));
    const bursty = new IntermittentEvaluator(constant, (s) => s + 0.3, { meanOn: 5, meanOff: 15 }, bank, bank.stream('n', 'switching'));
    const active = Array.from({ length: 200_000 }, () => bursty.score(0, 0, 0) > 0.6);
    const share = active.filter(Boolean).length / active.length;
    let spells = 0;
    for (let i = 1; i < active.length; i++) if (active[i] && !active[i - 1]) spells++;
    expect(share).toBeGreaterThan(0.23);
    expect(share).toBeLessThan(0.27);
    // Mean active spell length ≈ 5 evaluations.
    expect(active.filter(Boolean).length / spells).toBeGreaterThan(4.5);
    expect(active.filter(Boolean).length / spells).toBeLessThan(5.5);
  });

  it('lazy evaluators do no work, cost nothing and carry no information', () => {
    const result = run({ evaluators: ['- { name: lazy, model: good, count: 3, behaviour: { kind: lazy, score: 0.55 } }'] });
    const lazy = population(result, 'lazy');
    expect(lazy.meanServiceMs).toBe(0);
    expect(lazy.meanTrueCostUsd).toBe(0);
    expect(lazy.meanScore).toBeCloseTo(0.55, 12);
    expect(lazy.meanTrueQuality).toBeUndefined();
    expect(lazy.correlationWithTruth).toBeNull();
    expect(lazy.twin!.costSavedUsdPerNode).toBeGreaterThan(0);
  });
});

describe('copying and commit–reveal', () => {
  const copy = (commitReveal: boolean) =>
    population(
      run({
        evaluators: ['- { name: copy, model: good, count: 3, behaviour: { kind: copy } }'],
        mechanism: commitReveal ? ['commitReveal: { enabled: true }'] : [],
      }),
      'copy',
    );

  it('copying a revealed score pays without commit–reveal', () => {
    const copier = copy(false);
    expect(copier.meanServiceMs).toBe(0);
    expect(copier.twin!.gainPerRound).toBeGreaterThan(0.01);
    // It copies real scores, so its "scores" track quality like an honest evaluator's.
    expect(copier.correlationWithTruth!).toBeGreaterThan(0.7);
  });

  it('commit–reveal removes the gain: only the stale consensus is left to copy', () => {
    const copier = copy(true);
    expect(copier.twin!.gainPerRound).toBeLessThan(0);
    expect(Math.abs(copier.correlationWithTruth!)).toBeLessThan(0.1);
  });

  it('commit–reveal adds its reveal delay to every request', () => {
    const plain = run({ rounds: 500 });
    const withReveal = run({ rounds: 500, mechanism: ['commitReveal: { enabled: true, revealDelayMs: { family: constant, value: 80 } }'] });
    expect(withReveal.meanResponseMs - plain.meanResponseMs).toBeCloseTo(80, 6);
  });
});

describe('collusion rings', () => {
  const ring = (evaluators: number, consensus = 'mean') =>
    run({
      inference: ['- { name: ring-f, model: small, count: 2, operator: ring }'],
      evaluators: [
        `- { name: ring-m, model: good, count: ${evaluators}, operator: ring, behaviour: { kind: collude, boost: 0.3, sabotage: 0.1 } }`,
      ],
      mechanism: [`consensus: { rule: ${consensus} }`],
    });

  it('marks the ring’s honest-looking inference nodes as adversaries of the same operator', () => {
    const result = ring(2);
    expect(population(result, 'ring-f').adversarial).toBe(true);
    expect(population(result, 'ring-f').operator).toBe('ring');
    const operator = result.operators.find((o) => o.operator === 'ring')!;
    expect(operator.nodes).toBe(4);
    expect(operator.populations).toEqual(['ring-f', 'ring-m']);
    // A total over the run and the operator's nodes: the populations' gains per node times their nodes.
    const perPopulation = operator.populations.map((name) => population(result, name).twin!.gainPerNode * population(result, name).count);
    expect(operator.totalGain).toBeCloseTo(perPopulation[0]! + perPopulation[1]!, 9);
  });

  it('gains more as the ring grows', () => {
    const gains = [1, 2, 4].map((size) => population(ring(size), 'ring-f').twin!.gainPerRound);
    expect(gains[0]).toBeGreaterThan(0);
    expect(gains[1]).toBeGreaterThan(gains[0]!);
    expect(gains[2]).toBeGreaterThan(gains[1]!);
  });

  it('gains less under the median than under the mean', () => {
    expect(population(ring(4, 'median'), 'ring-f').twin!.gainPerRound).toBeLessThan(population(ring(4), 'ring-f').twin!.gainPerRound);
  });
});

describe('Sybil identities', () => {
  it('are sampled like separate nodes but share one physical queue', () => {
    const result = run({
      demand: '{ mode: poisson, ratePerSecond: 50 }',
      rounds: 6000,
      honestEvaluators: 6,
      evaluators: [
        '- { name: sybil, model: good, count: 4, operator: owner, sybil: true, behaviour: { kind: boost, amount: 0.1 } }',
        '- { name: separate, model: good, count: 4 }',
      ],
    });
    const sybil = population(result, 'sybil');
    const separate = population(result, 'separate');
    expect(Math.abs(sybil.rounds / separate.rounds - 1)).toBeLessThan(0.1);
    expect(sybil.meanWaitMs).toBeGreaterThan(5 * separate.meanWaitMs);
  });
});
