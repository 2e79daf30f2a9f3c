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
import { group, resolveText, ROOT } from '../helpers.js';

function withRequests(resolved: ResolvedScenario, requests: number): ResolvedScenario {
  return { ...resolved, scenario: { ...resolved.scenario, stop: { ...resolved.scenario.stop, requests } } };
}

/** The share of replications whose interval of `field` for each group covers `truth(group)`. */
function coverage(runs: readonly RunResult[], truth: ReadonlyMap<string, number>, field: string): number {
  let covered = 0;
  let intervals = 0;
  for (const run of runs) {
    for (const g of run.groups) {
      const interval = g.intervals[field]!;
      const value = truth.get(`${g.role}/${g.model}`)!;
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
    console.log('baseline coverage', share);
    // 300 runs × 8 groups: the binomial standard error at 95% is 0.45 points.
    expect(share).toBeGreaterThanOrEqual(0.93);
    expect(share).toBeLessThanOrEqual(0.97);
    expect(runs.every((run) => run.statistics.intervalMethod === 'batch-means')).toBe(true);
  }, 120_000);
});
