/** Each defence on a small network with a fixed seed, asserting the effect it claims. */
import { describe, expect, it } from 'vitest';
import { errorFunction } from 'simple-statistics';
import { population, run } from '../network.js';

const boosters = (rule: string, share = 3) =>
  run({
    honestEvaluators: 10 - share,
    evaluators: [`- { name: boosters, model: good, count: ${share}, behaviour: { kind: boost, amount: 0.3 } }`],
    mechanism: [`consensus: ${rule}`],
  });
const saboteurs = (rule: string) =>
  run({
    honestEvaluators: 7,
    evaluators: ['- { name: saboteurs, model: good, count: 3, behaviour: { kind: sabotage, amount: 0.3 } }'],
    mechanism: [`consensus: ${rule}`],
  });

describe('robust consensus', () => {
  for (const [attack, scenario] of [
    ['boosting', boosters],
    ['sabotage', saboteurs],
  ] as const) {
    it(`median and trimmed mean err less than the mean with 30% ${attack} evaluators, trust weighting least`, () => {
      const error = (rule: string) => scenario(rule).consensus.meanAbsoluteError;
      const mean = error('{ rule: mean }');
      const median = error('{ rule: median }');
      const trimmed = error('{ rule: trimmed-mean, trimFraction: 0.2 }');
      const trust = error('{ rule: trust-weighted }');
      expect(median).toBeLessThan(mean);
      expect(trimmed).toBeLessThan(mean);
      expect(trust).toBeLessThan(Math.min(median, trimmed));
    });
  }

  it('trust weighting learns: its error falls over the run', () => {
    const windows = boosters('{ rule: trust-weighted, smoothing: 0.005 }').consensus.meanAbsoluteErrorByWindow;
    expect(windows).toHaveLength(10);
    expect(windows[0]! - windows[9]!).toBeGreaterThan(0.01);
  });
});

describe('cost audits', () => {
  const cheaters = (audits: string, stake = 1_000_000) =>
    run({
      rounds: 6000,
      inference: ['- { name: cheat, model: big, count: 2, behaviour: { kind: misreport-cost, factor: 0.5 } }'],
      mechanism: [`audits: ${audits}`, `stake: { initial: ${stake} }`],
    });

  it('detect misreports beyond the tolerance and slash the cheater until cheating stops paying', () => {
    const light = population(cheaters('{ probability: 0.1, slash: 1 }'), 'cheat');
    const heavy = population(cheaters('{ probability: 0.6, slash: 1 }'), 'cheat');
    expect(light.flags).toBeGreaterThan(0);
    expect(light.twin!.gainPerRound).toBeGreaterThan(0);
    expect(heavy.twin!.gainPerRound).toBeLessThan(0);
    expect(heavy.totalSlashed).toBeCloseTo(heavy.flags * 1, 10);
  });

  it('flag honest reports at the rate the measurement noise implies', () => {
    // Flagged when exp(σZ)(1 − tolerance) > 1: P = 1 − Φ(−ln(1 − tolerance) / σ).
    const result = run({
      rounds: 20_000,
      mechanism: ['audits: { probability: 1, measurementNoise: 0.05, tolerance: 0.1 }', 'stake: { initial: 1000000 }'],
    });
    const z = -Math.log(0.9) / 0.05;
    const expected = 1 - (1 + errorFunction(z / Math.SQRT2)) / 2;
    expect(result.adversaries.auditDetectionRate).toBeNull();
    expect(Math.abs(result.adversaries.auditFalsePositiveRate! - expected)).toBeLessThan(0.003);
  });

  it('eject a node whose stake is slashed away; it serves no more', () => {
    const result = cheaters('{ probability: 1, slash: 5 }', 10);
    const cheat = population(result, 'cheat');
    expect(cheat.ejected).toBe(2);
    expect(cheat.rounds).toBeLessThanOrEqual(6);
    expect(result.nodes.filter((n) => n.population === 'cheat').every((n) => n.ejectedAtMs !== null && n.stake === 0)).toBe(true);
  });
});

describe('reputation', () => {
  it('ejects evaluators whose agreement stays below the threshold, and only them', () => {
    const result = run({
      evaluators: ['- { name: saboteurs, model: good, count: 3, behaviour: { kind: sabotage, amount: 0.5 } }'],
      mechanism: ['reputation: { ejectBelow: 0.75 }'],
    });
    expect(population(result, 'saboteurs').ejected).toBe(3);
    expect(population(result, 'honest-evaluators').ejected).toBe(0);
  });

  it('weights evaluator selection away from low-reputation evaluators', () => {
    const result = run({
      evaluators: ['- { name: saboteurs, model: good, count: 3, behaviour: { kind: sabotage, amount: 0.3 } }'],
      mechanism: ['evaluatorSelection: { policy: reputation, exponent: 4 }'],
    });
    const perNode = (name: string) => population(result, name).rounds / population(result, name).count;
    expect(perNode('saboteurs')).toBeLessThan(0.8 * perNode('honest-evaluators'));
  });

  it('routes requests away from inference nodes with poor consensus quality', () => {
    const result = run({ mechanism: ['routing: { policy: reputation, exponent: 4 }'] });
    const perNode = (name: string) => population(result, name).rounds / population(result, name).count;
    expect(perNode('honest-small')).toBeLessThan(0.5 * perNode('honest-big'));
  });
});
