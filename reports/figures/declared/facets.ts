/**
 * One panel per value of the row and column channels, laid out as a
 * Vega-Lite facet: every panel shares the x and y scales and the colour
 * scale, so a value has one colour everywhere. The renderer sizes the
 * panels (PanelLayout) so the figure is 3.5 or 7 in wide.
 */
import type { TopLevelSpec } from 'vega-lite';
import { textWidth } from '../../style/text-metrics.js';
import { INK, TICK_FONT, TITLE_FONT } from '../../style/theme.js';
import { fieldRef } from './encodings.js';
import type { Channel, PlotRecord } from './rows.js';

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

/**
 * A panel's header says which value it is, "k = 5", so a cropped panel
 * still reads; a model's or a metric's name says it alone. It is cut to
 * the panel's width so neighbouring headers never run into each other.
 */
function header(channel: Channel, width: number): Record<string, unknown> {
  const bare = channel.field.kind === 'metric' || channel.field.kind === 'group';
  const label = bare ? 'datum.value' : `'${channel.key.replace(/'/g, "\\'")} = ' + datum.value`;
  return {
    field: fieldRef(channel.key),
    type: 'ordinal',
    sort: channel.values.map(String),
    header: { title: null, labelExpr: label, labelLimit: Math.max(20, width) },
  };
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
        ...(facets.row ? { row: header(facets.row, 200) } : {}),
        ...(facets.column ? { column: header(facets.column, width) } : {}),
      },
      spec: view,
      // Wider than the theme's 10 pt between columns: the end labels of neighbouring x axes (0.4 | 0.2) would touch.
      spacing: { row: 10, column: 18 },
      resolve: { scale: { x: 'shared', y: 'shared', color: 'shared' } },
    } as unknown as TopLevelSpec;
  };
}

export const panelColumns = (facets: Facets): number => facets.column?.values.length ?? 1;
