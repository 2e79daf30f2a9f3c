/**
 * Intervals on a log axis. A 95% interval of a positive mean can reach zero
 * or below (a t-interval over two replications, say); a log scale has no
 * place for it, and one such value would leave the whole axis without a
 * domain. Such an interval is drawn down to the bottom of the axis, which is
 * set below the smallest positive value drawn, and the caption says so.
 */
import type { PlotRecord } from './rows.js';

export interface LogAxisData {
  readonly records: PlotRecord[];
  /** [low, high] of the axis, or null when nothing on it is positive (then the spec keeps its own). */
  readonly domain: [number, number] | null;
  /** For the caption, when some interval was cut at the axis. */
  readonly sentence: string | null;
}

const positive = (value: unknown): value is number => typeof value === 'number' && value > 0 && Number.isFinite(value);

export function onLogAxis(records: readonly PlotRecord[]): LogAxisData {
  const values = records.flatMap((r) => [r['mean'], r['ci_low'], r['ci_high']]).filter(positive);
  if (values.length === 0) return { records: [...records], domain: null, sentence: null };
  const smallest = Math.min(...values);
  const largest = Math.max(...values);
  // Half a decade below the smallest positive value: a cut interval visibly runs to the axis.
  const floor = smallest / Math.sqrt(10);
  let cut = false;
  const shown = records.map((record) => {
    const low = record['ci_low'];
    if (typeof low !== 'number' || low > 0) return record;
    cut = true;
    return { ...record, ci_low: floor };
  });
  return {
    records: shown,
    domain: [floor, largest],
    sentence: cut ? 'An interval that reaches zero or below runs to the bottom of the logarithmic axis.' : null,
  };
}
