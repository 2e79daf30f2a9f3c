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
import { FIGURE_HEIGHT_PT, FIGURE_WIDTH_PT, INK, MUTED, shapeScale, TICK_FONT } from '../style/theme.js';
import { type FigureOutcome, skip } from './figure.js';
import { orderedModels, roleColours } from './groups.js';
import { placeLabels } from './label-placement.js';
import { niceCeiling, niceSteps } from './nice.js';
import { modelsOnHardware } from './scenario-populations.js';
import { latencyMultiplier } from '../../sim/profile/hardware-speed.js';

export const QUALITY_COST = 'quality-cost';

export interface ModelEfficiency {
  readonly model: string;
  /** The profile's hardware tier the model runs on. */
  readonly hardware: string;
  /** What the figure calls the point: the model, and its tier when the folder runs more than one. */
  readonly label: string;
  readonly latencyS: number;
  readonly quality: number;
  readonly qualityPerSecond: number;
}

/** Task weights from the scenario's demand.taskMix, when the folder's manifest carries the resolved scenario. */
export function taskMix(folder: ResultsFolder): Record<string, number> | null {
  const scenario = folder.manifest?.resolvedScenario as { demand?: { taskMix?: Record<string, number> } } | undefined;
  return scenario?.demand?.taskMix ?? null;
}

/**
 * Each (model, tier) the folder's scenario runs: its resolved scenario's
 * populations (a model mapping and a hardware mapping each give every
 * model and tier they name), else a run's inference groups on the reference
 * hardware, else every model of the profile.
 */
function modelsInFolder(folder: ResultsFolder, profile: Profile): { model: string; hardware: string }[] {
  const declared = modelsOnHardware(folder.manifest?.resolvedScenario, 'inference');
  const onTier = (model: string, hardware?: string) => ({ model, hardware: hardware ?? profile.referenceHardware });
  if (declared.length > 0) return declared.map((part) => onTier(part.model, part.hardware));
  if (folder.kind === 'run') return folder.summary.groups.filter((g) => g.role === 'inference').map((g) => onTier(g.model));
  return Object.keys(profile.inferenceModels).map((model) => onTier(model));
}

/** A model's expected latency on the reference hardware and expected quality, over the task mix (equal weights when unknown). */
export function referenceMeans(profile: Profile, model: string, mix: Record<string, number> | null): { latencyS: number; quality: number } {
  const tasks = Object.entries(profile.inferenceModels[model]!.tasks);
  const weights = tasks.map(([task]) => (mix ? (mix[task] ?? 0) : 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const weighted = (pick: (t: (typeof tasks)[number][1]) => number) =>
    total > 0
      ? tasks.reduce((sum, [, t], i) => sum + pick(t) * weights[i]!, 0) / total
      : tasks.reduce((sum, [, t]) => sum + pick(t), 0) / tasks.length;
  return { latencyS: weighted((t) => moments(t.latencyMs).mean) / 1000, quality: weighted((t) => moments(t.quality).mean) };
}

/** Expected latency (on its tier: the reference latency times 1 / relativeSpeed) and quality of each (model, tier). */
export function modelEfficiencies(folder: ResultsFolder): ModelEfficiency[] {
  const profile = folder.profile;
  if (!profile) return [];
  const mix = taskMix(folder);
  const parts = modelsInFolder(folder, profile).filter((p) => p.model in profile.inferenceModels && p.hardware in profile.hardware);
  const order = orderedModels(
    folder,
    'inference',
    parts.map((p) => p.model),
  );
  const tiers = new Set(parts.map((p) => p.hardware));
  const sorted = [...parts].sort((a, b) => order.indexOf(a.model) - order.indexOf(b.model));
  return sorted.map(({ model, hardware }) => {
    const { latencyS: referenceS, quality } = referenceMeans(profile, model, mix);
    const latencyS = referenceS * latencyMultiplier(profile.hardware[hardware]!);
    const label = tiers.size > 1 ? `${model} (${hardware})` : model;
    return { model, hardware, label, latencyS, quality, qualityPerSecond: quality / latencyS };
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
    points.map((p) => ({ x: p.latencyS, y: p.quality, text: p.label })),
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
  const tiers = [...new Set(points.map((p) => p.hardware))];
  // A model keeps its colour on every tier; a second tier is told apart by its marker and its label.
  const shape = tiers.length > 1 ? { shape: { field: 'hardware', type: 'nominal', scale: shapeScale(tiers), legend: null } } : {};
  return {
    data: { values: points },
    mark: { type: 'point', size: 34, filled: true, stroke: 'white', strokeWidth: 0.5, opacity: 1 },
    encoding: {
      x: { field: 'latencyS', type: 'quantitative', title: 'Mean latency per request (s)', scale: { domain: [0, xMax], nice: false } },
      y: { field: 'quality', type: 'quantitative', title: 'Mean answer quality', scale: { domain: [0, yMax], nice: false } },
      color: { field: 'model', type: 'nominal', scale: colours, legend: null },
      ...shape,
      tooltip: [
        { field: 'model' },
        { field: 'hardware' },
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

function caption(folder: ResultsFolder, profile: Profile, points: readonly ModelEfficiency[], levels: readonly number[]): string {
  const tiers = [...new Set(points.map((p) => p.hardware))];
  const describe = (tier: string) => profile.hardware[tier]?.description ?? tier;
  const hardware =
    tiers.length > 1
      ? `on ${tiers.length} hardware tiers, named in the labels: ${tiers.map((t) => `${t}, ${describe(t)}`).join('; ')}`
      : describe(tiers[0]!);
  const perDollar =
    tiers.length > 1
      ? 'latency times its tier’s price is the cost a node bills, so on one tier a steeper line also means more quality per dollar.'
      : 'latency times the hardware price is the cost a node bills, so a steeper line also means more quality per dollar.';
  return (
    `Expected answer quality against expected latency per request of each inference model the scenario runs (${hardware}; ` +
    `means of the profile's distributions${taskMix(folder) ? ' weighted by the scenario’s task mix' : ' over its tasks'}). ` +
    `Dashed lines join points of equal quality per second of GPU time (${levels.join(', ')} per s); ${perDollar}`
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
    caption: caption(folder, folder.profile, points, extent.levels),
    size: 'one-column',
    layout: { kind: 'single', spec },
  };
}
