/**
 * Cumulative reward of each (role, model) over virtual time (timeseries.csv,
 * when the scenario declares output.timeseries): who accumulates what,
 * and whether a group's earnings drift, stall or jump. Inference models and
 * evaluators are drawn side by side, each line labelled at its end.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsFolder, TimeseriesRow } from '../folder/results-folder.js';
import { TICK_FONT } from '../style/theme.js';
import { type FigureOutcome, notForThisFolder, skip } from './figure.js';
import { orderedModels, roleColours, type Role } from './groups.js';
import { spreadPositions } from './label-spread.js';
import { niceCeiling } from './nice.js';

export const CUMULATIVE_REWARD = 'cumulative-reward';
const PANEL_HEIGHT = 140;

function timeUnit(maxSeconds: number): { divisor: number; label: string } {
  if (maxSeconds >= 2 * 86_400) return { divisor: 86_400, label: 'days' };
  if (maxSeconds >= 2 * 3_600) return { divisor: 3_600, label: 'h' };
  if (maxSeconds >= 2 * 60) return { divisor: 60, label: 'min' };
  return { divisor: 1, label: 's' };
}

type TimeUnit = ReturnType<typeof timeUnit>;

/** The last sample of each model, with the label height that keeps its end label clear of the others. */
function endLabels(rows: readonly TimeseriesRow[], models: readonly string[], yMin: number, yMax: number, unit: TimeUnit) {
  const last = models.map((model) => rows.filter((row) => row.model === model).reduce((a, b) => (b.timeS >= a.timeS ? b : a)));
  const toPx = (value: number) => PANEL_HEIGHT - ((value - yMin) / (yMax - yMin)) * PANEL_HEIGHT;
  const spread = spreadPositions(
    last.map((row) => toPx(row.cumulativeReward)),
    TICK_FONT + 1,
    0,
    PANEL_HEIGHT,
  );
  return last.map((row: TimeseriesRow, i) => ({
    model: row.model,
    time: row.timeS / unit.divisor,
    labelY: yMin + ((PANEL_HEIGHT - spread[i]!) / PANEL_HEIGHT) * (yMax - yMin),
  }));
}

/** What a panel's two layers share: its rows and models, its y extent, the time unit and the colour encoding. */
interface PanelFrame {
  readonly rows: readonly TimeseriesRow[];
  readonly models: readonly string[];
  readonly yMin: number;
  readonly yMax: number;
  readonly unit: TimeUnit;
  readonly colour: ReturnType<typeof modelColour>;
}

/** Each model's colour, the same in the line and its label; no legend, the labels name the lines. */
function modelColour(folder: ResultsFolder, role: Role, models: readonly string[]) {
  return { field: 'model', type: 'nominal', scale: roleColours(folder, role, models), legend: null } as const;
}

function lineLayer({ rows, yMin, yMax, unit, colour }: PanelFrame) {
  const tMax = Math.max(...rows.map((row) => row.timeS)) / unit.divisor;
  const x = {
    field: 'time',
    type: 'quantitative',
    title: `Virtual time (${unit.label})`,
    scale: { domain: [0, tMax], nice: false },
  } as const;
  return {
    data: { values: rows.map((row) => ({ ...row, time: row.timeS / unit.divisor })) },
    mark: { type: 'line', strokeWidth: 1.2 },
    encoding: {
      x,
      y: { field: 'cumulativeReward', type: 'quantitative', title: 'Cumulative reward', scale: { domain: [yMin, yMax], nice: false } },
      color: colour,
      tooltip: [
        { field: 'model' },
        { field: 'time', title: `time (${unit.label})`, format: ',.2f' },
        { field: 'cumulativeReward', title: 'cumulative reward', format: ',.1f' },
      ],
    },
  };
}

function labelLayer({ rows, models, yMin, yMax, unit, colour }: PanelFrame) {
  return {
    data: { values: endLabels(rows, models, yMin, yMax, unit) },
    mark: { type: 'text', align: 'left', baseline: 'middle', dx: 3, fontSize: TICK_FONT },
    encoding: {
      x: { field: 'time', type: 'quantitative' },
      y: { field: 'labelY', type: 'quantitative' },
      text: { field: 'model' },
      color: colour,
    },
  };
}

/** One role's panel: a line per model, labelled at its end. */
function panelSpec(folder: ResultsFolder, series: readonly TimeseriesRow[], role: Role, width: number, unit: TimeUnit) {
  const rows = series.filter((row) => row.role === role);
  const models = orderedModels(
    folder,
    role,
    rows.map((row) => row.model),
  );
  const yMax = niceCeiling(Math.max(0, ...rows.map((row) => row.cumulativeReward)) * 1.05);
  const yMin = Math.min(0, ...rows.map((row) => row.cumulativeReward));
  const frame: PanelFrame = { rows, models, yMin, yMax, unit, colour: modelColour(folder, role, models) };
  return {
    title: { text: role === 'inference' ? 'Inference models' : 'Evaluators', anchor: 'start', fontSize: 8, offset: 4 },
    width,
    height: PANEL_HEIGHT,
    layer: [lineLayer(frame), labelLayer(frame)],
    resolve: { scale: { color: 'shared' } },
  };
}

export function cumulativeReward(folder: ResultsFolder): FigureOutcome {
  if (folder.kind !== 'run') return notForThisFolder(CUMULATIVE_REWARD, 'needs a run folder (timeseries.csv)');
  if (!folder.timeseries)
    return skip(CUMULATIVE_REWARD, 'needs timeseries.csv (set output.timeseries: { intervalSeconds: … } in the scenario)');
  if (folder.timeseries.length === 0) return skip(CUMULATIVE_REWARD, 'needs cumulative_reward among the metrics of output.timeseries');
  const series = folder.timeseries;
  const unit = timeUnit(Math.max(...series.map((row) => row.timeS)));
  const roles = (['inference', 'evaluator'] as Role[]).filter((role) => series.some((row) => row.role === role));
  const spec = (width: number): TopLevelSpec =>
    ({
      hconcat: roles.map((role) => panelSpec(folder, series, role, width, unit)),
      spacing: 16,
      // Each panel has its own colour scale, but roleColours draws both from one domain: no colour names two models.
      resolve: { scale: { color: 'independent', y: 'independent' } },
    }) as unknown as TopLevelSpec;

  return {
    id: CUMULATIVE_REWARD,
    title: 'Cumulative reward over time',
    caption: `Total reward earned by each group since the start of the run, sampled every ${intervalOf(series)} of virtual time.`,
    size: 'two-column',
    layout: { kind: 'panels', columns: roles.length, spec },
  };
}

function intervalOf(series: readonly TimeseriesRow[]): string {
  const times = [...new Set(series.map((row) => row.timeS))].sort((a, b) => a - b);
  const step = times.length > 1 ? times[1]! - times[0]! : (times[0] ?? 0);
  return `${Number(step.toPrecision(6))} s`;
}
