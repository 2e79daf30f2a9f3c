/**
 * `poq-sim tune`: mechanism settings that optimize a declared objective
 * under declared constraints, in the manner of parameter selection under
 * uncertainty (BlockScience): every candidate setting is checked against
 * every threshold in every declared environment.
 *
 * 1. Screening: space-filling candidates (a Sobol sequence over the
 *    ranges). In each environment a candidate runs as written (objective,
 *    metric constraints) and against a grid of each constrained deviation
 *    family (its exploitability: the largest mean gain over the honest twin).
 * 2. A threshold is met only when the whole 95% interval is within it; a
 *    candidate is robust when it meets every threshold in every environment.
 * 3. The recommendation is the robust candidate with the best worst-case
 *    objective, confirmed on fresh seeds: the objective and metric bounds
 *    on confirmation replications, each exploitability bound by a full
 *    exploit search at that setting. If the confirmation fails, the next
 *    robust candidate is confirmed (at most three).
 */
import type { TunePlan } from './tune/tune-plan.js';
import { candidatesOf, screen } from './tune/screening.js';
import { confirm, type Confirmed } from './tune/confirmation.js';
import { selectionLabel } from './point-metrics.js';
import { parameterColumns, parameterEntry } from './parameter-space.js';
import { searchTrajectoryTable } from './exploit.js';
import type { StudyRunner } from './study-runner.js';
import type { Estimate, StudyCounts, TuneCandidate, TuneFile } from './study-results.js';
import type { StudyTable } from './study-folder.js';

function ranked(plan: TunePlan, candidates: readonly TuneCandidate[]): TuneCandidate[] {
  const sign = plan.spec.objective.goal === 'maximize' ? -1 : 1;
  return candidates.filter((c) => c.robust).sort((a, b) => sign * (a.worstObjective - b.worstObjective) || a.candidate - b.candidate);
}

export const TUNE_METHODS = [
  'Candidates are the first points of a Sobol sequence over the declared ranges; each runs in every environment on the same seeds (common random numbers), as written and against a grid of each constrained deviation family.',
  'A threshold is met only when the whole Student-t 95% interval lies within it (for exploitability, the upper bound of the deviation of largest mean gain over the honest twin).',
  'The recommendation is the robust candidate (every threshold met in every environment) with the best worst-case objective, confirmed on replications whose seeds screening never used; its exploitability bounds are confirmed by a full exploit search (successive halving, then confirmation replications).',
];

function estimateCells(estimate: Estimate): unknown[] {
  return [estimate.mean, estimate.ci?.[0] ?? null, estimate.ci?.[1] ?? null, estimate.replications];
}

function candidateTable(plan: TunePlan, candidates: readonly TuneCandidate[], recommended: number | null): StudyTable {
  const columns = parameterColumns(plan.parameters);
  const rows = candidates.flatMap((c) =>
    c.environments.flatMap((e) => {
      const common = [c.candidate, e.environment, ...columns.map((col) => c.values[col.name] ?? null)];
      const tail = [c.robust, c.paretoOptimal, c.candidate === recommended];
      const objective = [
        ...common,
        'objective',
        selectionLabel(plan.spec.objective),
        ...estimateCells(e.objective),
        null,
        null,
        e.feasible,
        ...tail,
      ];
      return [
        objective,
        ...e.constraints.map((k) => [...common, k.kind, k.id, ...estimateCells(k.estimate), k.min, k.max, k.met, ...tail]),
      ];
    }),
  );
  const s = (name: string) => ({ name, type: 'string' as const });
  const d = (name: string) => ({ name, type: 'double' as const });
  const b = (name: string) => ({ name, type: 'boolean' as const });
  const i = (name: string) => ({ name, type: 'int32' as const });
  return {
    name: 'candidates',
    columns: [
      i('candidate'),
      s('environment'),
      ...columns,
      s('kind'),
      s('measure'),
      d('mean'),
      d('ci_low'),
      d('ci_high'),
      i('replications'),
      d('min'),
      d('max'),
      b('met'),
      b('robust'),
      b('pareto'),
      b('recommended'),
    ],
    rows,
  };
}

const MAX_CONFIRMATIONS = 3;

export async function runTune(
  plan: TunePlan,
  runner: StudyRunner,
  counts: () => StudyCounts,
): Promise<{ file: TuneFile; tables: StudyTable[] }> {
  const candidates = candidatesOf(plan, await screen(plan, runner));
  let recommendation: TuneFile['recommendation'] = null;
  const searches: Confirmed['searches'] = [];
  const rejected: Array<{ candidate: number; missed: string[] }> = [];
  for (const candidate of ranked(plan, candidates).slice(0, MAX_CONFIRMATIONS)) {
    const confirmed = await confirm(plan, runner, plan.candidates[candidate.candidate]!);
    searches.push(...confirmed.searches);
    const ok = confirmed.environments.every((e) => e.feasible);
    const entry = {
      candidate: candidate.candidate,
      values: candidate.values,
      confirmation: confirmed.environments,
      confirmed: ok,
      rejected: [...rejected],
    };
    // With no confirmed candidate, the best screened one is reported, marked as not confirmed.
    recommendation ??= entry;
    if (ok) {
      recommendation = entry;
      break;
    }
    const missed = confirmed.environments.flatMap((e) => e.constraints.filter((c) => !c.met).map((c) => `${c.id} (${e.environment})`));
    rejected.push({ candidate: candidate.candidate, missed });
  }
  const file: TuneFile = {
    format: 'poq-sim/study/v1',
    kind: 'tune',
    scenario: plan.study.base.scenario.name,
    question: plan.study.loaded.scenario.report?.question ?? null,
    ...counts(),
    methods: TUNE_METHODS,
    parameters: plan.parameters.map(parameterEntry),
    objective: { id: selectionLabel(plan.spec.objective), goal: plan.spec.objective.goal },
    environments: plan.environments.map((e) => e.name),
    candidates,
    recommendation,
  };
  return {
    file,
    tables: [
      candidateTable(plan, candidates, recommendation?.candidate ?? null),
      searchTrajectoryTable('environment', [...plan.families.values()], searches),
    ],
  };
}
