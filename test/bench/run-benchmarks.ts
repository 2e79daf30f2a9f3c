/**
 * `npm run bench`: runs each benchmark case in its own process and prints
 * events/s, rounds/s, wall time and peak RSS. Pass case names to run a
 * subset.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseMeasurement } from './bench-case.js';
import { CASES } from './cases.js';
import { runStartupBenchmarks } from './startup-benchmarks.js';
import { runStudyBenchmarks } from './study-benchmarks.js';
import { runSweepBenchmarks } from './sweep-benchmarks.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const selected = process.argv.slice(2);
const cases = selected.length > 0 ? CASES.filter((c) => selected.includes(c.name)) : CASES;
const sweepSelection = selected.filter((name) => name.startsWith('sweep'));
const studySelection = selected.filter((name) => name.startsWith('study'));

const withReport = selected.length === 0 || selected.includes('report');
const withStartup = selected.length === 0 || selected.includes('startup');

console.log(`poq-sim benchmarks · node ${process.version} · ${cpus()[0]?.model ?? 'unknown CPU'} · one core per case`);
const rows: CaseMeasurement[] = [];
for (const benchCase of cases) {
  const output = execFileSync(process.execPath, [join(here, 'bench-case.js'), benchCase.name], { encoding: 'utf8' });
  rows.push(JSON.parse(output.trim().split('\n').pop()!) as CaseMeasurement);
  const m = rows[rows.length - 1]!;
  console.log(
    `${m.name.padEnd(14)} ${(m.eventsPerSecond / 1e6).toFixed(2).padStart(6)} M events/s  ` +
      `${(m.roundsPerSecond / 1e6).toFixed(3).padStart(7)} M rounds/s  ` +
      `${m.events.toLocaleString('en-US').padStart(11)} events in ${m.wallSeconds.toFixed(2).padStart(6)} s  ` +
      `peak RSS ${m.peakRssMb.toFixed(0).padStart(5)} MB  (${m.description})`,
  );
}
const honest = rows.find((r) => r.name === 'network-10k');
const adversarial = rows.find((r) => r.name === 'network-10k-adv');
if (honest && adversarial) {
  // Per request, not per event: commit–reveal adds an event to every request of the defended network.
  const perRequest = (m: CaseMeasurement) => (m.cpuSeconds / m.rounds) * 1e6;
  console.log(
    `adversaries and defences: ${perRequest(adversarial).toFixed(2)} µs of CPU per request against ${perRequest(honest).toFixed(2)} µs honest ` +
      `(${((perRequest(adversarial) / perRequest(honest) - 1) * 100).toFixed(1)}% more; run one after the other on a shared host, so compare with care)`,
  );
}
const batching = rows.find((r) => r.name === 'network-10k-batch');
if (honest && batching) {
  const perRequest = (m: CaseMeasurement) => (m.cpuSeconds / m.rounds) * 1e6;
  console.log(
    `batching at every node: ${perRequest(batching).toFixed(2)} µs of CPU per request against ${perRequest(honest).toFixed(2)} µs served one at a time ` +
      `(${(batching.eventsPerSecond / 1e6).toFixed(2)} M events/s; a batch completion is one event for all its jobs, a wait that runs out one more)`,
  );
}
const small = rows.find((r) => r.name === 'baseline-100k');
const large = rows.find((r) => r.name === 'baseline-1m');
if (small && large) {
  console.log(
    `memory vs rounds: peak RSS ${small.peakRssMb.toFixed(0)} MB at 100k rounds, ${large.peakRssMb.toFixed(0)} MB at 1M rounds ` +
      `(${((large.peakRssMb / small.peakRssMb - 1) * 100).toFixed(1)}% for 10× the rounds)`,
  );
}

// --- calibration (issue 5): fitting a profile from a large measurement log ---
if (selected.length === 0 || selected.includes('fit-from-log')) {
  const fit = JSON.parse(execFileSync(process.execPath, [join(here, 'fit-bench.js')], { encoding: 'utf8' }).trim()) as {
    rows: number;
    wallSeconds: number;
    rowsPerSecond: number;
    peakRssMb: number;
  };
  console.log(
    `fit-from-log   ${fit.rows.toLocaleString('en-US')} measurement rows fitted in ${fit.wallSeconds.toFixed(2)} s ` +
      `(${(fit.rowsPerSecond / 1000).toFixed(0)} k rows/s), peak RSS ${fit.peakRssMb.toFixed(0)} MB`,
  );
}

// --- sweeps (issue 4) ---
if (selected.length === 0 || sweepSelection.length > 0) runSweepBenchmarks(sweepSelection);

// --- studies (issue 20): exploit, sensitivity and tune on the shipped scenarios ---
if (selected.length === 0 || studySelection.length > 0) runStudyBenchmarks(studySelection);

// Report rendering time per figure (test/bench/report-bench.ts), in its own process.
if (withReport) {
  console.log('');
  process.stdout.write(execFileSync(process.execPath, [join(here, 'report-bench.js')], { encoding: 'utf8' }));
}

// --- issue 21: what a user waits for, held against its budgets (test/bench/startup-benchmarks.ts) ---
if (withStartup) runStartupBenchmarks();
