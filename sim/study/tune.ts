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
import stableStringify from 'safe-stable-stringify';
import type { LoadedScenario } from '../scenario/load.js';
import type { Constraint, MetricSelection, TuneSpec } from '../scenario/study-schema.js';
import type { ExperimentContext, PointResult } from '../experiment/point.js';
import { estimateOf, metricValues, selectionLabel } from './point-metrics.js';
import { namedValues, parameterColumns, parameterEntry, valuesOfPoint, valuesOfUnit } from './parameter-space.js';
import { sobolPoints } from './sensitivity/sobol-sequence.js';
import { CONFIRMATION_OFFSET, type ExploitFamily, readFamilies, searchFamily, searchTrajectoryTable } from './exploit.js';
import { checkSelections } from './sensitivity.js';
import {
  checkStudyValues,
  readSettings,
  readStudyParameters,
  studyBase,
  type StudyBase,
  studyContext,
  studyHash,
  type StudyParameter,
  StudyProblems,
  type StudySetting,
} from './study-plan.js';
import type { StudyRunner, StudyRequest } from './study-runner.js';
import type { CandidateEnvironment, ConstraintCheck, Estimate, StudyCounts, TuneCandidate, TuneFile } from './study-results.js';
import type { StudyTable } from './study-folder.js';
import { paretoFront } from './pareto.js';

export interface TunePlan {
  readonly study: StudyBase;
  readonly spec: TuneSpec;
  readonly hash: string;
  readonly context: ExperimentContext;
  readonly parameters: readonly StudyParameter[];
  readonly environments: readonly StudySetting[];
  /** The families the constraints bound, by name. */
  readonly families: ReadonlyMap<string, ExploitFamily>;
  readonly candidates: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

type MetricConstraint = Extract<Constraint, { metric: string }>;
const isExploitability = (c: Constraint): c is Extract<Constraint, { exploitability: string }> => 'exploitability' in c;

function readConstrainedFamilies(study: StudyBase, spec: TuneSpec, problems: StudyProblems): Map<string, ExploitFamily> {
  const wanted = spec.constraints.flatMap((c, i) => (isExploitability(c) ? [[c.exploitability, i] as const] : []));
  if (wanted.length === 0) return new Map();
  const exploit = study.loaded.scenario.exploit;
  if (!exploit) {
    problems.add(
      ['tune', 'constraints', wanted[0]![1], 'exploitability'],
      'an exploitability bound needs the deviation families of an exploit: section',
    );
    return new Map();
  }
  const families = new Map(readFamilies(study, exploit, ['exploit'], problems).map((f) => [f.spec.name, f]));
  for (const [name, i] of wanted)
    if (!families.has(name))
      problems.add(
        ['tune', 'constraints', i, 'exploitability'],
        `no family "${name}" in exploit.families (${[...families.keys()].join(', ')})`,
      );
  return families;
}

/** The candidate settings: the first points of a Sobol sequence over the ranges, duplicates (after rounding) dropped. */
function candidateSettings(parameters: readonly StudyParameter[], count: number): Record<string, unknown>[] {
  const seen = new Set<string>();
  return sobolPoints(count, parameters.length)
    .map((unit) => valuesOfUnit(parameters, unit))
    .filter((values) => {
      const key = stableStringify(values) ?? '';
      return !seen.has(key) && seen.add(key);
    });
}

export function planTune(loaded: LoadedScenario): TunePlan {
  const study = studyBase('tune', loaded);
  const spec = loaded.scenario.tune!;
  const problems = new StudyProblems(loaded.source);
  const parameters = readStudyParameters(study, spec.parameters, ['tune', 'parameters'], problems);
  const { settings: environments, parameters: settingParameters } = readSettings(
    study,
    spec.environments,
    ['tune', 'environments'],
    problems,
  );
  checkSelections(study, [spec.objective], ['tune', 'objective'], problems);
  spec.constraints.forEach((c, i) => {
    if (!isExploitability(c)) checkSelections(study, [c], ['tune', 'constraints', i], problems);
  });
  const families = readConstrainedFamilies(study, spec, problems);
  problems.throwIfAny();
  const familyParameters = [...families.values()].flatMap((f) => f.parameters);
  checkStudyValues(study, parameters, environments, problems);
  problems.throwIfAny();
  const hash = studyHash(study, { exploit: families.size > 0 ? loaded.scenario.exploit : null });
  const context = studyContext(study, hash, [...parameters, ...settingParameters, ...familyParameters]);
  return { study, spec, hash, context, parameters, environments, families, candidates: candidateSettings(parameters, spec.candidates) };
}

/** A family's deviations tried at each candidate: evenly over a single range, else a Sobol sample; every value of a single list. */
export function deviationGrid(family: ExploitFamily, count: number): Record<string, unknown>[] {
  const [only] = family.parameters;
  if (family.parameters.length === 1 && only!.values) return only!.values.map((_, i) => valuesOfPoint(family.parameters, [i]));
  if (family.parameters.length === 1) return Array.from({ length: count }, (_, k) => valuesOfUnit(family.parameters, [k / (count - 1)]));
  return sobolPoints(count, family.parameters.length).map((unit) => valuesOfUnit(family.parameters, unit));
}

/** Whether an estimate lies within [min, max]: its whole interval when it has one, else its mean. */
function within(estimate: Estimate, min: number | null, max: number | null): boolean {
  const [low, high] = estimate.ci ?? [estimate.mean, estimate.mean];
  return Number.isFinite(estimate.mean) && (min === null || low >= min) && (max === null || high <= max);
}

function metricCheck(point: PointResult, constraint: MetricConstraint): ConstraintCheck {
  const estimate = estimateOf(metricValues(point, constraint));
  const min = constraint.min ?? null;
  const max = constraint.max ?? null;
  return { id: selectionLabel(constraint), kind: 'metric', estimate, min, max, met: within(estimate, min, max) };
}

/** The family's exploitability from its deviations' points: the deviation of largest mean gain, its interval, its bound. */
function exploitabilityCheck(family: ExploitFamily, deviations: readonly PointResult[], max: number, metric: string): ConstraintCheck {
  const selection: MetricSelection = { metric, population: family.spec.population };
  const estimates = deviations.map((point) => estimateOf(metricValues(point, selection)));
  let top = 0;
  estimates.forEach((e, i) => (e.mean > estimates[top]!.mean ? (top = i) : undefined));
  const estimate = estimates[top]!;
  const deviation = namedValues(family.parameters, deviations[top]!.values);
  const upper = estimate.ci?.[1] ?? estimate.mean;
  return {
    id: `exploitability ${family.spec.name}`,
    kind: 'exploitability',
    estimate,
    deviation,
    min: null,
    max,
    met: Number.isFinite(upper) && upper <= max,
  };
}

/** The requests of one candidate in one environment: as written, then each constrained family's deviations. */
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
async function screen(plan: TunePlan, runner: StudyRunner): Promise<CandidateEnvironment[][]> {
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

function candidatesOf(plan: TunePlan, screened: readonly CandidateEnvironment[][]): TuneCandidate[] {
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

interface Confirmed {
  readonly environments: CandidateEnvironment[];
  readonly searches: Awaited<ReturnType<typeof searchFamily>>[];
}

/** Confirms one candidate in every environment: metrics on fresh seeds, each exploitability bound by a full exploit search. */
async function confirm(plan: TunePlan, runner: StudyRunner, setting: Readonly<Record<string, unknown>>): Promise<Confirmed> {
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
