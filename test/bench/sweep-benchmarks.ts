/** The sweep part of `npm run bench`: points/s on 1 and 2 worker threads, the speedup, and peak RSS. */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SweepMeasurement } from './sweep-case.js';
import { SWEEP_CASES } from './sweep-cases.js';

const here = fileURLToPath(new URL('.', import.meta.url));

export function runSweepBenchmarks(selected: readonly string[]): void {
  const cases = selected.length > 0 ? SWEEP_CASES.filter((c) => selected.includes(c.name)) : SWEEP_CASES;
  const rows: SweepMeasurement[] = [];
  for (const benchCase of cases) {
    const output = execFileSync(process.execPath, [join(here, 'sweep-case.js'), benchCase.name], { encoding: 'utf8' });
    const m = JSON.parse(output.trim().split('\n').pop()!) as SweepMeasurement;
    rows.push(m);
    console.log(
      `${m.name.padEnd(14)} ${m.pointsPerSecond.toFixed(1).padStart(7)} points/s  ` +
        `${m.points.toLocaleString('en-US').padStart(6)} points (${m.runs.toLocaleString('en-US')} runs) in ${m.wallSeconds.toFixed(2).padStart(6)} s  ` +
        `peak RSS ${m.peakRssMb.toFixed(0).padStart(5)} MB  (${m.description})`,
    );
  }
  const one = rows.find((r) => r.name === 'sweep-2000-1w');
  const two = rows.find((r) => r.name === 'sweep-2000-2w');
  if (one && two) console.log(`sweep speedup, 2 vs 1 worker threads: ×${(two.pointsPerSecond / one.pointsPerSecond).toFixed(2)}`);
  const small = rows.find((r) => r.name === 'sweep-200-2w');
  if (small && two) {
    console.log(
      `sweep memory vs points: peak RSS ${small.peakRssMb.toFixed(0)} MB at 200 points, ${two.peakRssMb.toFixed(0)} MB at 2,000 points (2 workers)`,
    );
  }
}
