/**
 * Whether a ranking survives across a sweep: at every point, a role's
 * models ranked by a metric (role-model rows, highest mean first) against
 * the ranking at the base scenario's point (the parameter values the
 * manifest's resolved scenario has; the first point when the sweep does
 * not visit it). A cell "holds", or names the first pair of the base
 * ranking that swapped: "phi-3-mini above qwen2-1.5b".
 */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import type { ExperimentFolder, SweepSummaryRow } from '../../folder/results-folder.js';
import { baseValue } from '../sweep-parameters.js';
import { keptBy } from './rows.js';
import { sameValue } from './values.js';

export const HOLDS = 'holds';

export interface Ordering {
  /** The verdict at each point, by point id. */
  readonly verdicts: ReadonlyMap<number, string>;
  /** One row per point (of the first model), to carry the point's parameters into the figure. */
  readonly pointRows: readonly SweepSummaryRow[];
  /** The base ranking, highest first. */
  readonly base: readonly string[];
  readonly basePointFound: boolean;
}

/** Models ranked by mean, highest first; ties keep the base order (a tie is not a swap). */
function ranking(rows: readonly SweepSummaryRow[]): string[] {
  return [...rows].sort((a, b) => (b.mean ?? -Infinity) - (a.mean ?? -Infinity)).map((row) => row.model);
}

function verdict(base: readonly string[], rows: readonly SweepSummaryRow[]): string {
  const mean = new Map(rows.map((row) => [row.model, row.mean ?? -Infinity]));
  for (let i = 0; i < base.length; i++) {
    for (let j = i + 1; j < base.length; j++) {
      if ((mean.get(base[j]!) ?? -Infinity) > (mean.get(base[i]!) ?? -Infinity)) return `${base[j]} above ${base[i]}`;
    }
  }
  return HOLDS;
}

function basePoint(folder: ExperimentFolder, byPoint: ReadonlyMap<number, SweepSummaryRow[]>): number | undefined {
  const isBase = (row: SweepSummaryRow) =>
    folder.parameters.every((parameter) => {
      const base = baseValue(folder, parameter);
      return base !== undefined && sameValue(row.parameters[parameter.name] ?? null, base);
    });
  return [...byPoint.entries()].find(([, rows]) => isBase(rows[0]!))?.[0];
}

export function orderingOf(folder: ExperimentFolder, declaration: FigureDeclaration, metric: string, role: string): Ordering | string {
  const keep = keptBy(declaration);
  const rows = folder.summary.filter(
    (row) => row.metric === metric && row.level === 'role-model' && row.role === role && row.mean !== null && keep(row),
  );
  if (rows.length === 0) return `summary.csv has no role-model rows of ${metric} for role ${role} that match where and hold`;
  const byPoint = new Map<number, SweepSummaryRow[]>();
  for (const row of rows) byPoint.set(row.pointId, [...(byPoint.get(row.pointId) ?? []), row]);
  const found = basePoint(folder, byPoint);
  const baseId = found ?? Math.min(...byPoint.keys());
  const base = ranking(byPoint.get(baseId)!);
  const verdicts = new Map([...byPoint.entries()].map(([id, pointRows]) => [id, verdict(base, pointRows)]));
  return { verdicts, pointRows: [...byPoint.values()].map((pointRows) => pointRows[0]!), base, basePointFound: found !== undefined };
}
