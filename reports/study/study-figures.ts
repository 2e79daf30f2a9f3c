/**
 * The figures of a study's report: exploit (reports/study/exploit-figures.ts),
 * sensitivity (sensitivity-figures.ts) and tune (tune-figures.ts).
 */
import type { ResultsFolder } from '../folder/results-folder.js';
import { type FigureOutcome, notForThisFolder } from '../figures/figure.js';
import { exploitabilityFigure, exploitSearchFigure } from './exploit-figures.js';
import { morrisFigure, sobolFigure } from './sensitivity-figures.js';
import { tuneParetoFigure } from './tune-figures.js';

export function studyFigures(folder: ResultsFolder): FigureOutcome[] {
  if (folder.kind !== 'study') return [notForThisFolder('study-figures', 'needs a study folder (study.json)')];
  const { study } = folder;
  switch (study.kind) {
    case 'exploit':
      return [exploitabilityFigure(study), exploitSearchFigure(study, folder.trajectory)];
    case 'sensitivity':
      return [sobolFigure(study), morrisFigure(study)];
    case 'tune':
      return [tuneParetoFigure(study)];
  }
}
