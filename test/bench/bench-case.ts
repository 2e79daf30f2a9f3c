/**
 * Runs one benchmark case in this process and prints one JSON line:
 * events/s, rounds/s and the process's peak RSS. Run by run-benchmarks.ts
 * in a fresh process per case, so each peak RSS is the case's own.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { raiseInliningBudget } from '../../sim/cli/inlining-budget.js';
import { packageRoot } from '../../sim/package-info.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';
import { CASES, LARGEST_CASE, SCALING_CASES } from './cases.js';

// As the CLI does (sim/cli/main.ts): the runs below are compiled under the simulator's inlining budget.
raiseInliningBudget();

export interface CaseMeasurement {
  readonly name: string;
  readonly description: string;
  readonly events: number;
  readonly rounds: number;
  /** Time to load, validate and resolve the scenario (the run's own set-up is inside wallSeconds). */
  readonly resolveSeconds: number;
  /** Time of runScenario: building the market, the event loop, the summaries. */
  readonly wallSeconds: number;
  readonly eventsPerSecond: number;
  readonly roundsPerSecond: number;
  /** The event loop alone (from the first event to the last), without building the market or summarizing. */
  readonly loopSeconds: number;
  readonly loopEventsPerSecond: number;
  /** CPU time of the event loop alone: on a shared machine, wall time also counts the time the process was not running. */
  readonly loopCpuSeconds: number;
  /** CPU time (user + system, all threads) of runScenario: less sensitive than wall time to other load on the machine. */
  readonly cpuSeconds: number;
  readonly peakRssMb: number;
}

const name = process.argv[2];
const benchCase = [...CASES, ...SCALING_CASES, LARGEST_CASE].find((c) => c.name === name);
if (!benchCase) {
  console.error(`unknown case ${name}; cases: ${[...CASES, ...SCALING_CASES, LARGEST_CASE].map((c) => c.name).join(', ')}`);
  process.exit(2);
}
const resolveStarted = performance.now();
const resolved = resolveScenario(loadScenarioText(benchCase.yaml(), join(packageRoot(), 'scenarios', `${benchCase.name}.yaml`)));
const resolveSeconds = (performance.now() - resolveStarted) / 1000;
const cpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
let loopStarted = 0;
let loopEnded = 0;
let loopCpuStarted = 0;
let loopCpuEnded = 0;
const started = performance.now();
const cpuStarted = cpuSeconds();
const result = runScenario(resolved, {
  // progress$ ticks every 65,536 events and once when the run ends: the last tick times the end of the loop.
  observe: (_market, env) => {
    loopStarted = performance.now();
    loopCpuStarted = cpuSeconds();
    env.progress$.subscribe(() => {
      loopEnded = performance.now();
      loopCpuEnded = cpuSeconds();
    });
  },
});
const wallSeconds = (performance.now() - started) / 1000;
const cpuUsed = cpuSeconds() - cpuStarted;
const loopSeconds = (loopEnded - loopStarted) / 1000;
const measurement: CaseMeasurement = {
  name: benchCase.name,
  description: benchCase.description,
  events: result.events,
  rounds: result.requestsSettled,
  resolveSeconds,
  wallSeconds,
  eventsPerSecond: result.events / wallSeconds,
  roundsPerSecond: result.requestsSettled / wallSeconds,
  loopSeconds,
  loopEventsPerSecond: result.events / loopSeconds,
  loopCpuSeconds: loopCpuEnded - loopCpuStarted,
  cpuSeconds: cpuUsed,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
console.log(JSON.stringify(measurement));
