import { describe, expect, it } from 'vitest';
import { group, runText, settlementsOf as settlements } from '../helpers.js';

const scenario = (mechanism: string) => `
name: market
seed: 3
profile: ../profiles/mm1.yaml
stop: { requests: 3000 }
network:
  inference:
    - { model: exp-server, count: 2 }
    - { model: slow-server, count: 2 }
  evaluators:
    - { model: instant, count: 5 }
mechanism:
${mechanism}`;

describe('settlement', () => {
  it('pays inference nodes α·consensus − β·normalized cost, with mean consensus over K scores', () => {
    const rounds = settlements(scenario('  evaluatorsPerRound: 3\n  rewards: { alpha: 2, beta: 0, cost: { signal: model-mean } }'));
    expect(rounds).toHaveLength(3000);
    for (const round of rounds.slice(0, 50)) {
      expect(round.scores).toHaveLength(3);
      expect(new Set(round.evaluators).size).toBe(3);
      const mean = round.scores.reduce((a, b) => a + b, 0) / 3;
      expect(round.consensus).toBeCloseTo(mean, 12);
      expect(round.inferenceReward).toBeCloseTo(2 * mean, 12);
      // evaluator reward = α·(1 − |s − C|) with β = 0
      round.scores.forEach((s, j) => expect(round.evaluatorRewards[j]).toBeCloseTo(2 * (1 - Math.abs(s - mean)), 12));
    }
  });

  it('charges the slow model the full cost and the fast one none under model-mean min–max cost', () => {
    const result = runText(scenario('  rewards: { alpha: 0, beta: 1, cost: { signal: model-mean } }'));
    expect(group(result, 'exp-server').meanReward).toBeCloseTo(0, 12);
    expect(group(result, 'slow-server').meanReward).toBeCloseTo(-1, 12);
  });

  it('compares an evaluator with the others’ consensus when its own score is left out', () => {
    const rounds = settlements(
      scenario('  evaluatorsPerRound: 3\n  rewards: { alpha: 1, beta: 0, agreement: { includeOwnScore: false } }'),
    );
    for (const round of rounds.slice(0, 50)) {
      round.scores.forEach((s, j) => {
        const others = round.scores.filter((_, i) => i !== j);
        const loo = (others[0]! + others[1]!) / 2;
        expect(round.evaluatorRewards[j]).toBeCloseTo(1 - Math.abs(s - loo), 12);
      });
    }
  });

  it('uses the median when the scenario asks for it', () => {
    const rounds = settlements(scenario('  evaluatorsPerRound: 5\n  consensus: { rule: median }'));
    for (const round of rounds.slice(0, 50)) {
      const sorted = [...round.scores].sort((a, b) => a - b);
      expect(round.consensus).toBe(sorted[2]);
    }
  });
});

describe('evaluator noise model', () => {
  it('reproduces each evaluator’s measured correlation with true quality within ±0.05', () => {
    const result = runText(`
name: correlation
seed: 21
profile: paper-rtx4090
stop: { requests: 40000 }
network:
  inference:
    - { model: llama-3.2-3b, count: 1 }
    - { model: gemma-2-2b, count: 1 }
    - { model: tinyllama-1.1b, count: 1 }
    - { model: qwen2-1.5b, count: 1 }
    - { model: phi-3-mini, count: 1 }
  evaluators:
    - { model: sts-distilroberta, count: 1 }
    - { model: ce-minilm, count: 1 }
    - { model: ce-deberta, count: 1 }
`);
    const measured = { 'sts-distilroberta': 0.66, 'ce-minilm': -0.24, 'ce-deberta': -0.04 };
    for (const [model, r] of Object.entries(measured)) {
      expect(Math.abs(group(result, model).correlationWithTruth! - r)).toBeLessThan(0.05);
    }
  });
});
