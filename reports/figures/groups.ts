/**
 * Which models a folder is about, in a stable order, and their colours: a
 * model keeps its colour in every figure of a report. The order is the
 * profile's (how its author listed the models), then any model the
 * profile does not know, by name.
 */
import type { ResultsFolder, SweepSummaryRow } from '../folder/results-folder.js';
import { PALETTE } from '../style/theme.js';

export type Role = 'inference' | 'evaluator';

export function profileOrder(folder: ResultsFolder, role: Role): string[] {
  if (!folder.profile) return [];
  return Object.keys(role === 'inference' ? folder.profile.inferenceModels : folder.profile.evaluatorModels);
}

/** Models of `role` present in the folder's data, in profile order. */
export function orderedModels(folder: ResultsFolder, role: Role, present: Iterable<string>): string[] {
  const seen = new Set(present);
  const known = profileOrder(folder, role).filter((model) => seen.has(model));
  const unknown = [...seen].filter((model) => !known.includes(model)).sort();
  return [...known, ...unknown];
}

/**
 * The colour scale of one role's series, following the profile's order so colours agree across figures.
 * Both roles share one colour domain: evaluators continue the palette after the profile's inference
 * models, so in a figure with an inference panel and an evaluator panel no colour means one model in
 * one panel and another in the other. One domain rather than a palette per role because the theme has
 * one colour-blind-safe palette; the paper profile's five models and three evaluators use all eight of
 * its colours, and only a profile with more names than that wraps around.
 */
export function roleColours(folder: ResultsFolder, role: Role, present: Iterable<string>): { domain: string[]; range: string[] } {
  const names = [...new Set(present)];
  const known = profileOrder(folder, role);
  const order = [...known, ...names.filter((name) => !known.includes(name)).sort()];
  const offset = role === 'evaluator' ? profileOrder(folder, 'inference').length : 0;
  const keep = order
    .map((name, i) => ({ name, colour: PALETTE[(offset + i) % PALETTE.length]! }))
    .filter(({ name }) => names.includes(name));
  return { domain: keep.map((k) => k.name), range: keep.map((k) => k.colour) };
}

export const ROLE_LABEL: Record<Role, string> = { inference: 'Inference models', evaluator: 'Evaluators' };

/**
 * The group rows a sweep figure or table shows, each once: every (role,
 * model) group, and the populations other than one named after its model
 * (in the usual network of one population per model, that population is
 * its model's group again). Levels are never mixed by accident: a
 * population's row is shown beside, not added to, its model's.
 */
export function sweepGroupRows(rows: readonly SweepSummaryRow[]): SweepSummaryRow[] {
  return rows.filter((row) => row.level === 'role-model' || (row.level === 'population' && row.population !== row.model));
}

/** A sweep group row's series name: its population, or its model for a (role, model) group. */
export const sweepGroupLabel = (row: SweepSummaryRow): string => (row.level === 'population' ? row.population : row.model);
