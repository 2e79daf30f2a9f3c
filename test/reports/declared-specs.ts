/** What the declared-figure tests read a figure through: its declaration parsed, its draft, and its Vega-Lite spec. */
import { type FigureDraft, type FigureOutcome, isDraft } from '../../reports/figures/figure.js';
import { FigureDeclarationSchema } from '../../sim/scenario/report-schema.js';

export const declare = (figure: Record<string, unknown>) => FigureDeclarationSchema.parse(figure);

/** The figure's draft, or the reason it was not drawn as an error. */
export function drafted(outcome: FigureOutcome): FigureDraft {
  if (!isDraft(outcome)) throw new Error(`not drawn: ${outcome.reason}`);
  return outcome;
}

export type Spec = Record<string, unknown> & { layer?: Spec[]; spec?: Spec; encoding?: Record<string, Record<string, unknown>> };

/** The spec at a panel width of 150 pt. */
export function specOf(draft: FigureDraft): Spec {
  if (draft.layout.kind !== 'panels') throw new Error('expected a panel layout');
  return JSON.parse(JSON.stringify(draft.layout.spec(150))) as Spec;
}
