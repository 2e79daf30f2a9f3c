/**
 * Reference rules a declaration asks for: y = 0 (where a gain turns into
 * a loss) and the diagonal y = x (a share against a fraction: above it,
 * more than a proportional share). Drawn under the data, in muted ink.
 */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import { MUTED } from '../../style/theme.js';
import { fieldRef } from './encodings.js';

const RULE = { color: MUTED, strokeDash: [3, 2], strokeWidth: 0.8 };

export function zeroLayer(yTitle: string): object {
  return { mark: { type: 'rule', ...RULE }, encoding: { y: { datum: 0, type: 'quantitative', title: yTitle } } };
}

/** y = x through the figure's x values (one point per value, from the panel's own rows). */
export function diagonalLayer(xKey: string, x: Record<string, unknown>, yTitle: string): object {
  return {
    transform: [
      { aggregate: [{ op: 'count', as: 'diagonal_rows' }], groupby: [xKey] },
      { calculate: `datum[${JSON.stringify(xKey)}]`, as: 'diagonal' },
    ],
    mark: { type: 'line', ...RULE },
    encoding: { x, y: { field: fieldRef('diagonal'), type: 'quantitative', title: yTitle } },
  };
}

/** The reference layers, and the sentences the caption adds for them. */
export function referenceLayers(
  declaration: FigureDeclaration,
  xKey: string,
  x: Record<string, unknown>,
  yTitle: string,
  numericX: boolean,
): { layers: object[]; sentences: string[] } {
  const layers: object[] = [];
  const sentences: string[] = [];
  if (declaration.marks?.zero) {
    layers.push(zeroLayer(yTitle));
    sentences.push('Dashed horizontal line: zero.');
  }
  if (declaration.marks?.diagonal && numericX) {
    layers.push(diagonalLayer(xKey, x, yTitle));
    sentences.push('Dashed diagonal: y = x.');
  }
  return { layers, sentences };
}
