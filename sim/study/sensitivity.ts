/**
 * `poq-sim sensitivity`: which of the declared parameters matter to which
 * metrics. Sobol first-order and total indices from a Saltelli plan, and
 * Morris elementary effects from one-at-a-time trajectories, each with
 * bootstrap 95% CIs (sim/study/sensitivity/). Each point's output is the
 * metric's mean over its replications; replication r of every point shares
 * a seed (common random numbers), so the run-to-run noise is nearly the
 * same at every point and adds little variance between points.
 */
import type { LoadedScenario } from '../scenario/load.js';
import type { MetricSelection, SensitivitySpec } from '../scenario/study-schema.js';
import type { ExperimentContext, PointResult } from '../experiment/point.js';
import { InputError } from '../input/input-error.js';
import { estimateOf, metricValues, selectionGroup, selectionLabel, selectionProblem } from './point-metrics.js';
import { parameterColumns, parameterEntry, namedValues, valuesOfUnit } from './parameter-space.js';
import { saltelliPlan, sobolIndices } from './sensitivity/saltelli.js';
import { morrisEffects, morrisPlan } from './sensitivity/morris.js';
import {
  checkStudyValues,
  readStudyParameters,
  studyBase,
  type StudyBase,
  studyContext,
  studyHash,
  type StudyParameter,
  StudyProblems,
} from './study-plan.js';
import type { StudyRunner } from './study-runner.js';
import type { MorrisRow, SensitivityFile, SobolRow, StudyCounts } from './study-results.js';
import type { StudyTable } from './study-folder.js';

export interface SensitivityPlan {
  readonly study: StudyBase;
  readonly spec: SensitivitySpec;
  readonly hash: string;
  readonly context: ExperimentContext;
  readonly parameters: readonly StudyParameter[];
}

export function checkSelections(
  study: StudyBase,
  selections: readonly MetricSelection[],
  at: readonly PropertyKey[],
  problems: StudyProblems,
): void {
  const populations = new Set([...study.base.inferenceNodes, ...study.base.evaluatorNodes].map((node) => node.population));
  selections.forEach((selection, i) => {
    const problem = selectionProblem(selection);
    if (problem) problems.add([...at, i, 'metric'], problem);
    if (selection.population !== undefined && !populations.has(selection.population))
      problems.add([...at, i, 'population'], `no population "${selection.population}" (populations: ${[...populations].join(', ')})`);
  });
}

export function planSensitivity(loaded: LoadedScenario): SensitivityPlan {
  const study = studyBase('sensitivity', loaded);
  const spec = loaded.scenario.sensitivity!;
  const problems = new StudyProblems(loaded.source);
  const parameters = readStudyParameters(study, spec.parameters, ['sensitivity', 'parameters'], problems);
  checkSelections(study, spec.metrics, ['sensitivity', 'metrics'], problems);
  problems.throwIfAny();
  checkStudyValues(study, parameters, [], problems);
  problems.throwIfAny();
  const hash = studyHash(study, null);
  return { study, spec, hash, context: studyContext(study, hash, parameters), parameters };
}

/** Runs the plan's rows, each for the declared replications from 0, and returns their results in row order. */
function evaluateRows(plan: SensitivityPlan, runner: StudyRunner, rows: readonly (readonly number[])[]): Promise<PointResult[]> {
  return runner.evaluate(rows.map((row) => ({ values: valuesOfUnit(plan.parameters, row), first: 0, count: plan.spec.replications })));
}

/** Each point's mean of the metric; a point where no run reported it is a mistake in the selection, said once. */
function outputsOf(plan: SensitivityPlan, points: readonly PointResult[], selection: MetricSelection, m: number): number[] {
  return points.map((point) => {
    const { mean } = estimateOf(metricValues(point, selection));
    if (!Number.isFinite(mean)) {
      const at = plan.study.where(['sensitivity', 'metrics', m]);
      throw new InputError({
        ...at,
        path: `sensitivity.metrics[${m}]`,
        message: `no run reported ${selectionLabel(selection)} (at point ${point.point_id}); choose a metric its runs report`,
      });
    }
    return mean;
  });
}

type TrajectoryRow = readonly unknown[];

function trajectoryRows(plan: SensitivityPlan, design: string, points: readonly PointResult[]): TrajectoryRow[] {
  const columns = parameterColumns(plan.parameters);
  return points.flatMap((point, row) => {
    const named = namedValues(plan.parameters, point.values);
    return plan.spec.metrics.map((selection) => {
      const estimate = estimateOf(metricValues(point, selection));
      return [
        design,
        row,
        point.point_id,
        selectionLabel(selection),
        estimate.mean,
        estimate.ci?.[0] ?? null,
        estimate.ci?.[1] ?? null,
        estimate.replications,
        ...columns.map((c) => named[c.name] ?? null),
      ];
    });
  });
}

async function runSobol(plan: SensitivityPlan, runner: StudyRunner, samples: number) {
  const d = plan.parameters.length;
  const design = saltelliPlan(samples, d);
  const points = await evaluateRows(plan, runner, design.rows);
  const rows: SobolRow[] = [];
  const variance: Record<string, number> = {};
  plan.spec.metrics.forEach((selection, m) => {
    const id = selectionLabel(selection);
    const result = sobolIndices(outputsOf(plan, points, selection, m), samples, d, {
      bootstrap: plan.spec.bootstrap,
      seed: `${plan.study.loaded.scenario.seed}/sobol/${id}`,
    });
    variance[id] = result.variance;
    // An output that does not vary over the ranges has no variance to apportion: no rows (the report says so).
    if (!(result.variance > 0)) return;
    result.indices.forEach((index, i) =>
      rows.push({
        metric: id,
        parameter: plan.parameters[i]!.name,
        first: index.first,
        firstCi: index.firstCi,
        total: index.total,
        totalCi: index.totalCi,
      }),
    );
  });
  return { summary: { samples, points: points.length, variance, rows }, trajectory: trajectoryRows(plan, 'sobol', points) };
}

async function runMorris(plan: SensitivityPlan, runner: StudyRunner, trajectories: number, levels: number) {
  const design = morrisPlan(trajectories, plan.parameters.length, levels, `${plan.study.loaded.scenario.seed}/morris`);
  const points = await evaluateRows(plan, runner, design.rows);
  const rows: MorrisRow[] = [];
  plan.spec.metrics.forEach((selection, m) => {
    const id = selectionLabel(selection);
    const effects = morrisEffects(design, outputsOf(plan, points, selection, m), {
      bootstrap: plan.spec.bootstrap,
      seed: `${plan.study.loaded.scenario.seed}/morris/${id}`,
    });
    effects.forEach((effect, i) =>
      rows.push({
        metric: id,
        parameter: plan.parameters[i]!.name,
        mu: effect.mu,
        muStar: effect.muStar,
        muStarCi: effect.muStarCi,
        sigma: effect.sigma,
      }),
    );
  });
  return {
    summary: { trajectories, levels, delta: design.delta, points: points.length, rows },
    trajectory: trajectoryRows(plan, 'morris', points),
  };
}

export const SENSITIVITY_METHODS = [
  'Sobol indices: Saltelli (2002, 2010) sampling on a Sobol sequence (Joe & Kuo 2008 direction numbers); first-order indices by the estimator of Saltelli et al. (2010), total indices by Jansen (1999); 95% CIs are bootstrap percentiles over the N base rows.',
  'Morris elementary effects (Morris 1991) on a p-level grid; μ* is the mean absolute effect (Campolongo et al. 2007), σ their standard deviation; 95% CIs of μ* are bootstrap percentiles over trajectories.',
  'Each point’s output is its metric’s mean over the declared replications; replication r of every point runs on the same seed (common random numbers).',
];

function indexRows(sobol: SensitivityFile['sobol'], morris: SensitivityFile['morris']): TrajectoryRow[] {
  const rows: TrajectoryRow[] = [];
  for (const r of sobol?.rows ?? []) {
    rows.push(['sobol', r.metric, r.parameter, 'first', r.first, r.firstCi[0], r.firstCi[1]]);
    rows.push(['sobol', r.metric, r.parameter, 'total', r.total, r.totalCi[0], r.totalCi[1]]);
  }
  for (const r of morris?.rows ?? []) {
    rows.push(['morris', r.metric, r.parameter, 'mu_star', r.muStar, r.muStarCi[0], r.muStarCi[1]]);
    rows.push(['morris', r.metric, r.parameter, 'mu', r.mu, null, null]);
    rows.push(['morris', r.metric, r.parameter, 'sigma', r.sigma, null, null]);
  }
  return rows;
}

function tables(plan: SensitivityPlan, trajectory: TrajectoryRow[], indices: TrajectoryRow[]): StudyTable[] {
  const s = (name: string) => ({ name, type: 'string' as const });
  const d = (name: string) => ({ name, type: 'double' as const });
  const i = (name: string) => ({ name, type: 'int32' as const });
  return [
    {
      name: 'trajectory',
      columns: [
        s('design'),
        i('row'),
        i('point_id'),
        s('metric'),
        d('mean'),
        d('ci_low'),
        d('ci_high'),
        i('replications'),
        ...parameterColumns(plan.parameters),
      ],
      rows: trajectory,
    },
    {
      name: 'indices',
      columns: [s('method'), s('metric'), s('parameter'), s('index'), d('value'), d('ci_low'), d('ci_high')],
      rows: indices,
    },
  ];
}

export async function runSensitivity(plan: SensitivityPlan, runner: StudyRunner, counts: () => StudyCounts) {
  const { sobol: sobolSpec, morris: morrisSpec } = plan.spec;
  const sobol = sobolSpec ? await runSobol(plan, runner, sobolSpec.samples) : null;
  const morris = morrisSpec ? await runMorris(plan, runner, morrisSpec.trajectories, morrisSpec.levels) : null;
  const file: SensitivityFile = {
    format: 'poq-sim/study/v1',
    kind: 'sensitivity',
    scenario: plan.study.base.scenario.name,
    question: plan.study.loaded.scenario.report?.question ?? null,
    ...counts(),
    methods: SENSITIVITY_METHODS,
    parameters: plan.parameters.map(parameterEntry),
    metrics: plan.spec.metrics.map((selection) => ({
      id: selectionLabel(selection),
      metric: selection.metric,
      group: selectionGroup(selection),
    })),
    replications: plan.spec.replications,
    sobol: sobol?.summary ?? null,
    morris: morris?.summary ?? null,
  };
  const trajectory = [...(sobol?.trajectory ?? []), ...(morris?.trajectory ?? [])];
  return { file, tables: tables(plan, trajectory, indexRows(file.sobol, file.morris)) };
}
