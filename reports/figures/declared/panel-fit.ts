/**
 * Whether a parameter's values fit on a channel of a 7 in figure without
 * their text colliding: each column of panels repeats the x axis (its
 * title, and for text values every label) and carries a header
 * "name = value", so a column is only as good as the widest of these; a
 * row's header runs along the panel's height. Measured with the figures'
 * own font metrics (reports/style/text-metrics.ts).
 */
import { FIGURE_WIDTH_PT, TICK_FONT, TITLE_FONT } from '../../style/theme.js';
import { textWidth } from '../../style/text-metrics.js';
import { parameterValueLabel } from '../sweep-parameters.js';
import type { FacetChannel } from './facet-layout.js';
import type { SweepAxis } from './sweep-axes.js';

/** The y axis, its title and labels, and the gaps between panels, in points: what a row of panels leaves for the panels. */
const Y_AXIS_PT = 70;
const PANEL_GAP_PT = 12;
/** Room between neighbouring texts. */
const MARGIN_PT = 6;
/** A row of panels is 100 pt high (lines, points and a heatmap's cells alike: declared/facets.ts): its header's room, less padding. */
export const ROW_TEXT_PT = 94;

export const panelWidth = (columns: number, size: 'one-column' | 'two-column' = 'two-column'): number =>
  (FIGURE_WIDTH_PT[size] - Y_AXIS_PT - PANEL_GAP_PT * (columns - 1)) / columns;

/** What one panel's x axis needs: its title, and for text values a band per value as wide as the widest label (labels are level). */
export function xAxisWidth(x: SweepAxis): number {
  const title = textWidth(x.title, TITLE_FONT);
  if (x.numeric) return title;
  const widest = Math.max(...x.values.map((v) => textWidth(parameterValueLabel(v), TICK_FONT)));
  return Math.max(title, x.values.length * (widest + MARGIN_PT));
}

const headerWidth = (axis: SweepAxis) =>
  Math.max(...axis.values.map((v) => textWidth(`${axis.parameter.name} = ${parameterValueLabel(v)}`, TITLE_FONT)));

/** A predicate for facetLayout: the channel holds the parameter's values with no text on another. */
export function fitsOn(x: SweepAxis | null): (channel: FacetChannel, axis: SweepAxis) => boolean {
  return (channel, axis) => {
    if (channel === 'colour') return true;
    if (channel === 'row') return headerWidth(axis) + MARGIN_PT <= ROW_TEXT_PT;
    const width = panelWidth(axis.values.length);
    return headerWidth(axis) + MARGIN_PT <= width && (x === null || xAxisWidth(x) + MARGIN_PT <= width);
  };
}

/**
 * The note a figure writes above its plot for what it holds and keeps
 * ("Held: k = 5, population ∈ {…}"): a one-column figure narrower than
 * its note shrinks its plot to the note's width, so such a figure takes
 * the page's width.
 */
export function noteWidth(kept: Readonly<Record<string, unknown>>): number {
  const parts = Object.entries(kept).map(([name, value]) =>
    Array.isArray(value) ? `${name} ∈ {${value.map(parameterValueLabel).join(', ')}}` : `${name} = ${parameterValueLabel(value)}`,
  );
  return parts.length === 0 ? 0 : textWidth(`Held: ${parts.join(', ')}`, TICK_FONT);
}
