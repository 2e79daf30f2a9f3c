/**
 * The checks every sweep folder's default figures pass, as data: unique ids,
 * a bounded count, valid declarations, each varying parameter on a channel
 * or held, and every swept value drawn by some figure. Used on synthetic
 * folders (default-declarations.test.ts) and on the folders the shipped
 * sweeps' header commands write (test/docs/documented-commands.test.ts).
 */
import { expect } from 'vitest';
import { defaultSweepFigures, MAX_DEFAULT_FIGURES } from '../../reports/figures/declared/default-declarations.js';
import { parameterValueLabel } from '../../reports/figures/sweep-parameters.js';
import type { CsvValue } from '../../reports/folder/read-files.js';
import type { ExperimentFolder, SweepParameter, SweepSummaryRow } from '../../reports/folder/results-folder.js';
import { FigureDeclarationSchema, type FigureDeclaration } from '../../sim/scenario/report-schema.js';

/** The rows a declaration draws, as the drawer selects them: its metrics at their level, kept by where and hold. */
export function drawnRows(folder: ExperimentFolder, d: FigureDeclaration): SweepSummaryRow[] {
  const refs = [d.value ?? d.y]
    .flat()
    .flatMap((r) => (typeof r === 'object' && 'metric' in r ? [{ metric: r.metric, level: r.level }] : []));
  const matches = (wanted: unknown, actual: CsvValue) =>
    [wanted].flat().some((w) => parameterValueLabel(typeof w === 'object' ? JSON.stringify(w) : w) === parameterValueLabel(actual));
  const fieldOf = (row: SweepSummaryRow, name: string): CsvValue =>
    name in row.parameters ? row.parameters[name]! : (row as unknown as Record<string, CsvValue>)[name]!;
  return folder.summary.filter(
    (row) =>
      refs.some((r) => r.metric === row.metric && r.level === row.level) &&
      row.mean !== null &&
      Object.entries({ ...d.where, ...d.hold }).every(([name, wanted]) => matches(wanted, fieldOf(row, name))),
  );
}

export function varying(folder: ExperimentFolder): SweepParameter[] {
  return folder.parameters.filter((p) => new Set(folder.summary.map((r) => String(r.parameters[p.name]))).size > 1);
}

/** The checks every folder's defaults pass. */
export function checkDefaults(folder: ExperimentFolder) {
  const { declarations, skipped } = defaultSweepFigures(folder);
  const ids = declarations.map((d) => d.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(declarations.length).toBeLessThanOrEqual(MAX_DEFAULT_FIGURES);
  for (const d of declarations) expect(FigureDeclarationSchema.safeParse(d).success, d.id).toBe(true);
  const swept = varying(folder);
  const zippedWith = (a: SweepParameter, b: SweepParameter) => a.method === 'zip' && b.method === 'zip' && a.design === b.design;
  for (const d of declarations) {
    const rows = drawnRows(folder, d);
    expect(rows.length, `${d.id} draws rows`).toBeGreaterThan(0);
    const onChannel = [
      d.x,
      typeof d.y === 'string' && d.mark === 'heatmap' ? d.y : '',
      d.row,
      d.column,
      d.colour,
      ...Object.keys(d.hold ?? {}),
    ];
    const shown = swept.filter((p) => onChannel.includes(p.name));
    for (const p of swept) {
      const covered = shown.some((s) => s === p || zippedWith(s, p));
      expect(covered, `${d.id} shows or holds ${p.name}`).toBe(true);
    }
  }
  for (const p of swept) {
    const all = new Set(folder.summary.map((r) => String(r.parameters[p.name])));
    const seen = new Set(declarations.flatMap((d) => drawnRows(folder, d).map((r) => String(r.parameters[p.name]))));
    expect(
      [...all].filter((v) => !seen.has(v)),
      `every value of ${p.name} is drawn`,
    ).toEqual([]);
  }
  return { declarations, skipped };
}

/** What the shipped sweeps' defaults must say beyond the general checks, by scenario name. */
export function checkShippedDefaults(name: string, folder: ExperimentFolder): void {
  const { declarations, skipped } = checkDefaults(folder);
  if (name === 'collusion-sweep') {
    const share = declarations.find((d) => d.id === 'adversary-reward-share-vs-malicious-fraction')!;
    expect(share.scales?.x?.title).toBe('Share of evaluators in ring-m');
    expect(share.marks?.diagonal).toBe(true);
    // One figure per adversarial population: colour is left for a swept parameter.
    expect(declarations.find((d) => d.id === 'twin-gain-per-round-ring-m-vs-malicious-fraction')?.where).toEqual({
      population: ['ring-m'],
    });
  }
  if (name === 'misreport-audit') {
    expect(declarations.find((d) => d.id === 'twin-gain-per-round-vs-audit-probability')?.where).toEqual({
      population: ['misreporters'],
    });
    for (const id of ['audit-detection-rate', 'audit-false-positive-rate'])
      expect(skipped.find((s) => s.id === id)?.reason).toContain('does not move');
  }
}
