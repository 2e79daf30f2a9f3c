/**
 * The part of `npm run bench` that times what a user waits for, as whole
 * processes of the built CLI, and holds each against its budget (issue 21):
 *
 * - `poq-sim run scenarios/paper-baseline.yaml --no-report`: the process's
 *   wall time over the simulation time it reports (manifest.json's
 *   wallTimeMs), medians of 5, at most 2.5×;
 * - `poq-sim --version`: median of 5, within 0.15 s;
 * - `npm start` (the run and its report), in a scratch copy of the
 *   checkout's layout so the checkout's own results/ is left alone: median
 *   of 3, within 2 s;
 * - the shipped paper-baseline sweep (200 points × 10 replications) on 1 and
 *   2 worker threads: the speedup, at least 1.8×; beside it the ceiling of
 *   this machine, two copies of the same single-threaded work run at once
 *   against one alone (the most any 2-thread run can gain here).
 *
 * Wall times are machine facts, never asserted by a test; the budgets are
 * printed as met or missed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist/cli/main.js');
const here = fileURLToPath(new URL('.', import.meta.url));

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Seconds a command takes as a whole process; it must succeed. */
function timed(command: string, args: readonly string[], cwd = root): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return seconds;
}

function budgetLine(label: string, measured: string, met: boolean, budget: string): string {
  return `${met ? 'met   ' : 'MISSED'} ${label.padEnd(44)} ${measured.padStart(24)}  (budget ${budget})`;
}

function runStartup(scratch: string): string {
  const whole: number[] = [];
  const simulation: number[] = [];
  for (let i = 0; i < 5; i++) {
    const out = join(scratch, `run-${i}`);
    whole.push(timed(process.execPath, [cli, 'run', join(root, 'scenarios/paper-baseline.yaml'), '--no-report', '--out', out]));
    simulation.push((JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { wallTimeMs: number }).wallTimeMs / 1000);
  }
  const ratio = median(whole) / median(simulation);
  return budgetLine(
    'poq-sim run paper-baseline --no-report',
    `${median(whole).toFixed(3)} s / ${median(simulation).toFixed(3)} s = ×${ratio.toFixed(2)}`,
    ratio <= 2.5,
    'process ≤ 2.5× its simulation time, medians of 5',
  );
}

function versionStartup(): string {
  const seconds = median(Array.from({ length: 5 }, () => timed(process.execPath, [cli, '--version'])));
  return budgetLine('poq-sim --version', `${seconds.toFixed(3)} s`, seconds <= 0.15, '≤ 0.15 s, median of 5');
}

/** `npm start` where it writes into a scratch folder: the scripts, the build and the shipped files linked from the checkout. */
function npmStart(scratch: string): string {
  const copy = join(scratch, 'checkout');
  mkdirSync(copy);
  for (const entry of ['package.json', 'dist', 'scenarios', 'calibration']) symlinkSync(join(root, entry), join(copy, entry));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const seconds = median(
    Array.from({ length: 3 }, () => {
      rmSync(join(copy, 'results'), { recursive: true, force: true });
      return timed(npm, ['start', '--silent'], copy);
    }),
  );
  return budgetLine('npm start (run and report)', `${seconds.toFixed(2)} s`, seconds <= 2, '≤ 2 s, median of 3');
}

function sweepSpeedup(scratch: string): string[] {
  const sweep = (workers: number) =>
    timed(process.execPath, [
      cli,
      'sweep',
      join(root, 'scenarios/paper-baseline-sweep.yaml'),
      '--workers',
      String(workers),
      '--no-report',
      '--no-progress',
      '--quiet',
      '--out',
      join(scratch, `sweep-${workers}w`),
    ]);
  const one = sweep(1);
  const two = sweep(2);
  const ceiling = parallelCeiling();
  return [
    budgetLine(
      'paper-baseline sweep, 2 vs 1 worker threads',
      `${one.toFixed(1)} s / ${two.toFixed(1)} s = ×${(one / two).toFixed(2)}`,
      one / two >= 1.8,
      '≥ ×1.8',
    ),
    `       this machine's ceiling: two copies of a sweep's points run at once, as separate processes, do ×${ceiling.ratio.toFixed(2)} the work of one alone ` +
      `(${ceiling.alone.toFixed(2)} s alone, ${ceiling.pair.toFixed(2)} s as a pair); under --single-threaded ×${ceiling.singleThreaded.ratio.toFixed(2)} ` +
      `(${ceiling.singleThreaded.alone.toFixed(2)} s, ${ceiling.singleThreaded.pair.toFixed(2)} s): alone, a process has the idle core for V8's compiler and GC threads`,
  ];
}

interface Ceiling {
  readonly alone: number;
  readonly pair: number;
  readonly ratio: number;
}

/** Two copies of the same single-threaded work at once against one alone (test/bench/parallel-ceiling.ts): what 2 threads can reach here. */
function parallelCeiling(): Ceiling & { readonly singleThreaded: Ceiling } {
  const output = execFileSync(process.execPath, [join(here, 'parallel-ceiling.js')], { encoding: 'utf8' });
  return JSON.parse(output.trim()) as Ceiling & { readonly singleThreaded: Ceiling };
}

export function runStartupBenchmarks(): void {
  const scratch = mkdtempSync(join(tmpdir(), 'poq-bench-startup-'));
  try {
    console.log('');
    console.log('what a user waits for (whole processes of the built CLI, dist/cli/main.js)');
    for (const line of [versionStartup(), runStartup(scratch), npmStart(scratch), ...sweepSpeedup(scratch)]) console.log(line);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
