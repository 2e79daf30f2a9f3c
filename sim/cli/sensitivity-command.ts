/**
 * `poq-sim sensitivity <scenario>`: Sobol indices and Morris elementary
 * effects of the declared metrics over the declared parameter ranges
 * (sim/study/sensitivity.ts).
 */
import { planSensitivity, runSensitivity, type SensitivityPlan } from '../study/sensitivity.js';
import type { SensitivityFile } from '../study/study-results.js';
import { type StudyCommandOptions, studyCommand, type StudyDefinition } from './study-command.js';

const interval = (ci: readonly [number, number]) => `[${ci[0].toFixed(3)}, ${ci[1].toFixed(3)}]`;

function sensitivitySummary(file: SensitivityFile): string[] {
  const lines: string[] = [];
  for (const metric of file.metrics) {
    lines.push(`${metric.id}:`);
    if (file.sobol && !(file.sobol.variance[metric.id]! > 0))
      lines.push('  Sobol: the metric does not vary over the declared ranges (variance 0): no indices');
    for (const row of file.sobol?.rows.filter((r) => r.metric === metric.id) ?? [])
      lines.push(
        `  Sobol ${row.parameter}: first ${row.first.toFixed(3)} ${interval(row.firstCi)} · total ${row.total.toFixed(3)} ${interval(row.totalCi)}`,
      );
    for (const row of file.morris?.rows.filter((r) => r.metric === metric.id) ?? [])
      lines.push(
        `  Morris ${row.parameter}: μ* ${row.muStar.toPrecision(3)} ${interval(row.muStarCi)} · μ ${row.mu.toPrecision(3)} · σ ${row.sigma.toPrecision(3)}`,
      );
  }
  return lines;
}

export const SENSITIVITY: StudyDefinition<SensitivityPlan> = {
  kind: 'sensitivity',
  plan: planSensitivity,
  run: runSensitivity,
  summary: (file) => sensitivitySummary(file as SensitivityFile),
};

export function sensitivityCommand(file: string, options: StudyCommandOptions): Promise<number> {
  return studyCommand(SENSITIVITY, file, options);
}
