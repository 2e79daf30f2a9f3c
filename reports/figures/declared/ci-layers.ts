/**
 * The mean and its 95% interval, drawn so the interval is always visible:
 * a band under a line, or whiskers — a rule from ci_low to ci_high with a
 * cap at each end wider than the point — beside points and on bars, so an
 * interval narrower than the dot still shows its caps.
 */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import { INK, PALETTE } from '../../style/theme.js';
import { ciEncodings } from './encodings.js';

export type CiStyle = 'band' | 'whiskers' | 'none';

export interface LayerEncodings {
  readonly x: Record<string, unknown>;
  readonly y: Record<string, unknown>;
  readonly yTitle: string;
  readonly colour?: Record<string, unknown>;
  /** Dodges series at one ordinal x (points and bars side by side). */
  readonly xOffset?: Record<string, unknown>;
  readonly tooltip: readonly Record<string, unknown>[];
}

/** Point marks' area (square points), and the caps' length: wider than the point's diameter (about 5 pt). */
const POINT_SIZE = 22;
const CAP_LENGTH = 9;

export function ciStyle(declaration: FigureDeclaration): CiStyle {
  if (declaration.ci !== 'auto') return declaration.ci;
  return declaration.mark === 'line' ? 'band' : 'whiskers';
}

const withInterval = { filter: 'isValid(datum.ci_low) && isValid(datum.ci_high)' };

/** Series colour when the figure has one, else the palette's first colour. */
function colourOf(e: LayerEncodings): { color?: Record<string, unknown> } {
  return e.colour ? { color: e.colour } : {};
}

function bandLayer(e: LayerEncodings): object {
  return {
    transform: [withInterval],
    mark: { type: 'area', opacity: 0.2, ...(e.colour ? {} : { color: PALETTE[0] }) },
    encoding: { x: e.x, ...ciEncodings(e.yTitle), ...colourOf(e) },
  };
}

function whiskerLayers(e: LayerEncodings, onBars: boolean): object[] {
  const ink = onBars || !e.colour ? { color: onBars ? INK : PALETTE[0] } : {};
  const colour = onBars ? {} : colourOf(e);
  const offset = e.xOffset ? { xOffset: e.xOffset } : {};
  const cap = (field: 'ci_low' | 'ci_high') => ({
    transform: [withInterval],
    mark: { type: 'tick', orient: 'horizontal', size: CAP_LENGTH, thickness: 0.9, opacity: 1, ...ink },
    encoding: { x: e.x, y: { field, type: 'quantitative', title: e.yTitle }, ...colour, ...offset },
  });
  return [
    {
      transform: [withInterval],
      mark: { type: 'rule', strokeWidth: 0.9, ...ink },
      encoding: { x: e.x, ...ciEncodings(e.yTitle), ...colour, ...offset },
    },
    cap('ci_low'),
    cap('ci_high'),
  ];
}

function meanLayers(e: LayerEncodings, mark: FigureDeclaration['mark']): object[] {
  const colour = colourOf(e);
  const plain = e.colour ? {} : { color: PALETTE[0] };
  const offset = e.xOffset ? { xOffset: e.xOffset } : {};
  const points = {
    mark: { type: 'point', size: mark === 'line' ? 14 : POINT_SIZE, filled: true, opacity: 1, ...plain },
    encoding: { x: e.x, y: e.y, ...colour, ...(mark === 'line' ? {} : offset), tooltip: [...e.tooltip] },
  };
  if (mark === 'bar')
    return [{ mark: { type: 'bar', ...plain }, encoding: { x: e.x, y: e.y, ...colour, ...offset, tooltip: [...e.tooltip] } }];
  if (mark === 'line') return [{ mark: { type: 'line', strokeWidth: 1.2, ...plain }, encoding: { x: e.x, y: e.y, ...colour } }, points];
  return [points];
}

/** Bottom to top: a band, the means, whiskers over bars and beside points (so caps stay on top of the dot). */
export function dataLayers(e: LayerEncodings, mark: FigureDeclaration['mark'], style: CiStyle): object[] {
  if (style === 'band') return [bandLayer(e), ...meanLayers(e, mark)];
  if (style === 'whiskers')
    return mark === 'bar' ? [...meanLayers(e, mark), ...whiskerLayers(e, true)] : [...whiskerLayers(e, false), ...meanLayers(e, mark)];
  return meanLayers(e, mark);
}
