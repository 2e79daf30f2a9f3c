/** Pieces the study figures share: the dashed zero rule, one-view drafts, and panels side by side. */
import type { TopLevelSpec } from 'vega-lite';
import type { FigureDraft } from '../figures/figure.js';
import { colourScale, MUTED } from '../style/theme.js';

/** The dashed reference line at zero (no gain, no effect). */
export const ZERO_RULE = { mark: { type: 'rule', color: MUTED, strokeDash: [2, 2], strokeWidth: 0.6 } } as const;

export const CI_NOTE = 'whiskers: Student-t 95% CIs';

/** Panel height of the study figures' panels, in points. */
export const PANEL_HEIGHT_PT = 120;

export function singleView(id: string, title: string, caption: string, spec: object, heightPt?: number): FigureDraft {
  return {
    id,
    title,
    caption,
    size: 'one-column',
    layout: { kind: 'single', spec: spec as TopLevelSpec, ...(heightPt ? { heightPt } : {}) },
  };
}

/** One panel per key, side by side across one column (one key) or two. */
export function panelFigure(
  head: Pick<FigureDraft, 'id' | 'title' | 'caption'>,
  keys: readonly string[],
  panel: (key: string, widthPt: number) => object,
): FigureDraft {
  return {
    ...head,
    size: keys.length > 1 ? 'two-column' : 'one-column',
    layout: {
      kind: 'panels',
      columns: keys.length,
      spec: (width: number) => ({ hconcat: keys.map((key) => panel(key, width)), spacing: 14 }) as TopLevelSpec,
    },
  };
}

/** A panel's title: small, left-aligned, as the facet headers of the other figures. */
export const panelTitle = (text: string) => ({ text, anchor: 'start', fontSize: 8, offset: 4 });

/** A nominal colour channel with a fixed order, so a name keeps its colour in every figure of the report. */
export function nominalColour(
  field: string,
  domain: readonly string[],
  title: string | null,
  legend: object | null = { orient: 'bottom' },
) {
  return {
    field,
    type: 'nominal',
    title,
    scale: colourScale(domain),
    legend,
  };
}
