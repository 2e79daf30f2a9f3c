/**
 * Exact text widths for Vega's layout. Without the `canvas` package Vega
 * estimates a label's width from its length, which spreads legends and
 * axis gutters far wider than the drawn text. Measuring with the DejaVu
 * Sans files the PNG and PDF are drawn with makes the layout match the
 * glyphs; Vega supports a user-supplied `textMetrics.width` for this
 * (vl-convert does the same).
 */
import * as fontkit from 'fontkit';
import * as vega from 'vega';
import { fontFiles } from './fonts.js';

interface MeasuredItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
}

let installed = false;

export function useDejaVuTextMetrics(): void {
  if (installed) return;
  const files = fontFiles();
  const regular = fontkit.openSync(files.regular) as fontkit.Font;
  const bold = fontkit.openSync(files.bold) as fontkit.Font;
  const widths = new Map<string, number>();
  const emWidth = (font: fontkit.Font, key: string, text: string): number => {
    let width = widths.get(key);
    if (width === undefined) {
      width = font.layout(text).advanceWidth / font.unitsPerEm;
      widths.set(key, width);
    }
    return width;
  };
  // vega-scenegraph's textMetrics is exported by vega at run time but missing from its typings.
  const { textMetrics } = vega as unknown as { textMetrics: { width: (item: MeasuredItem, text: unknown) => number } };
  textMetrics.width = (item, text) => {
    const string = text === null || text === undefined ? '' : String(text);
    const isBold = item.fontWeight === 'bold' || (typeof item.fontWeight === 'number' && item.fontWeight >= 600);
    const em = isBold ? emWidth(bold, `b${string}`, string) : emWidth(regular, `r${string}`, string);
    return em * (item.fontSize ?? 11);
  };
  installed = true;
}

/** Width in points of `text` set in DejaVu Sans at `fontSize`: for layout decisions a figure makes itself (gutters, labels). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  useDejaVuTextMetrics();
  const { textMetrics } = vega as unknown as { textMetrics: { width: (item: MeasuredItem, text: unknown) => number } };
  return textMetrics.width({ fontSize, fontWeight: bold ? 'bold' : 'normal' }, text);
}
