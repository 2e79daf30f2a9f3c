/**
 * Where a default figure puts the swept parameters it does not plot on x:
 * every one on a channel, none held in silence. One other goes on columns,
 * two on columns and rows; with more, the smallest (fewest values) take
 * the free channels — facets, and colour when the series do not need it —
 * and the rest are split: one figure per combination of their values, each
 * holding them (the drawer writes the held values into the figure).
 */
import type { CsvValue } from '../../folder/read-files.js';
import type { ExperimentFolder } from '../../folder/results-folder.js';
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
 * `free`: the channels left by the metric's own series, in the order they
 * fill: columns first (a page is wider than a panel is tall), then rows,
 * then colour for the smallest parameter when the others fill the facets.
 */
export function facetLayout(others: readonly SweepAxis[], free: readonly FacetChannel[]): FacetLayout {
  const bySize = [...others].sort((a, b) => a.values.length - b.values.length);
  const facets = free.filter((c) => c !== 'colour');
  if (bySize.length <= facets.length) {
    return Object.fromEntries([...facets.slice(0, bySize.length).map((c, i) => [c, bySize[i]]), ['split', []]]) as FacetLayout;
  }
  const slots: FacetChannel[] = free.includes('colour') ? ['colour', ...facets] : [...facets];
  const placed = Object.fromEntries(slots.map((c, i) => [c, bySize[i]]));
  return { ...placed, split: bySize.slice(slots.length) };
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

/** The combinations of the split parameters' values that the sweep visited, in value order (no empty figure for a pair never run). */
export function splitCases(folder: ExperimentFolder, split: readonly SweepAxis[]): SplitCase[] {
  const combos = split.reduce<Record<string, CsvValue>[]>(
    (acc, axis) => acc.flatMap((combo) => axis.values.map((value) => ({ ...combo, [axis.parameter.name]: value }))),
    [{}],
  );
  const visited = new Set(folder.summary.map((row) => split.map((axis) => String(row.parameters[axis.parameter.name])).join('\u0000')));
  return combos
    .filter((combo) => visited.has(split.map((axis) => String(combo[axis.parameter.name])).join('\u0000')))
    .map((values) => ({ values }));
}
