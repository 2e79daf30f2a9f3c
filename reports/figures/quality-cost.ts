/**
 * The paper's quality–cost analysis: each inference model's expected answer
 * quality against its expected latency (the cost a node bills, up to the
 * hardware price), with iso-lines of quality per second through the origin.
 * A model on a steeper line buys more quality for each second of GPU time;
 * the cost-aware reward favours it.
 */
import type { TopLevelSpec } from 'vega-lite';
import { moments } from '../../sim/random/distribution.js';
import type { Profile } from '../../sim/profile/schema.js';
import type { ResultsFolder } from '../folder/results-folder.js';
import { FIGURE_HEIGHT_PT, FIGURE_WIDTH_PT, INK, MUTED, TICK_FONT } from '../style/theme.js';
import { type FigureOutcome, skip } from './figure.js';
import { orderedModels, roleColours } from './groups.js';
import { placeLabels } from './label-placement.js';
import { niceCeiling, niceSteps } from './nice.js';

export const QUALITY_COST = 'quality-cost';

export interface ModelEfficiency {
  readonly model: string;
  readonly latencyS: number;
  readonly quality: number;
  readonly qualityPerSecond: number;
}

/** Task weights from the scenario's demand.taskMix, when the folder's manifest carries the resolved scenario. */
function taskMix(folder: ResultsFolder): Record<string, number> | null {
  const scenario = folder.manifest?.resolvedScenario as { demand?: { taskMix?: Record<string, number> } } | undefined;
  return scenario?.demand?.taskMix ?? null;
}

/** Inference models the folder's network ran, or every model of the profile. */
function modelsInFolder(folder: ResultsFolder, profile: Profile): string[] {
  if (folder.kind === 'run') return folder.summary.groups.filter((g) => g.role === 'inference').map((g) => g.model);
  const scenario = folder.manifest?.resolvedScenario as { network?: { inference?: { model?: unknown }[] } } | undefined;
  const listed = scenario?.network?.inference?.map((population) => population.model).filter((m): m is string => typeof m === 'string');
  return listed && listed.length > 0 ? listed : Object.keys(profile.inferenceModels);
}

/** Expected latency and quality of each model over the task mix (equal weights when the mix is unknown). */
export function modelEfficiencies(folder: ResultsFolder): ModelEfficiency[] {
  const profile = folder.profile;
  if (!profile) return [];
  const mix = taskMix(folder);
  const models = orderedModels(folder, 'inference', modelsInFolder(folder, profile)).filter((model) => model in profile.inferenceModels);
  return models.map((model) => {
    const tasks = Object.entries(profile.inferenceModels[model]!.tasks);
    const weights = tasks.map(([task]) => (mix ? (mix[task] ?? 0) : 1));
    const total = weights.reduce((sum, w) => sum + w, 0) || tasks.length;
    const weighted = (pick: (t: (typeof tasks)[number][1]) => number) =>
      tasks.reduce((sum, [, t], i) => sum + pick(t) * (total === tasks.length && !mix ? 1 : weights[i]!), 0) / total;
    const latencyS = weighted((t) => moments(t.latencyMs).mean) / 1000;
    const quality = weighted((t) => moments(t.quality).mean);
    return { model, latencyS, quality, qualityPerSecond: quality / latencyS };
  });
}

/** The plot's extent (a little room above the highest point) and the quality-per-second levels of its iso-lines. */
function plotExtent(points: readonly ModelEfficiency[]): { xMax: number; yMax: number; levels: number[] } {
  const xMax = niceCeiling(Math.max(...points.map((p) => p.latencyS)) * 1.12);
  const yMax = Math.min(1, niceCeiling(Math.max(...points.map((p) => p.quality)) * 1.15));
  const ratios = points.map((p) => p.qualityPerSecond);
  return { xMax, yMax, levels: niceSteps(Math.min(...ratios), Math.max(...ratios)) };
}

type Extent = ReturnType<typeof plotExtent>;
interface IsoLineRow {
  readonly level: number;
  readonly x: number;
  readonly y: number;
  readonly end: boolean;
}

/** Each iso-line runs from the origin to where it leaves the plot. */
function isoLineRows({ xMax, yMax, levels }: Extent): IsoLineRow[] {
  return levels.flatMap((level) => {
    const end = level * xMax <= yMax ? { x: xMax, y: level * xMax } : { x: yMax / level, y: yMax };
    return [
      { level, x: 0, y: 0, end: false },
      { level, x: end.x, y: end.y, end: true },
    ];
  });
}

/** Approximate plot area (the figure minus axis gutters) for label placement. */
const PLOT_AREA = { width: FIGURE_WIDTH_PT['one-column'] - 44, height: FIGURE_HEIGHT_PT['one-column'] - 34 };

/** The model labels, placed clear of the points, of each other and of the iso-lines. */
function placeModelLabels(points: readonly ModelEfficiency[], isoLines: readonly IsoLineRow[], { xMax, yMax }: Extent) {
  const area = PLOT_AREA;
  const toPixel = (p: { x: number; y: number }) => ({ px: (p.x / xMax) * area.width, py: area.height - (p.y / yMax) * area.height });
  const lineSegments = isoLines
    .filter((row) => row.end)
    .map((row) => {
      const end = toPixel(row);
      return { x0: 0, y0: area.height, x1: end.px, y1: end.py };
    });
  return placeLabels(
    points.map((p) => ({ x: p.latencyS, y: p.quality, text: p.model })),
    toPixel,
    area,
    TICK_FONT,
    lineSegments,
  );
}

/** Iso-line labels run along their line, just inside the plot, as on a contour map. */
function isoLineLabels(isoLines: readonly IsoLineRow[], { xMax, yMax }: Extent) {
  return isoLines
    .filter((row) => row.end)
    .map((row) => {
      const px = (row.x / xMax) * PLOT_AREA.width;
      const py = (row.y / yMax) * PLOT_AREA.height;
      const length = Math.hypot(px, py);
      const t = Math.max(0, 1 - 5 / length);
      return { x: row.x * t, y: row.y * t, angle: (-Math.atan2(py, px) * 180) / Math.PI, text: `${row.level} per s` };
    });
}

function isoLineLayer(isoLines: readonly IsoLineRow[], { xMax, yMax }: Extent) {
  return {
    data: { values: isoLines },
    mark: { type: 'line', color: MUTED, strokeDash: [3, 2], strokeWidth: 0.7, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: { domain: [0, xMax], nice: false } },
      y: { field: 'y', type: 'quantitative', scale: { domain: [0, yMax], nice: false } },
      detail: { field: 'level', type: 'quantitative' },
    },
  };
}

function isoLabelLayer(isoLabels: ReturnType<typeof isoLineLabels>) {
  return {
    data: { values: isoLabels },
    mark: { type: 'text', color: MUTED, fontSize: 6.5, align: 'right', baseline: 'bottom', dy: -1.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      angle: { field: 'angle', type: 'quantitative', scale: null },
      text: { field: 'text' },
    },
  };
}

function pointLayer(folder: ResultsFolder, points: readonly ModelEfficiency[], { xMax, yMax }: Extent) {
  const colours = roleColours(
    folder,
    'inference',
    points.map((p) => p.model),
  );
  return {
    data: { values: points },
    mark: { type: 'point', size: 34, filled: true, stroke: 'white', strokeWidth: 0.5, opacity: 1 },
    encoding: {
      x: { field: 'latencyS', type: 'quantitative', title: 'Mean latency per request (s)', scale: { domain: [0, xMax], nice: false } },
      y: { field: 'quality', type: 'quantitative', title: 'Mean answer quality', scale: { domain: [0, yMax], nice: false } },
      color: { field: 'model', type: 'nominal', scale: colours, legend: null },
      tooltip: [
        { field: 'model' },
        { field: 'latencyS', title: 'mean latency (s)', format: '.3f' },
        { field: 'quality', title: 'mean quality', format: '.3f' },
        { field: 'qualityPerSecond', title: 'quality per second', format: '.3f' },
      ],
    },
  };
}

/** One text layer per label placement (Vega-Lite's align, baseline and offsets are per mark, not per datum). */
function modelLabelLayers(placed: ReturnType<typeof placeModelLabels>) {
  const placement = (p: (typeof placed)[number]) => `${p.align}-${p.baseline}-${p.dx}-${p.dy}`;
  const labelRows = placed.map((p) => ({ latencyS: p.x, quality: p.y, model: p.text, placement: placement(p) }));
  const placements = [...new Map(placed.map((p) => [placement(p), p])).entries()];
  return placements.map(([key, p]) => ({
    data: { values: labelRows.filter((row) => row.placement === key) },
    mark: { type: 'text', color: INK, fontSize: TICK_FONT, align: p.align, baseline: p.baseline, dx: p.dx, dy: p.dy },
    encoding: { x: { field: 'latencyS', type: 'quantitative' }, y: { field: 'quality', type: 'quantitative' }, text: { field: 'model' } },
  }));
}

function caption(folder: ResultsFolder, profile: Profile, levels: readonly number[]): string {
  const hardware = profile.hardware[profile.referenceHardware]?.description ?? profile.referenceHardware;
  return (
    `Expected answer quality against expected latency per request of each inference model (${hardware}; ` +
    `means of the profile's distributions${taskMix(folder) ? ' weighted by the scenario’s task mix' : ' over its tasks'}). ` +
    `Dashed lines join points of equal quality per second of GPU time (${levels.join(', ')} per s); ` +
    'latency times the hardware price is the cost a node bills, so a steeper line also means more quality per dollar.'
  );
}

export function qualityCost(folder: ResultsFolder): FigureOutcome {
  if (!folder.profile) return skip(QUALITY_COST, 'needs profile.yaml');
  const points = modelEfficiencies(folder);
  if (points.length === 0) return skip(QUALITY_COST, 'the profile has none of the folder’s inference models');

  const extent = plotExtent(points);
  const isoLines = isoLineRows(extent);
  const spec = {
    layer: [
      isoLineLayer(isoLines, extent),
      isoLabelLayer(isoLineLabels(isoLines, extent)),
      pointLayer(folder, points, extent),
      ...modelLabelLayers(placeModelLabels(points, isoLines, extent)),
    ],
    config: { axisQuantitative: { grid: false } },
  } as unknown as TopLevelSpec;
  return {
    id: QUALITY_COST,
    title: 'Quality against latency',
    caption: caption(folder, folder.profile, extent.levels),
    size: 'one-column',
    layout: { kind: 'single', spec },
  };
}
