/**
 * Calibration check: for every (role, metric) a calibration measured, the
 * histogram of the measurements of each model on each task, scaled to a
 * density, with the density of the distribution fitted into profile.yaml
 * drawn over it. A fit that misses the histogram's shape shows at a glance.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Distribution } from '../../sim/random/distribution.js';
import type { Profile } from '../../sim/profile/schema.js';
import type { CalibrationFolder, Measurement, ResultsFolder } from '../folder/results-folder.js';
import { INK, PALETTE } from '../style/theme.js';
import { densityOf } from './densities.js';
import { type FigureDraft, type FigureOutcome, notForThisFolder, skip } from './figure.js';
import { orderedModels, type Role } from './groups.js';

const BINS = 20;
const CURVE_POINTS = 80;
const METRIC_TITLES: Record<string, string> = { latency_ms: 'Latency (ms)', quality: 'Answer quality', score: 'Evaluator score' };

/** The fitted distribution the profile holds for one measured cell, if any. */
export function fittedDistribution(
  profile: Profile | null,
  role: string,
  model: string,
  task: string,
  metric: string,
): Distribution | null {
  if (!profile) return null;
  if (role === 'inference') {
    const t = profile.inferenceModels[model]?.tasks[task];
    if (!t) return null;
    return metric === 'latency_ms' ? t.latencyMs : metric === 'quality' ? t.quality : null;
  }
  if (role === 'evaluator') {
    const e = profile.evaluatorModels[model];
    if (!e) return null;
    if (metric === 'latency_ms') return e.latencyMs[task] ?? null;
    // The linear-Gaussian score model's marginal: normal around scoreMean (clipped to [0, 1] when drawn).
    if (metric === 'score') return { family: 'normal', mean: e.scoreModel.scoreMean.value, sd: e.scoreModel.scoreSd.value };
  }
  return null;
}

interface HistogramRow {
  kind: 'histogram' | 'fit';
  model: string;
  task: string;
  x0?: number;
  x1?: number;
  x?: number;
  density: number;
  count?: number;
}

function cellRows(values: readonly number[], model: string, task: string, fit: Distribution | null): HistogramRow[] {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const width = max > min ? (max - min) / BINS : 1;
  const counts = new Array<number>(BINS).fill(0);
  for (const v of values) counts[Math.min(BINS - 1, Math.floor((v - min) / width))]! += 1;
  const rows: HistogramRow[] = counts.map((count, i) => ({
    kind: 'histogram',
    model,
    task,
    x0: min + i * width,
    x1: min + (i + 1) * width,
    density: count / (values.length * width),
    count,
  }));
  const density = fit ? densityOf(fit) : null;
  if (density) {
    // A density with a pole (a beta with a shape below 1) would flatten the histogram: the curve
    // is drawn only where it stays below 1.5 × the tallest bar.
    const cap = 1.5 * Math.max(...rows.map((row) => row.density));
    for (let i = 0; i <= CURVE_POINTS; i++) {
      const x = min + ((max - min) * i) / CURVE_POINTS;
      const y = density(x);
      if (Number.isFinite(y) && y <= cap) rows.push({ kind: 'fit', model, task, x, density: y });
    }
  }
  return rows;
}

/** The histogram and fit rows of every (model, task) cell measured, and how many cells have a fitted density. */
function histogramRows(
  folder: CalibrationFolder,
  role: string,
  metric: string,
  measurements: readonly Measurement[],
  models: readonly string[],
  tasks: readonly string[],
) {
  const rows: HistogramRow[] = [];
  let fitted = 0;
  for (const model of models) {
    for (const task of tasks) {
      const values = measurements.filter((m) => m.model === model && m.task === task).map((m) => m.value);
      if (values.length === 0) continue;
      const fit = fittedDistribution(folder.profile, role, model, task, metric);
      if (fit && densityOf(fit)) fitted++;
      rows.push(...cellRows(values, model, task, fit));
    }
  }
  return { rows, fitted };
}

/** Bars of the histogram (density scale), the fitted density over them. */
function histogramLayers() {
  return [
    {
      transform: [{ filter: "datum.kind === 'histogram'" }],
      mark: { type: 'rect', color: PALETTE[5], stroke: 'white', strokeWidth: 0.2 },
      encoding: {
        x: { field: 'x0', type: 'quantitative', title: null, axis: { tickCount: 3, labelFontSize: 6, labelOverlap: true } },
        x2: { field: 'x1' },
        y: { field: 'density', type: 'quantitative', title: null, axis: { labels: false, ticks: false, tickCount: 3 } },
        tooltip: [{ field: 'x0', title: 'from', format: '.4g' }, { field: 'x1', title: 'to', format: '.4g' }, { field: 'count' }],
      },
    },
    {
      transform: [{ filter: "datum.kind === 'fit'" }],
      mark: { type: 'line', color: INK, strokeWidth: 1 },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' } },
    },
  ];
}

/** A grid of panels, a model per column and a task per row. */
function histogramSpec(
  rows: readonly HistogramRow[],
  models: readonly string[],
  tasks: readonly string[],
  xTitle: string,
  width: number,
): TopLevelSpec {
  return {
    data: { values: rows },
    // One x-axis title for all panels, under them (each panel keeps its own scale).
    title: { text: xTitle, orient: 'bottom', anchor: 'middle', fontSize: 8, offset: 2 },
    facet: {
      column: { field: 'model', type: 'nominal', sort: models, title: null, header: { labelFontSize: 7 } },
      row: {
        field: 'task',
        type: 'nominal',
        sort: tasks,
        title: 'Density',
        header: { labelFontSize: 7, labelAngle: -90, titleFontSize: 8 },
      },
    },
    spec: { width, height: 62, layer: histogramLayers() },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spacing: { row: 8, column: 6 },
  } as unknown as TopLevelSpec;
}

function histogramFigure(folder: CalibrationFolder, role: string, metric: string, measurements: readonly Measurement[]): FigureDraft {
  const models = orderedModels(
    folder,
    role as Role,
    measurements.map((m) => m.model),
  );
  const tasks = [...new Set(measurements.map((m) => m.task))].sort();
  const { rows, fitted } = histogramRows(folder, role, metric, measurements, models, tasks);
  const xTitle = METRIC_TITLES[metric] ?? metric;
  const roleName = role === 'inference' ? 'inference models' : role === 'evaluator' ? 'evaluators' : role;
  return {
    id: `calibration-${role}-${metric.replace(/_/g, '-')}`,
    title: `Calibration: ${xTitle.toLowerCase()} of ${roleName}`,
    caption:
      `Histogram (density scale, ${BINS} bins) of the measured ${xTitle.toLowerCase()} of each ${role === 'evaluator' ? 'evaluator' : 'model'} on each task, ` +
      `with the density of the distribution fitted in profile.yaml (black line; ${fitted} of ${models.length * tasks.length} cells have one).` +
      (metric === 'score'
        ? ' Evaluator scores are drawn from a normal distribution clipped to [0, 1]; the clipped mass at 0 and 1 is not drawn.'
        : ''),
    size: 'two-column',
    layout: { kind: 'panels', columns: models.length, spec: (width: number) => histogramSpec(rows, models, tasks, xTitle, width) },
  };
}

/** One figure per (role, metric) measured; none for a folder without measurements. */
export function calibrationHistograms(folder: ResultsFolder): FigureOutcome[] {
  if (folder.kind !== 'calibration') return [notForThisFolder('calibration-histograms', 'needs a calibration folder (measurements.csv)')];
  const pairs = [...new Set(folder.measurements.map((m) => `${m.role}\u0000${m.metric}`))];
  if (pairs.length === 0) return [skip('calibration-histograms', 'measurements.csv has no values')];
  return pairs.map((pair) => {
    const [role, metric] = pair.split('\u0000') as [string, string];
    return histogramFigure(
      folder,
      role,
      metric,
      folder.measurements.filter((m) => m.role === role && m.metric === metric),
    );
  });
}
