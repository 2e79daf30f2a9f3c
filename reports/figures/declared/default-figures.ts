/**
 * The standard figures of a sweep: its default declarations
 * (default-declarations.ts) drawn as any declared figure is, and beside
 * them the metrics and figures left out, each with the reason
 * (figures.json `skipped`).
 */
import type { ResultsFolder } from '../../folder/results-folder.js';
import { type FigureOutcome, notForThisFolder } from '../figure.js';
import { declaredFigure } from './declared-figure.js';
import type { FigureContext } from './figure-context.js';
import { defaultSweepFigures } from './default-declarations.js';

/** `context.declared`: the scenario declares figures of its own (fewer defaults beside them). */
export function defaultSweepFigureOutcomes(folder: ResultsFolder, context: FigureContext = { declared: false }): FigureOutcome[] {
  if (folder.kind !== 'experiment') return [notForThisFolder('sweep-figures', 'needs a sweep folder (parameters.json, summary.csv)')];
  const { declarations, skipped } = defaultSweepFigures(folder, context.declared);
  return [...declarations.map((declaration) => declaredFigure(folder, declaration)), ...skipped];
}
