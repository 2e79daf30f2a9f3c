/**
 * One source for what every column and metric means: the catalogue in the
 * code covers every metric a run reports, at the levels it reports it,
 * and docs/results-format.md lists exactly what the catalogue says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedBlockNames, withGeneratedBlocks } from '../../sim/experiment/column-docs.js';
import { runMetrics } from '../../sim/experiment/metrics.js';
import { METRIC_MEANINGS } from '../../sim/results/metric-meanings.js';
import { ROOT, runText } from '../helpers.js';
import { network } from '../network.js';

/**
 * A network with every kind of group: misreporters (so the honest twin runs), learners, a colluding ring under audits,
 * batching evaluators, a cost measure named, so the run keeps the hardware accounting, `economics:`, so it keeps money, a pool, a reward controller and exit,
 * spot checks, multiplicative trust anchored on gold rounds, so it reports the evaluators' weights, and reward dispersion.
 */
const everyKind = () =>
  runText(
    `${network({
      rounds: 600,
      inference: [
        '- { name: cheats, model: big, count: 2, behaviour: { kind: misreport-cost, factor: 0.5 } }',
        '- { name: learner, model: small, count: 2, behaviour: { kind: adaptive, tune: misreport-factor, grid: [0.5, 1], epochRounds: 20 } }',
        '- { name: ring-f, model: small, count: 1, operator: ring }',
      ],
      evaluators: [
        '- { name: ring-m, model: good, count: 2, operator: ring, behaviour: { kind: collude, boost: 0.3, sabotage: 0.1 } }',
        '- { name: batched, model: good, count: 2, batching: { policy: queued, maxSize: 4 } }',
      ],
      mechanism: [
        'consensus: { rule: multiplicative-trust, gold: 0.2 }',
        'audits: { probability: 0.3, slash: 1 }',
        'spotChecks: { probability: 0.2, slash: 1 }',
        'stake: { initial: 1000000 }',
        'rewards: { cost: { measure: usd }, pool: { emissionPerEpoch: 10, epochSeconds: 1, split: proportional }, controller: { adjust: beta, target: { tokensPerEpoch: 5 }, gain: 0.1, min: 0.1, max: 1 } }',
      ],
    })}economics: { tokenPriceUsd: 2, feeUsdPerRequest: 0.001, exit: { lossEpochs: 5 } }\nanalysis: { rewardDispersion: true }\n`,
  );

/** A judge cascade: its stages draw from fixed members, so it cannot run beside batching or exit, and reports from a run of its own. */
const withCascade = () =>
  runText(
    network({
      rounds: 200,
      k: 3,
      evaluators: ['- { name: dear, model: good, count: 2 }'],
      mechanism: [
        'cascade: { first: { population: honest-evaluators, k: 2 }, escalate: { population: dear, k: 1 }, when: { disagreementAtLeast: 0.1 } }',
      ],
    }),
  );

describe('the meaning of every metric', () => {
  it('is in the catalogue, with the levels that report it, and the catalogue has nothing a run does not report', () => {
    const reported = new Set<string>();
    for (const metrics of [runMetrics(everyKind()), runMetrics(withCascade())]) {
      for (const [name] of metrics.run) reported.add(`${name} @ run`);
      for (const group of metrics.groups) for (const [name] of group.metrics) reported.add(`${name} @ ${group.level}`);
    }
    const catalogued = new Set(Object.entries(METRIC_MEANINGS).flatMap(([name, m]) => m.levels.map((level) => `${name} @ ${level}`)));
    expect([...reported].filter((entry) => !catalogued.has(entry))).toEqual([]);
    expect([...catalogued].filter((entry) => !reported.has(entry))).toEqual([]);
  });

  it('gives every metric a unit and a meaning', () => {
    for (const [name, m] of Object.entries(METRIC_MEANINGS)) {
      expect(m.unit, name).not.toBe('');
      expect(m.meaning.length, name).toBeGreaterThan(10);
    }
  });
});

describe('docs/results-format.md', () => {
  const document = readFileSync(join(ROOT, 'docs', 'results-format.md'), 'utf8');

  it('holds the metric, table-column, nodes.csv and time-series column tables as the code describes them (npm run docs:columns rewrites them)', () => {
    expect(generatedBlockNames(document).sort()).toEqual(['metric-names', 'node-columns', 'table-columns', 'timeseries-columns']);
    expect(withGeneratedBlocks(document)).toBe(document);
  });

  it('would notice a stale table', () => {
    const stale = document.replace('| `mean_reward` | role-model, population |', '| `mean_reward` | role-model |');
    expect(stale).not.toBe(document);
    expect(withGeneratedBlocks(stale)).toBe(document);
  });
});
