/**
 * Small sweep folders for the declared-figure tests, with values from a
 * stated model (no simulation): a misreport sweep (factor × slash × audit
 * probability, the misreporters' gain falling linearly through zero) and a
 * consensus sweep (K × a consensus mapping, a run-level error), each with
 * seeded noise and a few replications, written in the formats of
 * docs/results-format.md by test/bench/report-fixtures.ts.
 */
import { join } from 'node:path';
import { type MetricRow, type Values, writeExperiment } from '../bench/report-fixtures.js';
import { temporaryFolder } from './folders.js';

/** A deterministic noise in [-0.5, 0.5) from integers (no stream needed for a stated model). */
const noise = (...keys: readonly number[]) => {
  const x = Math.sin(keys.reduce((h, k) => h * 31 + k + 1, 7)) * 43758.5453;
  return x - Math.floor(x) - 0.5;
};

const group = (level: MetricRow['level'], role: string, model: string, population = ''): Omit<MetricRow, 'metric' | 'value'> => ({
  level,
  role,
  model,
  population,
  operator: '',
});

/** The gain the model gives: 0.02·(1 − factor)·4 − p·slash·0.08; it crosses zero at p* = (1 − factor)/slash. */
export const misreportGain = (factor: number, slash: number, p: number) => 0.08 * (1 - factor) - 0.08 * slash * p;

export function misreportFolder(replications = 4): string {
  const dir = join(temporaryFolder('poq-declared-'), 'misreport');
  const base = {
    mechanism: { audits: { probability: 0, slash: 1 } },
    network: { inference: [{}, {}, {}, { behaviour: { factor: 0.5 } }] },
  };
  writeExperiment(
    dir,
    'misreport-audit',
    [
      { name: 'factor', path: 'network.inference.3.behaviour.factor', values: [0.5, 0.75] },
      { name: 'slash', path: 'mechanism.audits.slash', values: [1, 2, 4] },
      { name: 'audit_probability', path: 'mechanism.audits.probability', values: [0, 0.05, 0.1, 0.2, 0.3, 0.4] },
    ],
    replications,
    base,
    (values: Values, replication: number) => {
      const [factor, slash, p] = [values['factor'] as number, values['slash'] as number, values['audit_probability'] as number];
      const gain = misreportGain(factor, slash, p) + 0.01 * noise(factor * 100, slash, p * 100, replication);
      const reward = (model: string, level: number) => level + 0.02 * noise(model.length, p * 100, replication);
      return {
        run: { audit_detection_rate: 0.9 + 0.05 * noise(p * 100, replication), consensus_mae: 0.1 },
        metrics: [
          { ...group('population', 'inference', 'tinyllama-1.1b', 'misreporters'), metric: 'twin_gain_per_round', value: gain },
          { ...group('population', 'inference', 'tinyllama-1.1b', 'honest-tinyllama'), metric: 'twin_gain_per_round', value: 0 },
          { ...group('role-model', 'inference', 'llama-3.2-3b'), metric: 'mean_reward', value: reward('llama-3.2-3b', 0.55) },
          { ...group('role-model', 'inference', 'tinyllama-1.1b'), metric: 'mean_reward', value: reward('tinyllama-1.1b', 0.45) },
          // Overtakes tinyllama from p = 0.2 and llama at p = 0.4: the ranking of the base point (p = 0) does not hold everywhere.
          { ...group('role-model', 'inference', 'gemma-2-2b'), metric: 'mean_reward', value: reward('gemma-2-2b', 0.4 + 0.5 * p) },
        ],
      };
    },
  );
  return dir;
}

export const CONSENSUS_RULES = [{ rule: 'mean' }, { rule: 'median' }, { rule: 'trimmed-mean', trimFraction: 0.25 }] as const;

export function consensusFolder(replications = 3): string {
  const dir = join(temporaryFolder('poq-declared-'), 'consensus');
  writeExperiment(
    dir,
    'consensus-sweep',
    [
      { name: 'k', path: 'mechanism.evaluatorsPerRound', values: [1, 3, 5, 7] },
      { name: 'consensus', path: 'mechanism.consensus', values: CONSENSUS_RULES },
      { name: 'malicious_fraction', path: 'network.evaluators.1.fraction', values: [0.1, 0.3] },
    ],
    replications,
    { mechanism: { evaluatorsPerRound: 3, consensus: { rule: 'mean' } } },
    (values: Values, replication: number) => {
      const k = values['k'] as number;
      const rule = CONSENSUS_RULES.findIndex((r) => JSON.stringify(r) === JSON.stringify(values['consensus']));
      const share = values['malicious_fraction'] as number;
      const error = (0.05 + share * 0.3) / Math.sqrt(k) / (1 + rule) + 0.002 * noise(k, rule, share * 10, replication);
      return { run: { consensus_honest_mae: error, adversary_reward_share: share * (1 + 0.1 * rule) }, metrics: [] };
    },
  );
  return dir;
}
