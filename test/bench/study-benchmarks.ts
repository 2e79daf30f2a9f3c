/**
 * The study part of `npm run bench`: each shipped study (exploit,
 * sensitivity, tune) run by the built CLI on 2 worker threads, as a whole
 * process: its cost in points, runs and batches, and its wall time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { StudyFile } from '../../sim/study/study-results.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'dist/cli/main.js');

export const STUDY_CASES = [
  { name: 'study-exploit', command: 'exploit', scenario: 'scenarios/exploit-misreport.yaml' },
  { name: 'study-sensitivity', command: 'sensitivity', scenario: 'scenarios/sensitivity-honest-reward.yaml' },
  { name: 'study-tune', command: 'tune', scenario: 'scenarios/tune-audits.yaml' },
] as const;

export function runStudyBenchmarks(selected: readonly string[]): void {
  const cases = selected.length > 0 ? STUDY_CASES.filter((c) => selected.includes(c.name)) : STUDY_CASES;
  const scratch = mkdtempSync(join(tmpdir(), 'poq-bench-study-'));
  try {
    for (const study of cases) {
      const out = join(scratch, study.name);
      const started = performance.now();
      execFileSync(
        process.execPath,
        [cli, study.command, join(root, study.scenario), '--out', out, '--workers', '2', '--no-report', '--quiet'],
        {
          stdio: 'inherit',
        },
      );
      const seconds = (performance.now() - started) / 1000;
      const file = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8')) as StudyFile;
      console.log(
        `${study.name.padEnd(18)} ${file.points.toLocaleString('en-US').padStart(6)} points, ${file.runs.toLocaleString('en-US').padStart(6)} runs in ${String(file.batches).padStart(3)} batches, ` +
          `${seconds.toFixed(1).padStart(6)} s on 2 worker threads (${(file.runs / seconds).toFixed(0)} runs/s, whole process; ${study.scenario})`,
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
