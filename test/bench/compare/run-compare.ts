/**
 * `npm run bench:compare`: poq-sim and the SimPy reference on the identical
 * model and parameters, in one command. Prints whether their statistics
 * agree within sampling error and the ratio of events per second and of
 * wall time. Exits 1 when a statistic disagrees, 2 when SimPy is missing.
 *
 *   npm run bench:compare -- [--requests 20000] [--replications 10] [--seed 11] [--alpha 0.001] [--out file.json]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { raiseInliningBudget } from '../../../sim/cli/inlining-budget.js';
import { compareStatistics, type EngineRun, prepare, runPoqSim, runSimpy, simpyAvailable } from './compare-engines.js';
import { DEFAULT_SIZE } from './reference-spec.js';

// As the CLI does (sim/cli/main.ts): poq-sim's runs below are compiled under its inlining budget.
raiseInliningBudget();

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: String(DEFAULT_SIZE.requests) },
    replications: { type: 'string', default: '10' },
    seed: { type: 'string', default: '11' },
    alpha: { type: 'string', default: '0.001' },
    out: { type: 'string' },
  },
});
const requests = Number(values.requests);
const replications = Number(values.replications);
const seed = Number(values.seed);
const alpha = Number(values.alpha);
if (!(
  Number.isInteger(requests) &&
  requests > 0 &&
  Number.isInteger(replications) &&
  replications >= 2 &&
  Number.isInteger(seed) &&
  alpha > 0 &&
  alpha < 1
)) {
  console.error(
    'bench:compare: --requests must be a positive integer, --replications an integer ≥ 2, --seed an integer, --alpha in (0, 1)',
  );
  process.exit(2);
}
const available = simpyAvailable();
if (!available.ok) {
  console.error(`bench:compare: ${available.reason}`);
  process.exit(2);
}

const size = { ...DEFAULT_SIZE, requests };
const { yaml, scenarioFile, rate, resolved, spec } = prepare({ size, replications, seed });
const inferenceCount = resolved.inferenceNodes.length;
const evaluatorCount = resolved.evaluatorNodes.length;
console.log(
  `poq-sim vs SimPy on the identical model: ${inferenceCount} inference nodes (5 models), ${evaluatorCount} evaluator nodes (3 models), FIFO queues, lognormal service, ` +
    `K = ${spec.k}, mean consensus, Poisson ${rate.toFixed(2)} requests/s (slowest model ${(size.peakUtilization * 100).toFixed(0)}% busy)`,
);
console.log(
  `${replications} independent replications × ${requests.toLocaleString('en-US')} requests per engine · ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores\n`,
);

const poqSim = runPoqSim(yaml, scenarioFile, replications);
const simpy = runSimpy(spec);
const comparisons = compareStatistics(poqSim, simpy, alpha);

const number = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const level = `${((1 - alpha) * 100).toFixed(1)}% CI`;
console.log(
  `${'statistic'.padEnd(40)} ${'poq-sim'.padStart(10)} ${'SimPy'.padStart(10)}   ${`difference [${level}]`.padEnd(34)} ${'p'.padStart(6)}`,
);
for (const c of comparisons) {
  const digits = c.statistic.startsWith('mean time') ? 1 : 4;
  console.log(
    `${c.statistic.padEnd(40)} ${number(c.poqSim, digits).padStart(10)} ${number(c.simpy, digits).padStart(10)}   ` +
      `${`${number(c.difference, digits)} [${number(c.ci[0], digits)}, ${number(c.ci[1], digits)}]`.padEnd(34)} ${number(c.pValue, 3).padStart(6)}  ${c.agrees ? 'agrees' : 'DISAGREES'}`,
  );
}
const disagreeing = comparisons.filter((c) => !c.agrees);
console.log(
  `\n${disagreeing.length === 0 ? `all ${comparisons.length} statistics agree` : `${disagreeing.length} of ${comparisons.length} statistics DISAGREE`}: ` +
    `Welch's two-sample t-test on ${replications} vs ${replications} replication means, two-sided, α = ${alpha} per statistic ` +
    `(chance of any false disagreement ≤ ${(comparisons.length * alpha).toFixed(3)})\n`,
);

const perSecond = (run: EngineRun) => run.events / run.wallSeconds;
const row = (run: EngineRun, name: string) =>
  `${name.padEnd(9)} ${run.events.toLocaleString('en-US').padStart(12)} ${run.wallSeconds.toFixed(2).padStart(9)} s ` +
  `${Math.round(perSecond(run)).toLocaleString('en-US').padStart(12)} ${run.peakRssMb.toFixed(0).padStart(7)} MB   ${run.engine}`;
console.log(`speed, counting model-level events (arrivals + inference completions + evaluation completions) for both engines:`);
console.log(`${'engine'.padEnd(9)} ${'events'.padStart(12)} ${'wall'.padStart(11)} ${'events/s'.padStart(12)} ${'peak RSS'.padStart(10)}`);
console.log(row(poqSim, 'poq-sim'));
console.log(row(simpy, 'SimPy'));
for (const [name, run] of [
  ['poq-sim', poqSim],
  ['SimPy', simpy],
] as const) {
  console.log(
    `(${name}'s own calendar scheduled ${run.internalEvents.toLocaleString('en-US')} events: ` +
      `${(run.internalEvents / run.events).toFixed(1)} per model-level event; ${Math.round(run.internalEvents / run.wallSeconds).toLocaleString('en-US')} of its events/s)`,
  );
}
const speedup = perSecond(poqSim) / perSecond(simpy);
console.log(
  `\npoq-sim: ${speedup.toFixed(1)}× SimPy's events/s; SimPy's wall time is ${(simpy.wallSeconds / poqSim.wallSeconds).toFixed(1)}× poq-sim's ` +
    `(issue 7 asks for ≥ 10×: ${speedup >= 10 ? 'met' : 'NOT met'})`,
);

if (values.out) {
  writeFileSync(
    values.out,
    `${JSON.stringify({ rate, requests, replications, seed, alpha, poqSim, simpy, comparisons, speedup }, null, 2)}\n`,
  );
}
process.exit(disagreeing.length === 0 ? 0 : 1);
