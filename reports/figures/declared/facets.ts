/**
 * One panel per value of the row and column channels, laid out as a
 * Vega-Lite facet: every panel shares the x and y scales and the colour
 * scale, so a value has one colour everywhere. The renderer sizes the
 * panels (PanelLayout) so the figure is 3.5 or 7 in wide.
 */
import type { TopLevelSpec } from 'vega-lite';
import { textWidth } from '../../style/text-metrics.js';
import { wrapText } from '../../style/wrap-text.js';
import { INK, TICK_FONT, TITLE_FONT } from '../../style/theme.js';
import { fieldRef } from './encodings.js';
import type { Cell, Channel, PlotRecord } from './rows.js';

export interface Facets {
  readonly row?: Channel;
  readonly column?: Channel;
}

/**
 * Panel height in points: shallower when panels are stacked, but never
 * shorter than the y title each row repeats, which would otherwise run
 * into the next row's.
 */
export function panelHeight(facets: Facets, yTitle: string): number {
  if (!facets.row || facets.row.values.length <= 1) return 130;
  return Math.max(100, Math.ceil(textWidth(yTitle, TITLE_FONT) + 12));
}

/** Points between the lines of a wrapped header. */
const HEADER_LINE_HEIGHT = Math.round(TITLE_FONT * 1.25);
/** The widest a row header set to the right of its panels may be, in points, before it wraps. */
const RIGHT_HEADER_WIDTH = 96;

/**
 * A panel's header says which value it is, "k = 5", so a cropped panel
 * still reads; a model's or a metric's name says it alone.
 */
function headerText(channel: Channel, value: Cell): string {
  const bare = channel.field.kind === 'metric' || channel.field.kind === 'group';
  return bare ? String(value) : `${channel.key} = ${String(value)}`;
}

/**
 * The header's label expression: each value's lines, looked up by the
 * value as text. A header is wrapped, never cut, so a reader of the paper
 * can recover every word of it.
 */
function linesExpr(channel: Channel, width: number): string {
  const fallback = JSON.stringify(headerText(channel, channel.values[0] ?? ''));
  return channel.values.reduceRight<string>((otherwise, value) => {
    const lines = wrapText(headerText(channel, value), width, TITLE_FONT);
    return `(datum.value + '') === ${JSON.stringify(String(value))} ? ${JSON.stringify(lines)} : ${otherwise}`;
  }, fallback);
}

function headerField(channel: Channel, header: Record<string, unknown>): Record<string, unknown> {
  return { field: fieldRef(channel.key), type: 'ordinal', sort: channel.values.map(String), header: { title: null, ...header } };
}

/** Column headers wrap to the panel's width, so neighbouring headers never run into each other. */
function columnHeader(channel: Channel, width: number): Record<string, unknown> {
  return headerField(channel, { labelExpr: linesExpr(channel, width), labelLimit: 0, labelLineHeight: HEADER_LINE_HEIGHT });
}

/**
 * Row headers read up the left of their row while the longest fits the
 * row's height on one line; otherwise they stand level to the right of
 * the panels, wrapped to a width of their own.
 */
function rowHeader(channel: Channel, height: number): Record<string, unknown> {
  const widest = Math.max(...channel.values.map((value) => textWidth(headerText(channel, value), TITLE_FONT)));
  if (widest <= height - 4) return headerField(channel, { labelExpr: linesExpr(channel, height), labelLimit: 0 });
  const width = Math.min(RIGHT_HEADER_WIDTH, Math.ceil(widest));
  return headerField(channel, {
    labelExpr: linesExpr(channel, width),
    labelLimit: 0,
    labelOrient: 'right',
    labelAngle: 0,
    labelAlign: 'left',
    labelBaseline: 'middle',
    labelLineHeight: HEADER_LINE_HEIGHT,
  });
}

/** The note of held values, written in the figure so that a PNG stands alone. */
function noteTitle(note: string | null): Record<string, unknown> {
  return note ? { title: { text: note, anchor: 'start', fontSize: TICK_FONT, fontWeight: 'normal', color: INK, offset: 6 } } : {};
}

export function facetedSpec(
  records: readonly PlotRecord[],
  layers: readonly object[],
  facets: Facets,
  note: string | null,
  height: number,
) {
  return (width: number): TopLevelSpec => {
    const view = { width, height, layer: [...layers] };
    const data = { values: records.map((r) => ({ ...r })) };
    if (!facets.row && !facets.column) return { ...noteTitle(note), data, ...view } as unknown as TopLevelSpec;
    return {
      ...noteTitle(note),
      data,
      facet: {
        ...(facets.row ? { row: rowHeader(facets.row, height) } : {}),
        ...(facets.column ? { column: columnHeader(facets.column, width) } : {}),
      },
      spec: view,
      // Wider than the theme's 10 pt between columns: the end labels of neighbouring x axes (0.4 | 0.2) would touch.
      spacing: { row: 10, column: 18 },
      resolve: { scale: { x: 'shared', y: 'shared', color: 'shared' } },
    } as unknown as TopLevelSpec;
  };
}

export const panelColumns = (facets: Facets): number => facets.column?.values.length ?? 1;
