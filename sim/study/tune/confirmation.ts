/**
 * Confirmation of a candidate on fresh seeds: its metrics re-run until the
 * objective's CI meets the target, each exploitability bound checked by a
 * full exploit search at that setting.
 */
import { isExploitability, type TunePlan } from './tune-plan.js';
import { metricCheck } from './thresholds.js';
import type { PointResult } from '../../experiment/point.js';
import { estimateOf, metricValues } from '../point-metrics.js';
import { namedValues, valuesOfPoint } from '../parameter-space.js';
import { CONFIRMATION_OFFSET, searchFamily } from '../exploit.js';
import type { StudyRunner } from '../study-runner.js';
import type { CandidateEnvironment, ConstraintCheck } from '../study-results.js';

async function confirmMetrics(plan: TunePlan, runner: StudyRunner, values: Readonly<Record<string, unknown>>): Promise<PointResult[]> {
  const { minReplications, maxReplications, halfWidth, relativeHalfWidth } = plan.spec.confirmation;
  const points: PointResult[] = [];
  let done = 0;
  let next = minReplications;
  for (;;) {
    points.push(...(await runner.evaluate([{ values, first: CONFIRMATION_OFFSET + done, count: next }])));
    done += next;
    const estimate = estimateOf(points.flatMap((p) => metricValues(p, plan.spec.objective)));
    const limit = halfWidth ?? (relativeHalfWidth ?? 0.05) * Math.abs(estimate.mean);
    const narrow = estimate.ci !== null && (estimate.ci[1] - estimate.ci[0]) / 2 <= limit;
    if (narrow || done >= maxReplications) return points;
    next = Math.min(done, maxReplications - done);
  }
}

/** The replications of several points of one setting as one point's lists, for estimates over all of them. */
function pooled(points: readonly PointResult[]): PointResult {
  const [first] = points;
  const run: Record<string, Array<number | null>> = {};
  for (const point of points) for (const [name, values] of Object.entries(point.run)) (run[name] ??= []).push(...values);
  const groups = first!.groups.map((group, g) => ({
    ...group,
    metrics: Object.fromEntries(Object.keys(group.metrics).map((name) => [name, points.flatMap((p) => p.groups[g]?.metrics[name] ?? [])])),
  }));
  return { ...first!, replications: points.reduce((n, p) => n + p.replications, 0), run, groups };
}

export interface Confirmed {
  readonly environments: CandidateEnvironment[];
  readonly searches: Awaited<ReturnType<typeof searchFamily>>[];
}

/** Confirms one candidate in every environment: metrics on fresh seeds, each exploitability bound by a full exploit search. */
export async function confirm(plan: TunePlan, runner: StudyRunner, setting: Readonly<Record<string, unknown>>): Promise<Confirmed> {
  const exploit = plan.study.loaded.scenario.exploit;
  const environments: CandidateEnvironment[] = [];
  const searches: Confirmed['searches'] = [];
  for (const environment of plan.environments) {
    const values = { ...environment.values, ...setting };
    const base = pooled(await confirmMetrics(plan, runner, values));
    const constraints: ConstraintCheck[] = [];
    for (const constraint of plan.spec.constraints) {
      if (!isExploitability(constraint)) {
        constraints.push(metricCheck(base, constraint));
        continue;
      }
      const family = plan.families.get(constraint.exploitability)!;
      const search = await searchFamily(
        runner,
        family,
        { name: environment.name, values },
        exploit!,
        `${plan.study.loaded.scenario.seed}/tune`,
      );
      searches.push(search);
      const { best } = search.result;
      const estimate = { mean: best.mean, ci: best.ci, replications: best.replications };
      const upper = best.ci?.[1] ?? best.mean;
      const deviation = namedValues(family.parameters, valuesOfPoint(family.parameters, best.point));
      constraints.push({
        id: `exploitability ${family.spec.name}`,
        kind: 'exploitability',
        estimate,
        deviation,
        min: null,
        max: constraint.max,
        met: upper <= constraint.max,
      });
    }
    const objective = estimateOf(metricValues(base, plan.spec.objective));
    environments.push({ environment: environment.name, objective, constraints, feasible: constraints.every((c) => c.met) });
  }
  return { environments, searches };
}

/** The robust candidates, best worst-case objective first. */
