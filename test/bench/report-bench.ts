/**
 * Report rendering time per figure: renders the reports of a paper-baseline
 * run (with a timeseries), a β × α reward sweep, a collusion sweep and a
 * calibration folder, twice each, and prints the second (warm) render's
 * time per figure, split into SVG (Vega-Lite compile, Vega layout, SVG;
 * panel layouts are laid out more than once to fit the column), PNG
 * (resvg, 300 dpi, on libuv's thread pool beside the next figures: from
 * its start to its file, overlapped) and PDF (PDFKit). Run by `npm run bench` (or
 * `npm run bench -- report`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeReport, type ReportResult } from '../../reports/write-report.js';
import { packageRoot } from '../../sim/package-info.js';
import { writeCalibrationFolder, writeRewardSweep, writeRobustnessSweep } from './report-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'poq-report-bench-'));
try {
  const scenario = readFileSync(join(packageRoot(), 'scenarios', 'paper-baseline.yaml'), 'utf8').replace(
    /^stop:/m,
    'output: { timeseries: { intervalSeconds: 120 } }\nstop:',
  );
  writeFileSync(join(root, 'paper-baseline.yaml'), scenario);
  execFileSync(process.execPath, [
    join(packageRoot(), 'dist', 'cli', 'main.js'),
    'run',
    join(root, 'paper-baseline.yaml'),
    '--out',
    join(root, 'run'),
    '--no-report',
    '--quiet',
  ]);
  writeRewardSweep(join(root, 'reward-sweep'), {
    betas: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    alphas: [0.5, 1, 1.5, 2],
    replications: 3,
    rounds: 500,
  });
  writeRobustnessSweep(join(root, 'collusion-sweep'), 5);
  writeCalibrationFolder(join(root, 'calibration'), 400);

  console.log('report rendering · time per figure (warm: second render in the process), ms');
  console.log(
    `${'folder'.padEnd(16)} ${'figure'.padEnd(34)} ${'SVG'.padStart(6)} ${'PNG'.padStart(6)} ${'PDF'.padStart(6)} ${'total'.padStart(7)}`,
  );
  for (const name of ['run', 'reward-sweep', 'collusion-sweep', 'calibration']) {
    const folder = join(root, name);
    const coldStart = performance.now();
    await writeReport(folder);
    const cold = performance.now() - coldStart;
    const warmStart = performance.now();
    const result: ReportResult = await writeReport(folder);
    const warm = performance.now() - warmStart;
    for (const t of result.timings) {
      console.log(
        `${name.padEnd(16)} ${t.id.padEnd(34)} ${t.svgMs.toFixed(0).padStart(6)} ${t.pngMs.toFixed(0).padStart(6)} ${t.pdfMs.toFixed(0).padStart(6)} ${(t.svgMs + t.pngMs + t.pdfMs).toFixed(0).padStart(7)}`,
      );
    }
    console.log(
      `${name.padEnd(16)} ${`whole report (${result.figures.length} figures, tables, HTML)`.padEnd(34)} ${''.padStart(20)} ${warm.toFixed(0).padStart(7)}  (first render in a fresh process: ${cold.toFixed(0)})`,
    );
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
