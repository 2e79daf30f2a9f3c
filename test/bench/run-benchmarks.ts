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

const here = fileURLToPath(new URL('.', import.meta.url));
const selected = process.argv.slice(2);
const cases = selected.length > 0 ? CASES.filter((c) => selected.includes(c.name)) : CASES;
const withReport = selected.length === 0 || selected.includes('report');

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
const small = rows.find((r) => r.name === 'baseline-100k');
const large = rows.find((r) => r.name === 'baseline-1m');
if (small && large) {
  console.log(
    `memory vs rounds: peak RSS ${small.peakRssMb.toFixed(0)} MB at 100k rounds, ${large.peakRssMb.toFixed(0)} MB at 1M rounds ` +
      `(${((large.peakRssMb / small.peakRssMb - 1) * 100).toFixed(1)}% for 10× the rounds)`,
  );
}

// Report rendering time per figure (test/bench/report-bench.ts), in its own process.
if (withReport) {
  console.log('');
  process.stdout.write(execFileSync(process.execPath, [join(here, 'report-bench.js')], { encoding: 'utf8' }));
}
