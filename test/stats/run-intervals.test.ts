/**
 * Do a run's 95% intervals cover the long-run mean 95% of the time? Checked
 * by replication: on the paper baseline, whose rounds are independent, and
 * on a queue at ρ = 0.9 billed on sojourn time, whose rounds are strongly
 * correlated (there an interval that took rounds as independent covered
 * 12.5% of the time).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../sim/results/run-result.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';
import type { ResolvedScenario } from '../../sim/scenario/resolved.js';
import { resolveText, ROOT } from '../helpers.js';

/** Requests per run of the correlated queue: at ρ = 0.9 a much shorter run is dominated by a few long busy periods. */
const REQUESTS = 200_000;

function withRequests(resolved: ResolvedScenario, requests: number): ResolvedScenario {
  return { ...resolved, scenario: { ...resolved.scenario, stop: { ...resolved.scenario.stop, requests } } };
}

/** The share of the intervals of `field`, over runs and the groups `truth` names, that cover the group's true value. */
function coverage(runs: readonly RunResult[], truth: ReadonlyMap<string, number>, field: string): number {
  let covered = 0;
  let intervals = 0;
  for (const run of runs) {
    for (const g of run.groups) {
      const value = truth.get(`${g.role}/${g.model}`);
      if (value === undefined) continue;
      const interval = g.intervals[field]!;
      intervals++;
      if (interval[0] <= value && value <= interval[1]) covered++;
    }
  }
  return covered / intervals;
}

describe('per-run 95% intervals', () => {
  it('cover the long-run mean reward 93–97% of the time on the independent paper baseline', () => {
    const baseline = resolveScenario(loadScenarioFile(join(ROOT, 'scenarios', 'paper-baseline.yaml')));
    const short = withRequests(baseline, 2_500);
    // The long-run means, from one run 200 times as long (its own error is a fourteenth of a run's).
    const long = runScenario(withRequests(baseline, 500_000), { runKey: 'long-run' });
    const truth = new Map(long.groups.map((g) => [`${g.role}/${g.model}`, g.meanReward]));
    const runs = Array.from({ length: 300 }, (_, r) => runScenario(short, { runKey: r }));
    const share = coverage(runs, truth, 'meanReward');
    // 300 runs × 8 groups: the binomial standard error at 95% is 0.45 points.
    expect(share).toBeGreaterThanOrEqual(0.93);
    expect(share).toBeLessThanOrEqual(0.97);
    expect(runs.every((run) => run.statistics.intervalMethod === 'batch-means')).toBe(true);
  }, 120_000);

  it('cover the long-run mean wait and cost at least 90% of the time on a queue at ρ = 0.9 billed on sojourn time', () => {
    // M/G/1 with lognormal service of mean 100 ms and cv 0.5 (as measured LLM latencies are) and λ = 9/s, so ρ = 0.9.
    // Pollaczek–Khinchine: mean wait λE[S²]/(2(1 − ρ)) = 9 × 0.0125 s² / 0.2 = 562.5 ms; sojourn 662.5 ms, billed at 1 USD/h.
    // The run starts empty; its first 20,000 requests (many relaxation times) are declared warm-up.
    const queue = resolveText(`
name: correlated
seed: 3
profile: ../profiles/mm1.yaml
demand: { mode: poisson, ratePerSecond: 9 }
stop: { requests: ${REQUESTS} }
network:
  inference:
    - { model: lognormal-server, count: 1 }
  evaluators:
    - { model: instant, count: 1, concurrency: 1000 }
mechanism:
  evaluatorsPerRound: 1
  rewards: { cost: { basis: sojourn } }
analysis: { warmup: { requests: 20000 } }
`);
    const runs = Array.from({ length: 100 }, (_, r) => runScenario(queue, { runKey: r }));
    const wait = coverage(runs, new Map([['inference/lognormal-server', 562.5]]), 'meanWaitMs');
    const cost = coverage(runs, new Map([['inference/lognormal-server', 662.5 / 3_600_000]]), 'meanTrueCostUsd');
    expect(wait).toBeGreaterThanOrEqual(0.9);
    expect(cost).toBeGreaterThanOrEqual(0.9);
  }, 300_000);
});
