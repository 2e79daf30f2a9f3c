/**
 * Measures the memory a run holds at its peak, to calibrate the estimate in
 * sim/scenario/size/memory-estimate.ts. Run with the collector exposed, one network
 * per process:
 *
 *   node --expose-gc dist/test/bench/measure-memory.js <inference> <evaluators> [honest|adversarial] [requests] [rounds|poisson:<rate>] [sample seconds]
 *
 * It does what `poq-sim run` does (load, resolve, run, summary, nodes.csv)
 * and, at each step, collects garbage and reads the live JS heap and the
 * array buffers (typed arrays live outside the heap). The step after the
 * market is built is read from inside the run (RunOptions.observe), where
 * the resolved scenario, the market and its typed arrays are all alive.
 * During the run, every `sample seconds` of virtual time, it reads the
 * requests in flight and the array buffers (without collecting, so that
 * buffers a table has outgrown count until they are freed). Prints one
 * JSON line: the checkpoints and the peak of each, in bytes.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { raiseInliningBudget } from '../../sim/cli/inlining-budget.js';
import { nodesCsv, summaryFile } from '../../sim/results/run-files.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';

// As the CLI does (sim/cli/main.ts): the runs below are compiled under the simulator's inlining budget.
raiseInliningBudget();

const MODELS = ['llama-3.2-3b', 'gemma-2-2b', 'tinyllama-1.1b', 'qwen2-1.5b', 'phi-3-mini'];
const EVALUATORS = ['sts-distilroberta', 'ce-minilm', 'ce-deberta'];

const [inference = 1000, evaluators = 300] = process.argv.slice(2, 4).map(Number);
const kind = process.argv[4] ?? 'honest';
/** A number of requests, or `t<seconds>` to stop at a virtual time instead (requests then stay in flight). */
const stop = process.argv[5] ?? '1000';
const requests = stop.startsWith('t') ? Number.NaN : Number(stop);
const demand = process.argv[6] ?? 'rounds';
/** Virtual seconds between samples of the array buffers and the requests in flight during the run. */
const sampleSeconds = Number(process.argv[7] ?? 3600);

function scenario(): string {
  const weights = (ids: readonly string[]) => `{ ${ids.map((id) => `${id}: 1`).join(', ')} }`;
  const adversarial = kind === 'adversarial';
  const [mode, rate] = demand.split(':');
  return `
name: measure-memory
seed: 7
profile: paper-rtx4090
demand: ${mode === 'poisson' ? `{ mode: poisson, ratePerSecond: ${rate} }` : '{ mode: rounds }'}
stop: ${stop.startsWith('t') ? `{ timeSeconds: ${stop.slice(1)} }` : `{ requests: ${requests} }`}
network:
  inferenceNodes: ${inference}
  evaluatorNodes: ${evaluators}
  inference:
    - { fraction: ${adversarial ? 0.9 : 1}, model: ${weights(MODELS)} }${adversarial ? `\n    - { name: cheats, fraction: 0.1, model: gemma-2-2b, behaviour: { kind: misreport-cost, factor: 0.5 } }` : ''}
  evaluators:
    - { fraction: ${adversarial ? 0.9 : 1}, model: ${weights(EVALUATORS)} }${adversarial ? `\n    - { name: boosters, fraction: 0.1, model: sts-distilroberta, behaviour: { kind: boost, amount: 0.2 } }` : ''}
output: { timeseries: { intervalSeconds: ${sampleSeconds} } }
mechanism:
  evaluatorsPerRound: 3${adversarial ? '\n  audits: { probability: 0.1, slash: 1 }' : ''}
`;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

interface Checkpoint {
  readonly step: string;
  readonly heap: number;
  readonly arrayBuffers: number;
  readonly seconds: number;
}
const started = performance.now();
const checkpoints: Checkpoint[] = [];
function checkpoint(step: string): void {
  gc!();
  const usage = process.memoryUsage();
  checkpoints.push({ step, heap: usage.heapUsed, arrayBuffers: usage.arrayBuffers, seconds: (performance.now() - started) / 1000 });
}

checkpoint('start');
const loaded = loadScenarioText(scenario(), join(process.cwd(), 'measure-memory.yaml'));
const resolved = resolveScenario(loaded);
checkpoint('resolved');
let built = 0;
let pendingPeak = 0;
let arrayBuffersInRun = 0;
const result = runScenario(resolved, {
  observe: (market) => {
    checkpoint(built++ === 0 ? 'built' : 'twin built');
    // Without collecting: buffers a table outgrew count until they are freed, as they do at the peak.
    market.samples$.subscribe(() => {
      pendingPeak = Math.max(pendingPeak, market.requests.active);
      arrayBuffersInRun = Math.max(arrayBuffersInRun, process.memoryUsage().arrayBuffers);
    });
  },
});
checkpoint('ran');
const summary = summaryFile(result, resolved);
const csv = nodesCsv(result);
checkpoint('nodes.csv');
const base = checkpoints[0]!;
const peak = (field: 'heap' | 'arrayBuffers') => Math.max(...checkpoints.map((c) => c[field]));
console.log(
  JSON.stringify({
    inference,
    evaluators,
    kind,
    stop,
    demand,
    settled: summary.requestsSettled,
    csvChars: csv.length,
    base: { heap: base.heap, arrayBuffers: base.arrayBuffers },
    peakHeap: peak('heap'),
    peakArrayBuffers: peak('arrayBuffers'),
    peakTotal: Math.max(...checkpoints.map((c) => c.heap + c.arrayBuffers)),
    pendingPeak,
    arrayBuffersInRun,
    maxRss: process.resourceUsage().maxRSS * 1024,
    checkpoints,
  }),
);
