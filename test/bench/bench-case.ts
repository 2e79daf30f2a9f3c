/**
 * Runs one benchmark case in this process and prints one JSON line:
 * events/s, rounds/s and the process's peak RSS. Run by run-benchmarks.ts
 * in a fresh process per case, so each peak RSS is the case's own.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packageRoot } from '../../sim/package-info.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';
import { CASES } from './cases.js';

export interface CaseMeasurement {
  readonly name: string;
  readonly description: string;
  readonly events: number;
  readonly rounds: number;
  readonly wallSeconds: number;
  readonly eventsPerSecond: number;
  readonly roundsPerSecond: number;
  readonly peakRssMb: number;
}

const name = process.argv[2];
const benchCase = CASES.find((c) => c.name === name);
if (!benchCase) {
  console.error(`unknown case ${name}; cases: ${CASES.map((c) => c.name).join(', ')}`);
  process.exit(2);
}
const resolved = resolveScenario(loadScenarioText(benchCase.yaml(), join(packageRoot(), 'scenarios', `${benchCase.name}.yaml`)));
const started = performance.now();
const result = runScenario(resolved);
const wallSeconds = (performance.now() - started) / 1000;
const measurement: CaseMeasurement = {
  name: benchCase.name,
  description: benchCase.description,
  events: result.events,
  rounds: result.requestsSettled,
  wallSeconds,
  eventsPerSecond: result.events / wallSeconds,
  roundsPerSecond: result.requestsSettled / wallSeconds,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
};
console.log(JSON.stringify(measurement));
