/**
 * The paper's quality–cost analysis: each inference model's expected answer
 * quality against its expected latency (the cost a node bills, up to the
 * hardware price), with iso-lines of quality per second through the origin.
 * A model on a steeper line buys more quality for each second of GPU time;
 * the cost-aware reward favours it.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Profile } from '../../sim/profile/schema.js';
import type { ResultsFolder } from '../folder/results-folder.js';
import { FIGURE_HEIGHT_PT, FIGURE_WIDTH_PT, INK, MUTED, shapeScale, TICK_FONT } from '../style/theme.js';
import { type FigureOutcome, skip } from './figure.js';
import { orderedModels, roleColours } from './groups.js';
import { labelBox, placeLabels } from './label-placement.js';
import { placeLineLabels } from './line-labels.js';
import { niceCeiling, niceSteps } from './nice.js';
import { rotatedBox } from './outlines.js';
import { modelsOnHardware } from './scenario-populations.js';
import { latencyMultiplier } from '../../sim/profile/hardware-speed.js';
import { referenceMeans, taskMix } from './reference-means.js';

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

/** Data to plot coordinates (points, y growing downwards) in the approximate plot area. */
function plotMapping({ xMax, yMax }: Extent) {
  const area = PLOT_AREA;
  return (p: { x: number; y: number }) => ({ px: (p.x / xMax) * area.width, py: area.height - (p.y / yMax) * area.height });
}

/** The model labels, placed clear of the points, of each other and of the iso-lines. */
function placeModelLabels(points: readonly ModelEfficiency[], isoLines: readonly IsoLineRow[], extent: Extent) {
  const toPixel = plotMapping(extent);
  const lineSegments = isoLines
    .filter((row) => row.end)
    .map((row) => {
      const end = toPixel(row);
      return { x0: 0, y0: PLOT_AREA.height, x1: end.px, y1: end.py };
    });
  return placeLabels(
    points.map((p) => ({ x: p.latencyS, y: p.quality, text: p.label })),
    toPixel,
    PLOT_AREA,
    TICK_FONT,
    lineSegments,
  );
}

/** A point's radius as drawn (size 34 and its white stroke), in points. */
const POINT_RADIUS = 3.6;
const ISO_LABEL_FONT = 6.5;

/**
 * Iso-line labels run along their line, as on a contour map, on a stretch
 * clear of the points, the model labels and each other (near the line's far
 * end when it is free).
 */
function isoLineLabels(
  isoLines: readonly IsoLineRow[],
  extent: Extent,
  points: readonly ModelEfficiency[],
  models: ReturnType<typeof placeModelLabels>,
) {
  const toPixel = plotMapping(extent);
  const pointBoxes = points.map((p) => {
    const { px, py } = toPixel({ x: p.latencyS, y: p.quality });
    return rotatedBox(px, py, 2 * POINT_RADIUS, 2 * POINT_RADIUS);
  });
  const modelBoxes = models.map((label) => {
    const { px, py } = toPixel(label);
    const b = labelBox(px, py, label, label.text, TICK_FONT);
    return [b.x0, b.y0, b.x1, b.y0, b.x1, b.y1, b.x0, b.y1];
  });
  const ends = isoLines.filter((row) => row.end);
  const origin = toPixel({ x: 0, y: 0 });
  const lines = ends.map((row) => {
    const end = toPixel(row);
    return { x0: origin.px, y0: origin.py, x1: end.px, y1: end.py, text: `${row.level} per s` };
  });
  const placed = placeLineLabels(lines, [...pointBoxes, ...modelBoxes], PLOT_AREA, ISO_LABEL_FONT);
  return placed.map((label, i) => ({
    x: (label.px / PLOT_AREA.width) * extent.xMax,
    y: ((PLOT_AREA.height - label.py) / PLOT_AREA.height) * extent.yMax,
    angle: label.angle,
    text: lines[i]!.text,
  }));
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
    mark: { type: 'text', color: MUTED, fontSize: ISO_LABEL_FONT, align: 'center', baseline: 'middle' },
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
  const modelLabels = placeModelLabels(points, isoLines, extent);
  const spec = {
    layer: [
      isoLineLayer(isoLines, extent),
      isoLabelLayer(isoLineLabels(isoLines, extent, points, modelLabels)),
      pointLayer(folder, points, extent),
      ...modelLabelLayers(modelLabels),
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
