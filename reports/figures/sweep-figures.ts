/**
 * The sweep figures: reward against β and α, the adversaries' share of
 * rewards against the malicious fraction, consensus error against K, and
 * audit detection against the audit probability. Each needs its parameter
 * in parameters.json (found by path, see sweep-parameters.ts) and its
 * metric in summary.csv; otherwise it is skipped.
 */
import type { ExperimentFolder, ResultsFolder, SweepParameter, SweepSummaryRow } from '../folder/results-folder.js';
import { colourScale } from '../style/theme.js';
import { type FigureOutcome, notForThisFolder, skip, type SkippedFigure } from './figure.js';
import { orderedModels, roleColours, type Role, sweepGroupLabel, sweepGroupRows } from './groups.js';
import { findSweepParameter, PARAMETER_TITLES, parameterValues, type ParameterRole } from './sweep-parameters.js';
import { sweepLineDraft } from './sweep-lines.js';

function needs(
  folder: ResultsFolder,
  id: string,
  role: ParameterRole,
  metrics: readonly string[],
): { folder: ExperimentFolder; x: SweepParameter } | SkippedFigure {
  if (folder.kind !== 'experiment') return notForThisFolder(id, 'needs a sweep folder (parameters.json, summary.csv)');
  const x = findSweepParameter(folder, role);
  if (!x || parameterValues(folder, x).length < 2)
    return notForThisFolder(id, `the sweep does not vary ${PARAMETER_TITLES[role]} (paths: reports/figures/sweep-parameters.ts)`);
  if (!folder.summary.some((row) => metrics.includes(row.metric) && row.mean !== null))
    return skip(id, `summary.csv has no ${metrics.join(' or ')}`);
  return { folder, x };
}

function rewardAgainst(folder: ResultsFolder, role: 'beta' | 'alpha'): FigureOutcome {
  const id = role === 'beta' ? 'reward-vs-beta' : 'reward-vs-alpha';
  const found = needs(folder, id, role, ['mean_reward']);
  if ('reason' in found) return found;
  const rows = sweepGroupRows(found.folder.summary.filter((row) => row.metric === 'mean_reward'));
  const panels = (['inference', 'evaluator'] as Role[])
    .map((r) => ({ role: r, rows: rows.filter((row) => row.role === r) }))
    .filter((panel) => panel.rows.length > 0)
    .map((panel) => {
      const names = orderedModels(found.folder, panel.role, panel.rows.map(sweepGroupLabel));
      return {
        title: panel.role === 'inference' ? 'Inference models' : 'Evaluators',
        rows: panel.rows,
        series: sweepGroupLabel,
        colours: roleColours(found.folder, panel.role, names),
        yTitle: 'Mean reward per round',
      };
    });
  const symbol = role === 'beta' ? 'β' : 'α';
  return sweepLineDraft(found.folder, {
    id,
    title: `Mean reward against ${symbol}`,
    caption: `Mean reward per round of each inference model and evaluator as the ${role === 'beta' ? 'cost' : 'quality'} weight ${symbol} of R = α·quality − β·cost varies.`,
    x: found.x,
    legendTitle: null,
    panels,
  });
}

export const rewardVsBeta = (folder: ResultsFolder) => rewardAgainst(folder, 'beta');
export const rewardVsAlpha = (folder: ResultsFolder) => rewardAgainst(folder, 'alpha');

interface RunLevelMetric {
  readonly name: string;
  readonly label: string;
}

/** A run-level figure: its metrics (one line each when there are several) against the parameter of `xRole`. */
interface RunLevelSpec {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly xRole: ParameterRole;
  readonly metrics: readonly RunLevelMetric[];
  readonly yTitle: string;
  readonly yDomain?: [number, number];
  readonly zero?: boolean;
  readonly diagonal?: boolean;
}

/** The lines of a run-level figure: what each row is labelled, the labels in legend order, and the legend's title. */
interface RunLevelLines {
  readonly label: (row: SweepSummaryRow) => string;
  readonly ordered: readonly string[];
  readonly legendTitle: string | null;
}

/** A run-level metric against a parameter, one line per consensus rule (or per malicious fraction) when those vary. */
function runLevelAgainst(folder: ResultsFolder, spec: RunLevelSpec): FigureOutcome {
  const metricNames = spec.metrics.map((m) => m.name);
  const found = needs(folder, spec.id, spec.xRole, metricNames);
  if ('reason' in found) return found;
  const experiment = found.folder;
  const rows = experiment.summary.filter((row) => row.level === 'run' && metricNames.includes(row.metric));
  const seriesParameter = seriesParameterOf(experiment, found.x, spec.metrics);
  const lines = runLevelLines(experiment, rows, spec.metrics, seriesParameter);
  return sweepLineDraft(experiment, {
    id: spec.id,
    title: spec.title,
    caption: spec.caption,
    x: found.x,
    alsoShown: [seriesParameter],
    legendTitle: lines.legendTitle,
    panels: [
      {
        title: null,
        rows,
        series: lines.label,
        colours: colourScale(lines.ordered),
        yTitle: spec.yTitle,
        ...(spec.yDomain ? { yDomain: spec.yDomain } : {}),
        ...(spec.diagonal ? { diagonal: spec.diagonal } : {}),
        ...(spec.zero ? { zero: true } : {}),
      },
    ],
  });
}

/** A second parameter the sweep varies, to draw one line per value of; none when the figure shows several metrics (one line each). */
function seriesParameterOf(
  experiment: ExperimentFolder,
  x: SweepParameter,
  metrics: readonly RunLevelMetric[],
): SweepParameter | undefined {
  if (metrics.length > 1) return undefined;
  const candidates: ParameterRole[] = ['consensusRule', 'maliciousFraction', 'evaluatorsPerRound'];
  return candidates
    .map((r) => findSweepParameter(experiment, r))
    .find((p) => p && p.name !== x.name && parameterValues(experiment, p).length > 1);
}

/** One line per metric when there are several, else one per value of the series parameter, else a single line. */
function runLevelLines(
  experiment: ExperimentFolder,
  rows: readonly SweepSummaryRow[],
  metrics: readonly RunLevelMetric[],
  seriesParameter: SweepParameter | undefined,
): RunLevelLines {
  if (metrics.length > 1) {
    const label = (row: SweepSummaryRow) => metrics.find((m) => m.name === row.metric)!.label;
    const names = new Set(rows.map(label));
    return { label, ordered: metrics.map((m) => m.label).filter((l) => names.has(l)), legendTitle: null };
  }
  if (seriesParameter) {
    return {
      label: (row) => String(row.parameters[seriesParameter.name]),
      ordered: parameterValues(experiment, seriesParameter).map(String),
      legendTitle: seriesParameter.path === 'mechanism.consensus.rule' ? 'Consensus rule' : seriesParameter.name,
    };
  }
  const label = () => metrics[0]!.label;
  return { label, ordered: [...new Set(rows.map(label))], legendTitle: null };
}

export const adversaryShare = (folder: ResultsFolder) =>
  runLevelAgainst(folder, {
    id: 'adversary-share',
    title: 'Adversaries’ share of rewards',
    caption:
      'Share of all rewards captured by adversarial nodes against the fraction of nodes that are adversarial, by consensus rule. Dashed: the proportional share (share = fraction); above it, the adversaries profit from the attack.',
    xRole: 'maliciousFraction',
    metrics: [{ name: 'adversary_reward_share', label: 'adversary share' }],
    yTitle: 'Adversaries’ share of rewards',
    diagonal: true,
    zero: true,
  });

/**
 * With adversaries the useful error is against the honest reference (what
 * the round's evaluators would score if honest): the error the attack adds,
 * free of the evaluators' own scale. Sweeps without it use the error against
 * true quality.
 */
export const consensusErrorVsK = (folder: ResultsFolder) => {
  const honest = folder.kind === 'experiment' && folder.summary.some((row) => row.metric === 'consensus_honest_mae' && row.mean !== null);
  return runLevelAgainst(folder, {
    id: 'consensus-error-vs-k',
    title: 'Consensus error against K',
    caption: honest
      ? 'Mean absolute error of the consensus against what the round’s evaluators would score if honest (the error manipulation adds), as the number of evaluators per round K grows.'
      : 'Mean absolute error of the consensus score against true answer quality as the number of evaluators per round K grows.',
    xRole: 'evaluatorsPerRound',
    metrics: [honest ? { name: 'consensus_honest_mae', label: 'consensus error' } : { name: 'consensus_mae', label: 'consensus MAE' }],
    yTitle: honest ? 'Consensus error vs honest evaluators' : 'Consensus mean absolute error',
  });
};

export const auditDetection = (folder: ResultsFolder) =>
  runLevelAgainst(folder, {
    id: 'audit-detection',
    title: 'Audit detection against audit probability',
    caption:
      'Share of adversarial nodes caught by audits (detection rate) and of honest nodes wrongly flagged (false-positive rate) against the probability that a round is audited.',
    xRole: 'auditProbability',
    metrics: [
      { name: 'audit_detection_rate', label: 'detection rate' },
      { name: 'audit_false_positive_rate', label: 'false-positive rate' },
    ],
    yTitle: 'Rate',
    yDomain: [0, 1],
  });
