/**
 * A figure as its builder hands it to the renderer: plain data, no
 * rendering. Builders return null when the folder lacks the data, so a
 * figure whose data is absent is skipped rather than drawn empty.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureSize } from '../style/theme.js';

/** One view or a layer of views: the renderer fills the figure with Vega-Lite's `fit` autosize. */
export interface SingleViewLayout {
  readonly kind: 'single';
  readonly spec: TopLevelSpec;
  /** Overrides the theme's default height for the figure size (points). */
  readonly heightPt?: number;
}

/**
 * Panels side by side (facets or concatenation), which `fit` cannot size:
 * the renderer solves for the panel width that makes the whole figure as
 * wide as the column.
 */
export interface PanelLayout {
  readonly kind: 'panels';
  readonly columns: number;
  readonly spec: (panelWidthPt: number) => TopLevelSpec;
}

export interface FigureDraft {
  /** File stem: figures/<id>.vl.json, .svg, .png, .pdf. */
  readonly id: string;
  readonly title: string;
  /** What the figure shows and how to read it; printed under it in the HTML and Markdown reports. */
  readonly caption: string;
  readonly size: FigureSize;
  readonly layout: SingleViewLayout | PanelLayout;
}

/** Why a figure was not drawn, reported beside the figures that were. */
export interface SkippedFigure {
  readonly id: string;
  readonly reason: string;
  /** False when the figure is for another kind of folder (a sweep figure in a run's report): not worth mentioning to a reader. */
  readonly applies: boolean;
}

export const skip = (id: string, reason: string): SkippedFigure => ({ id, reason, applies: true });
export const notForThisFolder = (id: string, reason: string): SkippedFigure => ({ id, reason, applies: false });

export type FigureOutcome = FigureDraft | SkippedFigure;

export const isDraft = (outcome: FigureOutcome): outcome is FigureDraft => 'layout' in outcome;
