/**
 * Runs one sweep benchmark in this process and prints one JSON line: points
 * per second and the process's peak RSS (worker threads included). Run by
 * run-benchmarks.ts in a fresh process per case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { raiseInliningBudget } from '../../sim/cli/inlining-budget.js';
import { ThreadPoolExecutor } from '../../sim/experiment/executors/thread-pool.js';
import { runExperiment } from '../../sim/experiment/experiment.js';
import { planExperiment } from '../../sim/experiment/plan.js';
import { packageRoot } from '../../sim/package-info.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { SWEEP_CASES } from './sweep-cases.js';

// As the CLI does (sim/cli/main.ts): the runs below are compiled under the simulator's inlining budget.
raiseInliningBudget();

export interface SweepMeasurement {
  readonly name: string;
  readonly description: string;
  readonly workers: number;
  readonly points: number;
  readonly runs: number;
  readonly wallSeconds: number;
  readonly pointsPerSecond: number;
  readonly peakRssMb: number;
}

const name = process.argv[2];
const benchCase = SWEEP_CASES.find((c) => c.name === name);
if (!benchCase) {
  console.error(`unknown sweep case ${name}; cases: ${SWEEP_CASES.map((c) => c.name).join(', ')}`);
  process.exit(2);
}
const plan = planExperiment(loadScenarioText(benchCase.yaml(), join(packageRoot(), 'scenarios', `${benchCase.name}.yaml`)));
const out = mkdtempSync(join(tmpdir(), 'poq-bench-sweep-'));
const executor = new ThreadPoolExecutor(plan.context, benchCase.workers);
const started = performance.now();
const outcome = await runExperiment(plan, { out: join(out, 'experiment'), executor });
const wallSeconds = (performance.now() - started) / 1000;
await executor.close();
rmSync(out, { recursive: true, force: true });
const measurement: SweepMeasurement = {
  name: benchCase.name,
  description: benchCase.description,
  workers: benchCase.workers,
  points: outcome.total,
  runs: outcome.runs,
  wallSeconds,
  pointsPerSecond: outcome.total / wallSeconds,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
console.log(JSON.stringify(measurement));
