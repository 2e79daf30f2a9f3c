/** Heatmaps of a declared figure: x and y parameters, one cell per pair. */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import type { ExperimentFolder, RunFolder } from '../../folder/results-folder.js';
import { type FigureOutcome, skip } from '../figure.js';

export function heatmapFigure(_folder: ExperimentFolder | RunFolder, declaration: FigureDeclaration): FigureOutcome {
  return skip(declaration.id, 'heatmaps are not drawn yet');
}
