/**
 * `poq-sim tune <scenario>`: the mechanism settings that best meet the
 * scenario's tune: section — objective, constraints, environments — with a
 * confirmed recommendation, the Pareto front and a decision table
 * (sim/study/tune.ts).
 */
import { runTune } from '../study/tune.js';
import { planTune, type TunePlan } from '../study/tune/tune-plan.js';
import type { TuneFile } from '../study/study-results.js';
import { formatEstimate } from './exploit-command.js';
import { type StudyCommandOptions, studyCommand, type StudyDefinition } from './study-command.js';

function tuneSummary(file: TuneFile): string[] {
  const robust = file.candidates.filter((c) => c.robust).length;
  const lines = [
    `${robust} of ${file.candidates.length} candidates meet every threshold in every environment (${file.environments.join(', ')}).`,
  ];
  const r = file.recommendation;
  if (!r) return [...lines, 'No candidate to recommend: none is robust; widen the ranges or relax the constraints.'];
  const values = Object.entries(r.values)
    .map(([k, v]) => `${k} = ${typeof v === 'number' ? Number(v.toPrecision(4)) : JSON.stringify(v)}`)
    .join(', ');
  lines.push(
    `Recommended (candidate ${r.candidate}${r.confirmed ? ', confirmed on fresh seeds' : ', NOT confirmed on fresh seeds'}): ${values}`,
  );
  for (const rejected of r.rejected)
    lines.push(`  (candidate ${rejected.candidate} screened better but failed on fresh seeds: ${rejected.missed.join('; ')})`);
  for (const e of r.confirmation) {
    lines.push(`  ${e.environment}: ${file.objective.id} ${formatEstimate(e.objective)}`);
    for (const c of e.constraints)
      lines.push(
        `    ${c.met ? '✓' : '✗'} ${c.id} ${formatEstimate(c.estimate)}${c.max !== null ? ` ≤ ${c.max}` : ''}${c.min !== null ? ` ≥ ${c.min}` : ''}`,
      );
  }
  return lines;
}

export const TUNE: StudyDefinition<TunePlan> = {
  kind: 'tune',
  plan: planTune,
  run: runTune,
  summary: (file) => tuneSummary(file as TuneFile),
};

export function tuneCommand(file: string, options: StudyCommandOptions): Promise<number> {
  return studyCommand(TUNE, file, options);
}
