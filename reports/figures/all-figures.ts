/**
 * Every figure a report can hold, in the order the report shows them: the
 * figures the scenario declares (its `report:` section), in order, then the
 * standard builders unless the declarations turn them off. Each builder
 * looks at the folder and returns its figure, or why it skipped.
 */
import type { ReportSpec } from '../../sim/scenario/report-schema.js';
import type { ResultsFolder } from '../folder/results-folder.js';
import { calibrationHistograms } from './calibration-histograms.js';
import { cumulativeReward } from './cumulative-reward.js';
import { declaredFigure, defaultSweepFigureOutcomes, reportDeclarations } from './declared/index.js';
import { evaluatorCorrelation } from './evaluator-correlation.js';
import type { FigureContext } from './declared/figure-context.js';
import type { FigureOutcome } from './figure.js';
import { qualityCost } from './quality-cost.js';
import { rewardByGroup } from './reward-by-group.js';
import { studyFigures } from '../study/study-figures.js';

export type FigureBuilder = (folder: ResultsFolder, context: FigureContext) => FigureOutcome | FigureOutcome[];

export const FIGURE_BUILDERS: readonly FigureBuilder[] = [
  rewardByGroup,
  qualityCost,
  evaluatorCorrelation,
  cumulativeReward,
  defaultSweepFigureOutcomes,
  calibrationHistograms,
  studyFigures,
];

/**
 * The report's figures. `declarations` replaces the scenario's own `report:`
 * section (the manifest's). The standard figures the section names as its
 * answer (`standard`) come first, in its order, then the declared figures,
 * then the other standard figures unless `defaults` is false; a standard
 * figure whose id a declared one takes is left out, so no two figures share a file.
 */
export function buildFigures(folder: ResultsFolder, declarations?: ReportSpec): FigureOutcome[] {
  // A study's report answers the study's question; the run and sweep figures do not apply.
  if (folder.kind === 'study') {
    const figures = studyFigures(folder);
    const named: readonly string[] = reportDeclarations(folder, declarations)?.standard ?? [];
    return [...named.flatMap((id) => figures.filter((f) => f.id === id)), ...figures.filter((f) => !named.includes(f.id))];
  }
  const spec = reportDeclarations(folder, declarations);
  const declared = (spec?.figures ?? []).map((declaration) => declaredFigure(folder, declaration));
  const taken = new Set(declared.map((figure) => figure.id));
  const standard = FIGURE_BUILDERS.flatMap((build) => build(folder, { declared: declared.length > 0 })).filter(
    (figure) => !taken.has(figure.id),
  );
  const named: readonly string[] = spec?.standard ?? [];
  const first = named.flatMap((id) => standard.filter((figure) => figure.id === id));
  const rest = spec !== null && !spec.defaults ? [] : standard.filter((figure) => !named.includes(figure.id));
  return [...first, ...declared, ...rest];
}
