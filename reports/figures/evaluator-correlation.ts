/**
 * How well each evaluator tracks the truth and the LLM judge: Pearson r of
 * its scores with true quality as simulated in this run, beside the values
 * the profile records (measured or published) for true quality and for the
 * judge. An evaluator near zero, or below it, pays agreement for noise.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsFolder } from '../folder/results-folder.js';
import { textWidth } from '../style/text-metrics.js';
import { MUTED, PALETTE, TICK_FONT } from '../style/theme.js';
import { type FigureOutcome, skip } from './figure.js';
import { orderedModels } from './groups.js';
import { populationModels } from './scenario-populations.js';

export const EVALUATOR_CORRELATION = 'evaluator-correlation';

const SERIES = {
  simulated: 'ground truth, simulated',
  profileTruth: 'ground truth, profile',
  judge: 'LLM judge, profile',
} as const;

interface CorrelationRow {
  readonly evaluator: string;
  readonly series: string;
  readonly r: number;
  readonly status: string;
}

/** Each evaluator's correlation with true quality as simulated in a run folder's summary. */
function simulatedCorrelations(folder: ResultsFolder): Map<string, number> {
  const simulated = new Map<string, number>();
  if (folder.kind === 'run') {
    for (const group of folder.summary.groups) {
      if (group.role === 'evaluator' && typeof group.correlationWithTruth === 'number')
        simulated.set(group.model, group.correlationWithTruth);
    }
  }
  return simulated;
}

/** Per evaluator: the simulated correlation, and those the profile records with true quality and with the judge. */
function correlationRows(folder: ResultsFolder, models: readonly string[], simulated: ReadonlyMap<string, number>): CorrelationRow[] {
  const profile = folder.profile;
  return models.flatMap((model) => {
    const entry = profile?.evaluatorModels[model];
    const values: CorrelationRow[] = [];
    const sim = simulated.get(model);
    if (sim !== undefined) values.push({ evaluator: model, series: SERIES.simulated, r: sim, status: 'simulated' });
    if (entry)
      values.push({
        evaluator: model,
        series: SERIES.profileTruth,
        r: entry.scoreModel.correlation.value,
        status: entry.scoreModel.correlation.status,
      });
    if (entry?.judgeCorrelation)
      values.push({ evaluator: model, series: SERIES.judge, r: entry.judgeCorrelation.value, status: entry.judgeCorrelation.status });
    return values;
  });
}

/** A dashed zero line, then a dot per (evaluator, series), the series side by side within each evaluator's row. */
function correlationSpec(rows: readonly CorrelationRow[], models: readonly string[]): TopLevelSpec {
  const series = Object.values(SERIES).filter((name) => rows.some((row) => row.series === name));
  const gutter = Math.max(...models.map((m) => textWidth(m, TICK_FONT))) + 6;
  return {
    data: { values: rows },
    height: { step: 22 },
    layer: [
      { mark: { type: 'rule', color: MUTED, strokeWidth: 0.6, strokeDash: [2, 2] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      {
        mark: { type: 'point', size: 26, filled: true, opacity: 1 },
        encoding: {
          y: { field: 'evaluator', type: 'nominal', sort: models, title: null, axis: { minExtent: gutter } },
          yOffset: { field: 'series', type: 'nominal', sort: series, scale: { paddingOuter: 0.6 } },
          x: {
            field: 'r',
            type: 'quantitative',
            title: 'Pearson correlation r',
            scale: { domain: [-1, 1] },
            axis: { values: [-1, -0.5, 0, 0.5, 1] },
          },
          color: {
            field: 'series',
            type: 'nominal',
            scale: { domain: series, range: [PALETTE[0], PALETTE[1], PALETTE[2]] },
            legend: { title: null, orient: 'bottom', direction: 'horizontal', columns: 2 },
          },
          shape: { field: 'series', type: 'nominal', scale: { domain: series, range: ['circle', 'square', 'triangle-up'] } },
          tooltip: [
            { field: 'evaluator' },
            { field: 'series', title: 'correlation with' },
            { field: 'r', format: '.2f' },
            { field: 'status' },
          ],
        },
      },
    ],
  } as unknown as TopLevelSpec;
}

/**
 * The evaluator models the folder's scenario has: a run's evaluator groups;
 * a sweep's evaluator rows of summary.csv, else the evaluator populations
 * of its resolved scenario (a model mapping names each of its models);
 * every model of the profile only when neither says (a calibration).
 */
function scenarioEvaluators(folder: ResultsFolder): string[] {
  if (folder.kind === 'run') return folder.summary.groups.filter((g) => g.role === 'evaluator').map((g) => g.model);
  if (folder.kind === 'experiment') {
    const fromRows = folder.summary.filter((row) => row.role === 'evaluator' && row.model !== '').map((row) => row.model);
    if (fromRows.length > 0) return fromRows;
    const fromScenario = populationModels(folder.manifest?.resolvedScenario, 'evaluators');
    if (fromScenario.length > 0) return fromScenario;
  }
  return Object.keys(folder.profile?.evaluatorModels ?? {});
}

export function evaluatorCorrelation(folder: ResultsFolder): FigureOutcome {
  const simulated = simulatedCorrelations(folder);
  const models = orderedModels(folder, 'evaluator', scenarioEvaluators(folder));
  const rows = correlationRows(folder, models, simulated);
  if (rows.length === 0) return skip(EVALUATOR_CORRELATION, 'no evaluator correlations (needs evaluators in summary.json or profile.yaml)');
  return {
    id: EVALUATOR_CORRELATION,
    title: 'Evaluator correlation with ground truth and judge',
    caption:
      `Pearson correlation of each evaluator’s scores${simulated.size > 0 ? ' with true answer quality as simulated in this run, and the correlations the profile records' : ' as the profile records them,'} ` +
      'with ground-truth quality and with the LLM judge; the profile records whether each value is published, measured or estimated.',
    size: 'one-column',
    layout: { kind: 'single', spec: correlationSpec(rows, models), heightPt: Math.max(100, models.length * 22 + 62) },
  };
}
