/**
 * Results folders for the report tests, made once per test file in a fresh
 * temporary folder: a real run of the paper baseline through the CLI (which
 * renders its report), and sweep and calibration folders from
 * test/bench/report-fixtures.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCalibrationFolder, writeRewardSweep, writeRobustnessSweep } from '../bench/report-fixtures.js';
import { CLI, ROOT } from '../helpers.js';

export function temporaryFolder(prefix = 'poq-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the CLI; throws with its stderr when it fails. */
export function cli(args: readonly string[]): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** The paper baseline run by `poq-sim run`, optionally with a timeseries every `intervalSeconds`. */
export function paperBaselineRun(options: { intervalSeconds?: number; rounds?: number } = {}): string {
  const dir = temporaryFolder();
  let scenario = readFileSync(join(ROOT, 'scenarios', 'paper-baseline.yaml'), 'utf8');
  if (options.rounds) scenario = scenario.replace(/requests: 5000/, `requests: ${options.rounds}`);
  if (options.intervalSeconds)
    scenario = scenario.replace(/^stop:/m, `output: { timeseries: { intervalSeconds: ${options.intervalSeconds} } }\nstop:`);
  const file = join(dir, 'paper-baseline.yaml');
  writeFileSync(file, scenario);
  const out = join(dir, 'run');
  const result = cli(['run', file, '--out', out, '--quiet']);
  if (result.status !== 0) throw new Error(`poq-sim run failed: ${result.stderr}`);
  return out;
}

export function rewardSweepFolder(): string {
  const dir = join(temporaryFolder(), 'sweep');
  writeRewardSweep(dir, { betas: [0, 0.5, 1], alphas: [0.5, 1], replications: 2, rounds: 300 });
  return dir;
}

export function robustnessSweepFolder(): string {
  const dir = join(temporaryFolder(), 'collusion');
  writeRobustnessSweep(dir, 2);
  return dir;
}

export function calibrationFolder(): string {
  const dir = join(temporaryFolder(), 'calibration');
  writeCalibrationFolder(dir, 120);
  return dir;
}
