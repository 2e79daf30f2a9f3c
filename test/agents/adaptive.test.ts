/** Adaptive cheaters learn to cheat where it pays and to be honest where the mechanism makes it unprofitable. */
import { describe, expect, it } from 'vitest';
import { population, run } from '../network.js';

const learners = (learner: string, mechanism: string[]) =>
  population(
    run({
      rounds: 20_000,
      inference: [
        `- { name: learner, model: big, count: 4, behaviour: { kind: adaptive, tune: misreport-factor, grid: [0.25, 0.5, 0.75, 1], epochRounds: 20, learner: ${learner} } }`,
      ],
      mechanism,
    }),
    'learner',
  );

const AUDITED = ['audits: { probability: 0.5, slash: 2 }', 'stake: { initial: 1000000 }'];

describe('adaptive cost misreporting', () => {
  for (const learner of ['{ rule: epsilon-greedy, epsilon: 0.1 }', '{ rule: exp3, gamma: 0.1 }']) {
    it(`${learner}: converges to the deepest misreport without audits`, () => {
      const adaptive = learners(learner, []).adaptive!;
      expect(adaptive.meanGreedyValue).toBe(0.25);
      expect(adaptive.honestShare).toBe(0);
      expect(adaptive.meanRecentValue).toBeLessThan(0.5);
    });

    it(`${learner}: converges to honesty when audits make misreporting unprofitable`, () => {
      const adaptive = learners(learner, AUDITED).adaptive!;
      expect(adaptive.honestShare).toBe(1);
      expect(adaptive.meanGreedyValue).toBe(1);
      // EXP3 keeps exploring (γ of its plays are uniform), so its recent plays stay more mixed than ε-greedy's.
      expect(adaptive.meanRecentValue).toBeGreaterThan(0.6);
    });
  }
});

describe('adaptive boosting', () => {
  it('learns that boosting only costs agreement, so it stops', () => {
    const result = run({
      rounds: 20_000,
      evaluators: [
        '- { name: learner, model: good, count: 3, behaviour: { kind: adaptive, tune: boost, grid: [0, 0.1, 0.2, 0.3], epochRounds: 20 } }',
      ],
    });
    expect(population(result, 'learner').adaptive!.honestShare).toBe(1);
  });
});
