/**
 * Where a default figure puts the swept parameters it does not plot on x:
 * every one on a channel, none held in silence. One other goes on columns,
 * two on columns and rows; with more, the smallest (fewest values) take
 * the free channels — facets, and colour when the series do not need it —
 * and the rest are split: one figure per combination of their values, each
 * holding them (the drawer writes the held values into the figure).
 */
import type { CsvValue } from '../../folder/read-files.js';
import type { SweepSummaryRow } from '../../folder/results-folder.js';
import type { SweepAxis } from './sweep-axes.js';

export type FacetChannel = 'column' | 'row' | 'colour';

export interface FacetLayout {
  readonly column?: SweepAxis;
  readonly row?: SweepAxis;
  readonly colour?: SweepAxis;
  /** Parameters with one figure per value (combination). */
  readonly split: readonly SweepAxis[];
}

/**
 * How many values each channel takes and stays readable on a 7 in page:
 * panel columns narrower than an axis title collide, rows of panels past a
 * page's height, colours past the Okabe–Ito palette's eight.
 */
export const CHANNEL_LIMITS: Readonly<Record<FacetChannel, number>> = { column: 3, row: 5, colour: 8 };

/**
 * `free`: the channels left by the metric's own series, in the order they
 * fill: columns, then rows, then colour. The parameters with fewest values
 * are placed first, each on the first free channel that holds its values;
 * a parameter no channel holds (too many values, or text that would
 * collide: `fits`) is split.
 */
export function facetLayout(
  others: readonly SweepAxis[],
  free: readonly FacetChannel[],
  fits: (channel: FacetChannel, axis: SweepAxis) => boolean = () => true,
): FacetLayout {
  const bySize = [...others].sort((a, b) => a.values.length - b.values.length);
  const open = [...free];
  const placed: Partial<Record<FacetChannel, SweepAxis>> = {};
  const split: SweepAxis[] = [];
  for (const axis of bySize) {
    const channel = open.find((c) => axis.values.length <= CHANNEL_LIMITS[c] && fits(c, axis));
    if (channel === undefined) {
      split.push(axis);
      continue;
    }
    placed[channel] = axis;
    open.splice(open.indexOf(channel), 1);
  }
  return { ...placed, split };
}

/** The value a figure holds, as the sweep wrote it: a mapping for a JSON parameter (stored as text in summary.csv). */
export function heldValue(axis: SweepAxis, value: CsvValue): string | number | boolean | Record<string, unknown> {
  if (axis.parameter.type === 'json' && typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      if (typeof parsed === 'string' || typeof parsed === 'number' || typeof parsed === 'boolean') return parsed;
    } catch {
      // Not JSON after all: hold the text as it is.
    }
  }
  return value ?? '';
}

export interface SplitCase {
  /** Parameter name → value in summary.csv. */
  readonly values: Readonly<Record<string, CsvValue>>;
}

/** The combinations of the split parameters' values that `rows` (the figure's own) hold, in value order: no empty figure for a pair never run, or where the metric has no value. */
export function splitCases(rows: readonly SweepSummaryRow[], split: readonly SweepAxis[]): SplitCase[] {
  const combos = split.reduce<Record<string, CsvValue>[]>(
    (acc, axis) => acc.flatMap((combo) => axis.values.map((value) => ({ ...combo, [axis.parameter.name]: value }))),
    [{}],
  );
  const visited = new Set(rows.map((row) => split.map((axis) => String(row.parameters[axis.parameter.name])).join('\u0000')));
  return combos
    .filter((combo) => visited.has(split.map((axis) => String(combo[axis.parameter.name])).join('\u0000')))
    .map((values) => ({ values }));
}
