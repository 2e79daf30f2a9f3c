/**
 * The paper theme: figure sizes for one- and two-column layouts, one font,
 * a colour-blind-safe palette and no chart junk (no frame, no chart title,
 * light grid lines on the value axis only). One Vega unit is one point
 * (1/72 in), so a figure's SVG and PDF come out at the printed size.
 */
import type { Config } from 'vega-lite';
import { FONT_FAMILY } from './fonts.js';

export const POINTS_PER_INCH = 72;

export type FigureSize = 'one-column' | 'two-column';

/** Printed widths: 3.5 in for one column, 7 in across two (IEEE, ACM and most two-column formats). */
export const FIGURE_WIDTH_PT: Record<FigureSize, number> = {
  'one-column': 3.5 * POINTS_PER_INCH,
  'two-column': 7 * POINTS_PER_INCH,
};

/** Default heights: a 3:2-ish panel for one column, a shallower strip across two. */
export const FIGURE_HEIGHT_PT: Record<FigureSize, number> = {
  'one-column': 2.3 * POINTS_PER_INCH,
  'two-column': 2.5 * POINTS_PER_INCH,
};

/**
 * Okabe & Ito's colour-blind-safe palette (Color Universal Design, 2008),
 * reordered so the colours that read worst on white (yellow, then black as
 * too heavy beside the others) come last.
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'] as const;

/** Marker shapes that survive greyscale printing, paired with the palette when a series needs both. */
export const SHAPES = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left'] as const;

export const INK = '#222222';
export const MUTED = '#767676';
export const GRID = '#e5e5e5';

export const TICK_FONT = 7;
export const TITLE_FONT = 8;

/** Labels and titles of axes and legends: one font, size pair and ink. */
const GUIDE_TEXT = {
  labelFont: FONT_FAMILY,
  titleFont: FONT_FAMILY,
  labelFontSize: TICK_FONT,
  titleFontSize: TITLE_FONT,
  titleFontWeight: 'normal',
  labelColor: INK,
  titleColor: INK,
} as const;

export const PAPER_CONFIG: Config = {
  font: FONT_FAMILY,
  background: 'white',
  padding: 3,
  view: { stroke: null },
  axis: {
    ...GUIDE_TEXT,
    domainColor: MUTED,
    tickColor: MUTED,
    domainWidth: 0.6,
    tickWidth: 0.6,
    tickSize: 3,
    labelPadding: 2,
    titlePadding: 4,
    grid: false,
    labelFlush: false,
  },
  axisQuantitative: { grid: true, gridColor: GRID, gridWidth: 0.5, tickCount: 5 },
  axisBand: { tickSize: 0, domain: false, labelPadding: 4 },
  legend: {
    ...GUIDE_TEXT,
    symbolSize: 30,
    symbolStrokeWidth: 1.2,
    rowPadding: 2,
    columnPadding: 8,
    padding: 0,
    offset: 6,
    labelLimit: 160,
  },
  header: {
    labelFont: FONT_FAMILY,
    titleFont: FONT_FAMILY,
    labelFontSize: TITLE_FONT,
    titleFontSize: TITLE_FONT,
    titleFontWeight: 'normal',
    labelColor: INK,
    titleColor: INK,
    labelPadding: 3,
  },
  title: { font: FONT_FAMILY, fontSize: 9, fontWeight: 'normal', color: INK, anchor: 'start' },
  text: { font: FONT_FAMILY, fontSize: TICK_FONT, color: INK },
  range: { category: [...PALETTE] },
  point: { size: 22, filled: true, strokeWidth: 1 },
  line: { strokeWidth: 1.2 },
  rule: { strokeWidth: 0.9 },
  bar: { binSpacing: 0 },
  area: { opacity: 0.18 },
  concat: { spacing: 14 },
  facet: { spacing: 10 },
};

/** A stable colour for each name of a list (a model keeps its colour in every figure of a report). */
export function colourScale(names: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...names], range: names.map((_, i) => PALETTE[i % PALETTE.length]!) };
}

export function shapeScale(names: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...names], range: names.map((_, i) => SHAPES[i % SHAPES.length]!) };
}
