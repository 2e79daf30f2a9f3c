/**
 * The metrics a sweep's default figures draw: every group's mean reward,
 * and the run-level metrics the sweep's subject makes relevant (the
 * adversaries' share and the harm they do, consensus error, audits, what
 * deviating gains over the honest twin). A metric that does not move
 * across the sweep — the same value everywhere, or no point further from
 * another than the widest 95% interval — is skipped with the reason, so no
 * figure is a row of flat lines.
 */
import type { ExperimentFolder, SweepSummaryRow } from '../../folder/results-folder.js';
import { notForThisFolder, skip, type SkippedFigure } from '../figure.js';
import { sweepPopulations } from '../sweep-populations.js';

export type HeadlineLevel = 'run' | 'role-model' | 'population';

export interface HeadlineMetric {
  readonly metric: string;
  /** What its figures' ids start with when one metric is drawn several ways (a twin's gain per population); default: the metric. */
  readonly key?: string;
  readonly level: HeadlineLevel;
  /** The axis title, its unit in its words: short enough for a row of panels 130 pt high. */
  readonly label: string;
  /** What the caption says the figure shows. */
  readonly meaning: string;
  /** The groups drawn, one series each: models (panels by role) or adversarial populations. */
  readonly series?: 'model' | 'population';
  /** Populations kept (population level). */
  readonly populations?: readonly string[];
  readonly roles?: readonly string[];
  /** Each role's models (role-model level). */
  readonly models?: Readonly<Record<string, readonly string[]>>;
  /** Start the y axis at zero (shares, rates). */
  readonly zeroAxis?: boolean;
  /** A rule at y = 0 (gains and losses). */
  readonly zeroRule?: boolean;
  /** The line y = x when the x axis is an adversary's share of nodes. */
  readonly diagonalOnFraction?: boolean;
  /** Whether its rows carry 95% intervals (none with one replication per point). */
  readonly intervals?: boolean;
}

export interface HeadlineSelection {
  readonly metrics: readonly HeadlineMetric[];
  readonly skipped: readonly SkippedFigure[];
}

type Variation =
  | { readonly kind: 'missing' }
  | { readonly kind: 'constant'; readonly value: number | null }
  | { readonly kind: 'flat'; readonly low: number; readonly high: number; readonly widestCi: number }
  | { readonly kind: 'varies' };

const seriesKey = (row: SweepSummaryRow) => `${row.role}|${row.model}|${row.population}|${row.operator}`;
const figures = (n: number) => Number(n.toPrecision(3));

/** How a metric's means move across the sweep, series by series (each group on its own). */
export function variation(rows: readonly SweepSummaryRow[]): Variation {
  const present = rows.filter((row) => row.mean !== null);
  if (present.length === 0) return { kind: 'missing' };
  const series = new Map<string, SweepSummaryRow[]>();
  for (const row of present) {
    const key = seriesKey(row);
    const group = series.get(key);
    if (group) group.push(row);
    else series.set(key, [row]);
  }
  let widestCi = 0;
  let constant = true;
  let flat = true;
  for (const group of series.values()) {
    const means = group.map((row) => row.mean!);
    const range = Math.max(...means) - Math.min(...means);
    const widest = Math.max(0, ...group.map((row) => (row.ciLow !== null && row.ciHigh !== null ? row.ciHigh - row.ciLow : 0)));
    widestCi = Math.max(widestCi, widest);
    if (range > 1e-12 * Math.max(1, ...means.map(Math.abs))) constant = false;
    if (range > widest) flat = false;
  }
  const all = present.map((row) => row.mean!);
  const low = Math.min(...all);
  const high = Math.max(...all);
  if (constant) return { kind: 'constant', value: series.size === 1 ? all[0]! : null };
  return flat ? { kind: 'flat', low, high, widestCi } : { kind: 'varies' };
}

function whyNotDrawn(candidate: HeadlineMetric, found: Exclude<Variation, { kind: 'varies' }>): SkippedFigure {
  const id = (candidate.key ?? candidate.metric).replace(/_/g, '-');
  const metric = candidate.key ? `${candidate.metric} of ${candidate.populations?.join(', ')}` : candidate.metric;
  switch (found.kind) {
    case 'missing':
      return notForThisFolder(id, `summary.csv has no value of ${metric}`);
    case 'constant':
      return skip(
        id,
        `${metric} is ${found.value === null ? 'the same for each group' : figures(found.value)} at every point of the sweep`,
      );
    case 'flat':
      return skip(
        id,
        `${metric} does not move across the sweep: from ${figures(found.low)} to ${figures(found.high)}, no point further from another than the widest 95% CI (${figures(found.widestCi)})`,
      );
  }
}

function rowsOf(folder: ExperimentFolder, metric: HeadlineMetric): SweepSummaryRow[] {
  return folder.summary.filter(
    (row) =>
      row.metric === metric.metric && row.level === metric.level && (!metric.populations || metric.populations.includes(row.population)),
  );
}

function rewardMetric(folder: ExperimentFolder): HeadlineMetric {
  const models: Record<string, string[]> = {};
  for (const row of folder.summary) {
    if (row.metric !== 'mean_reward' || row.level !== 'role-model') continue;
    const list = (models[row.role] ??= []);
    if (!list.includes(row.model)) list.push(row.model);
  }
  return {
    metric: 'mean_reward',
    level: 'role-model',
    label: 'Reward per round',
    meaning: 'Mean reward per round of each model',
    series: 'model',
    roles: ['inference', 'evaluator'].filter((role) => role in models),
    models,
  };
}

const run = (metric: string, label: string, meaning: string, extra: Partial<HeadlineMetric> = {}): HeadlineMetric => ({
  metric,
  level: 'run',
  label,
  meaning,
  ...extra,
});

/** With adversaries the error that matters is the one they add (against honest evaluators); without, against true quality. */
function consensusMetric(folder: ExperimentFolder, adversarial: boolean): HeadlineMetric {
  const honest = run('consensus_honest_mae', 'Consensus error', 'Mean absolute error of the consensus against honest evaluators’ scores');
  const truth = run('consensus_mae', 'Consensus MAE', 'Mean absolute error of the consensus against true quality');
  const [first, second] = adversarial ? [honest, truth] : [truth, honest];
  return variation(rowsOf(folder, first)).kind === 'missing' ? second : first;
}

/**
 * What deviating gains over the honest twin, one metric per adversarial
 * population: each its own figures, so colour is free for a swept parameter
 * (and one that does not move is skipped on its own).
 */
function twinGainMetrics(populations: readonly string[]): HeadlineMetric[] {
  const twin = (population: string | undefined): HeadlineMetric => ({
    metric: 'twin_gain_per_round',
    ...(population !== undefined && populations.length > 1 ? { key: `twin_gain_per_round_${population}` } : {}),
    level: 'population',
    label: 'Twin gain per round',
    meaning:
      population === undefined
        ? 'What adversarial populations gain per round over their honest twin'
        : `What ${population} gain per round over their honest twin`,
    populations: population === undefined ? [] : [population],
    zeroRule: true,
  });
  return populations.length === 0 ? [twin(undefined)] : populations.map(twin);
}

function candidates(folder: ExperimentFolder): HeadlineMetric[] {
  const adversaries = sweepPopulations(folder).filter((p) => p.adversarial);
  const adversarial = adversaries.length > 0;
  return [
    rewardMetric(folder),
    run('adversary_reward_share', 'Adversaries’ share', 'Share of all rewards paid to adversarial nodes', {
      zeroAxis: true,
      diagonalOnFraction: true,
    }),
    consensusMetric(folder, adversarial),
    run('honest_loss_per_round', 'Honest loss per round', 'Honest nodes’ loss of reward per round against the honest twin', {
      zeroRule: true,
    }),
    run('audit_detection_rate', 'Detection rate', 'Share of audits of real misreports that flagged them', { zeroAxis: true }),
    run('audit_false_positive_rate', 'False-positive rate', 'Share of audits of truthful reports that flagged them', {
      zeroAxis: true,
    }),
    ...twinGainMetrics(adversaries.map((p) => p.name)),
  ];
}

/** The headline metrics of a sweep, and why each left out is left out. Mean reward is kept unless it is missing or constant. */
export function headlineMetrics(folder: ExperimentFolder): HeadlineSelection {
  const metrics: HeadlineMetric[] = [];
  const skipped: SkippedFigure[] = [];
  for (const candidate of candidates(folder)) {
    if (candidate.populations?.length === 0) {
      skipped.push(notForThisFolder(candidate.metric.replace(/_/g, '-'), 'the sweep has no adversarial population'));
      continue;
    }
    const rows = rowsOf(folder, candidate);
    const found = variation(rows);
    const keep = found.kind === 'varies' || (candidate.metric === 'mean_reward' && found.kind === 'flat');
    if (keep) metrics.push({ ...candidate, intervals: rows.some((row) => row.ciLow !== null && row.ciHigh !== null) });
    else skipped.push(whyNotDrawn(candidate, found));
  }
  return { metrics, skipped };
}
