/** Break-even marks of a declared figure: where each series crosses y = 0. */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import type { ResultsFolder } from '../../folder/results-folder.js';
import type { PlotData, PlotRecord } from './rows.js';

export interface BreakEvenFrame {
  readonly x: Record<string, unknown>;
  readonly ordinal: boolean;
  readonly yTitle: string;
  readonly colour: Record<string, unknown> | undefined;
}

export interface BreakEvenMarks {
  readonly layers: object[];
  readonly records: PlotRecord[];
  readonly sentence: string;
}

export function breakEvenMarks(
  _folder: ResultsFolder,
  _declaration: FigureDeclaration,
  _data: PlotData,
  _frame: BreakEvenFrame,
): BreakEvenMarks | null {
  return null;
}
