/**
 * Every figure a report can hold, in the order the report shows them. Each
 * builder looks at the folder and returns its figure, or why it skipped.
 */
import type { ResultsFolder } from '../folder/results-folder.js';
import { calibrationHistograms } from './calibration-histograms.js';
import { cumulativeReward } from './cumulative-reward.js';
import { evaluatorCorrelation } from './evaluator-correlation.js';
import type { FigureOutcome } from './figure.js';
import { qualityCost } from './quality-cost.js';
import { rewardByGroup } from './reward-by-group.js';
import { adversaryShare, auditDetection, consensusErrorVsK, rewardVsAlpha, rewardVsBeta } from './sweep-figures.js';

export type FigureBuilder = (folder: ResultsFolder) => FigureOutcome | FigureOutcome[];

export const FIGURE_BUILDERS: readonly FigureBuilder[] = [
  rewardByGroup,
  qualityCost,
  evaluatorCorrelation,
  cumulativeReward,
  rewardVsBeta,
  rewardVsAlpha,
  adversaryShare,
  consensusErrorVsK,
  auditDetection,
  calibrationHistograms,
];

export function buildFigures(folder: ResultsFolder): FigureOutcome[] {
  return FIGURE_BUILDERS.flatMap((build) => build(folder));
}
