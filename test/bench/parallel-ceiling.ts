/**
 * What two threads can gain on this machine at most: the points of a sweep
 * run one after another in one process, alone and then as two copies at
 * once (separate processes, nothing shared). Two cores of a shared host
 * slow each other (caches, memory bandwidth, the neighbours on the host),
 * so the pair does less than twice the work of one; a 2-worker sweep
 * cannot beat that ratio. A process alone also has the other core for
 * V8's own threads (optimizing compiler, concurrent GC), which a pair must
 * share: the same measurement under `--single-threaded` (those threads'
 * work done on the main thread) says how much of the gap they are.
 * Prints one JSON line: {alone, pair, ratio, singleThreaded: {…}}.
 * With `work` it only runs the points and prints their seconds.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { raiseInliningBudget } from '../../sim/cli/inlining-budget.js';
import { runPoint } from '../../sim/experiment/point.js';
import { planExperiment } from '../../sim/experiment/plan.js';
import { packageRoot } from '../../sim/package-info.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';

/** Points of the shipped paper-baseline sweep (10 replications each) each copy runs. */
const POINTS = 20;

function work(): number {
  raiseInliningBudget();
  const plan = planExperiment(loadScenarioFile(join(packageRoot(), 'scenarios', 'paper-baseline-sweep.yaml')));
  const started = performance.now();
  for (let id = 0; id < POINTS; id++) runPoint(plan.context, { pointId: id, values: plan.points[id]!.values });
  return (performance.now() - started) / 1000;
}

function copy(flags: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, fileURLToPath(import.meta.url), 'work'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Number(output.trim())) : reject(new Error(`parallel-ceiling work exited ${code}`))));
  });
}

if (process.argv[2] === 'work') {
  console.log(work());
} else {
  const ceiling = async (flags: readonly string[]) => {
    const alone = await copy(flags);
    const pair = Math.max(...(await Promise.all([copy(flags), copy(flags)])));
    return { alone, pair, ratio: (2 * alone) / pair };
  };
  console.log(JSON.stringify({ ...(await ceiling([])), singleThreaded: await ceiling(['--single-threaded']) }));
}
