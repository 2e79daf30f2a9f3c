/**
 * Direct labels for scatter points, placed greedily so they neither overlap
 * each other nor the points: a legend-free figure reads faster, and Vega-Lite
 * has no label-placement transform of its own.
 */
import { textWidth } from '../style/text-metrics.js';

export interface LabelPoint {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

export interface PlacedLabel extends LabelPoint {
  /** Offset of the label's anchor from the point, in points. */
  readonly dx: number;
  readonly dy: number;
  readonly align: 'left' | 'right' | 'center';
  readonly baseline: 'middle' | 'bottom' | 'top';
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Places one label per point. `toPixel` maps data to plot coordinates
 * (y growing downwards); `width` and `height` bound the plot area.
 */
export function placeLabels(
  points: readonly LabelPoint[],
  toPixel: (point: LabelPoint) => { px: number; py: number },
  area: { width: number; height: number },
  fontSize: number,
  /** Lines (in plot coordinates) a label should rather not cross, such as reference lines. */
  lines: readonly { x0: number; y0: number; x1: number; y1: number }[] = [],
): PlacedLabel[] {
  const gap = 4;
  const pointRadius = 3;
  const taken: Box[] = points.map((point) => {
    const { px, py } = toPixel(point);
    return { x0: px - pointRadius, y0: py - pointRadius, x1: px + pointRadius, y1: py + pointRadius };
  });
  const candidates = [
    { dx: gap, dy: 0, align: 'left', baseline: 'middle' },
    { dx: -gap, dy: 0, align: 'right', baseline: 'middle' },
    { dx: 0, dy: -gap, align: 'center', baseline: 'bottom' },
    { dx: 0, dy: gap, align: 'center', baseline: 'top' },
    { dx: gap, dy: -gap, align: 'left', baseline: 'bottom' },
    { dx: gap, dy: gap, align: 'left', baseline: 'top' },
    { dx: -gap, dy: -gap, align: 'right', baseline: 'bottom' },
    { dx: -gap, dy: gap, align: 'right', baseline: 'top' },
  ] as const;
  return points.map((point) => {
    const { px, py } = toPixel(point);
    const boxFor = (c: (typeof candidates)[number]): Box => labelBox(px, py, c, point.text, fontSize);
    const inside = (b: Box) => b.x0 >= 0 && b.y0 >= 0 && b.x1 <= area.width && b.y1 <= area.height;
    const free = (b: Box) => inside(b) && !taken.some((t) => overlaps(t, b));
    const clear = (b: Box) => free(b) && !lines.some((line) => crosses(line, b));
    const chosen =
      candidates.find((c) => clear(boxFor(c))) ??
      candidates.find((c) => free(boxFor(c))) ??
      candidates.find((c) => inside(boxFor(c))) ??
      candidates[0];
    taken.push(boxFor(chosen));
    return { ...point, dx: chosen.dx, dy: chosen.dy, align: chosen.align, baseline: chosen.baseline };
  });
}

/** The box a label placed at (px, py) with this offset and alignment covers, in plot coordinates. */
export function labelBox(px: number, py: number, placement: Omit<PlacedLabel, keyof LabelPoint>, text: string, fontSize: number): Box {
  const w = textWidth(text, fontSize);
  const h = fontSize;
  const ax = px + placement.dx;
  const ay = py + placement.dy;
  const x0 = placement.align === 'left' ? ax : placement.align === 'right' ? ax - w : ax - w / 2;
  const y0 = placement.baseline === 'middle' ? ay - h / 2 : placement.baseline === 'bottom' ? ay - h : ay;
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

/** Whether a segment passes through a box (sampled finely enough for label-sized boxes). */
function crosses(line: { x0: number; y0: number; x1: number; y1: number }, box: Box): boolean {
  const steps = Math.max(2, Math.ceil(Math.hypot(line.x1 - line.x0, line.y1 - line.y0)));
  for (let i = 0; i <= steps; i++) {
    const x = line.x0 + ((line.x1 - line.x0) * i) / steps;
    const y = line.y0 + ((line.y1 - line.y0) * i) / steps;
    if (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) return true;
  }
  return false;
}
