/**
 * Screening: every candidate in every environment, as written and against
 * each constrained family's deviations, in one batch; then each candidate's
 * robustness, worst cases and place on the Pareto front.
 */
import { deviationGrid, isExploitability, type TunePlan } from './tune-plan.js';
import { exploitabilityCheck, metricCheck } from './thresholds.js';
import type { PointResult } from '../../experiment/point.js';
import { estimateOf, metricValues } from '../point-metrics.js';
import { namedValues } from '../parameter-space.js';
import type { StudySetting } from '../study-plan.js';
import type { StudyRunner, StudyRequest } from '../study-runner.js';
import type { CandidateEnvironment, ConstraintCheck, TuneCandidate } from '../study-results.js';
import { paretoFront } from '../pareto.js';

function screeningRequests(
  plan: TunePlan,
  setting: Readonly<Record<string, unknown>>,
  environment: StudySetting,
  first: number,
  count: number,
): StudyRequest[] {
  const values = { ...environment.values, ...setting };
  const requests: StudyRequest[] = [{ values, first, count }];
  for (const family of plan.families.values())
    for (const deviation of deviationGrid(family, plan.spec.deviations))
      requests.push({ values: { ...values, ...deviation }, first, count });
  return requests;
}

function environmentOutcome(plan: TunePlan, environment: string, points: readonly PointResult[]): CandidateEnvironment {
  const [base, ...rest] = points;
  const constraints: ConstraintCheck[] = [];
  let offset = 0;
  const deviationsOf = new Map<string, PointResult[]>();
  for (const family of plan.families.values()) {
    const n = deviationGrid(family, plan.spec.deviations).length;
    deviationsOf.set(family.spec.name, rest.slice(offset, offset + n));
    offset += n;
  }
  const metric = plan.study.loaded.scenario.exploit?.metric ?? 'twin_gain_per_round';
  for (const constraint of plan.spec.constraints) {
    if (isExploitability(constraint)) {
      const family = plan.families.get(constraint.exploitability)!;
      constraints.push(exploitabilityCheck(family, deviationsOf.get(family.spec.name)!, constraint.max, metric));
    } else constraints.push(metricCheck(base!, constraint));
  }
  const objective = estimateOf(metricValues(base!, plan.spec.objective));
  return { environment, objective, constraints, feasible: Number.isFinite(objective.mean) && constraints.every((c) => c.met) };
}

/** Screens every candidate in every environment in one batch. */
export async function screen(plan: TunePlan, runner: StudyRunner): Promise<CandidateEnvironment[][]> {
  const groups = plan.candidates.flatMap((setting) =>
    plan.environments.map((environment) => screeningRequests(plan, setting, environment, 0, plan.spec.replications)),
  );
  const points = await runner.evaluate(groups.flat());
  let at = 0;
  const outcomes = groups.map((group, g) => {
    const outcome = environmentOutcome(plan, plan.environments[g % plan.environments.length]!.name, points.slice(at, at + group.length));
    at += group.length;
    return outcome;
  });
  return plan.candidates.map((_, c) => outcomes.slice(c * plan.environments.length, (c + 1) * plan.environments.length));
}

const worstOf = (plan: TunePlan, environments: readonly CandidateEnvironment[]) => {
  const means = environments.map((e) => e.objective.mean);
  return plan.spec.objective.goal === 'maximize' ? Math.min(...means) : Math.max(...means);
};

function exploitabilityOf(environments: readonly CandidateEnvironment[]): number | null {
  const gains = environments.flatMap((e) => e.constraints.filter((c) => c.kind === 'exploitability').map((c) => c.estimate.mean));
  return gains.length > 0 ? Math.max(...gains) : null;
}

export function candidatesOf(plan: TunePlan, screened: readonly CandidateEnvironment[][]): TuneCandidate[] {
  const sign = plan.spec.objective.goal === 'maximize' ? 1 : -1;
  const scores = screened.map((environments) => ({
    objective: sign * worstOf(plan, environments),
    exploitability: exploitabilityOf(environments) ?? 0,
  }));
  const front = new Set(paretoFront(scores.map((s) => [s.objective, -s.exploitability])));
  return screened.map((environments, c) => ({
    candidate: c,
    values: namedValues(plan.parameters, plan.candidates[c]!),
    environments,
    robust: environments.every((e) => e.feasible),
    environmentsMet: environments.filter((e) => e.feasible).length,
    worstObjective: worstOf(plan, environments),
    worstExploitability: exploitabilityOf(environments),
    paretoOptimal: front.has(c),
  }));
}

/** The objective and metric bounds of a setting on fresh seeds: replications added (doubling) until the objective's CI meets the target or the cap. */
