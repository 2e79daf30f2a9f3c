/**
 * Labels that run along straight reference lines, as on a contour map, each
 * put on a free stretch of its line: not on a data point, another label or
 * the plot's edge. Text is measured in DejaVu Sans (the figures' font), so
 * the boxes tested are the boxes drawn.
 */
import { textWidth } from '../style/text-metrics.js';
import { type Outline, penetration, rotatedBox } from './outlines.js';

/** A line in plot coordinates (points, y growing downwards) and the text to set along it. */
export interface LabelledLine {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly text: string;
}

export interface LineLabel {
  /** Centre of the label in plot coordinates; draw it with align center, baseline middle. */
  readonly px: number;
  readonly py: number;
  /** Rotation in degrees, clockwise on screen (Vega's text angle). */
  readonly angle: number;
  readonly outline: Outline;
}

/** Room kept between a label and its line, and around it, in points. */
const LINE_GAP = 1.5;
const CLEARANCE = 1;

/**
 * Places one label per line, in order: the first candidate (from the line's
 * far end inwards, above the line then below) whose box stays inside the
 * plot and clear of `obstacles` and of the labels placed before it; when none
 * is clear, the one that overlaps least.
 */
export function placeLineLabels(
  lines: readonly LabelledLine[],
  obstacles: readonly Outline[],
  area: { width: number; height: number },
  fontSize: number,
): LineLabel[] {
  const taken = [...obstacles];
  return lines.map((line) => {
    const candidates = candidatesAlong(line, textWidth(line.text, fontSize), fontSize);
    const inside = candidates.filter((c) => insideArea(c.outline, area));
    const pool = inside.length > 0 ? inside : candidates;
    const cost = (c: Candidate) => taken.reduce((sum, o) => sum + penetration(c.padded, o), 0);
    let best = pool[0]!;
    let bestCost = Infinity;
    for (const candidate of pool) {
      const c = cost(candidate);
      if (c < bestCost) [best, bestCost] = [candidate, c];
      if (c === 0) break;
    }
    taken.push(best.outline);
    return { px: best.px, py: best.py, angle: best.angle, outline: best.outline };
  });
}

/** A label position, with its box widened by the clearance for testing. */
type Candidate = LineLabel & { readonly padded: Outline };

/** Label positions along a line, far end first, each above then below it. */
function candidatesAlong(line: LabelledLine, w: number, h: number): Candidate[] {
  const dx = line.x1 - line.x0;
  const dy = line.y1 - line.y0;
  const length = Math.hypot(dx, dy);
  if (length === 0) return [];
  const [ux, uy] = [dx / length, dy / length];
  // The normal on the upper side of a line drawn left to right (screen y grows downwards).
  const [nx, ny] = ux >= 0 ? [uy, -ux] : [-uy, ux];
  const angle = Math.atan2(ux >= 0 ? uy : -uy, Math.abs(ux));
  const out: Candidate[] = [];
  const first = length - 4 - w / 2;
  const steps = 16;
  for (let i = 0; i <= steps; i++) {
    const along = first - ((first - w / 2) * i) / steps;
    if (along < w / 2) break;
    for (const side of [1, -1]) {
      const offset = side * (LINE_GAP + h / 2);
      const px = line.x0 + ux * along + nx * offset;
      const py = line.y0 + uy * along + ny * offset;
      out.push({
        px,
        py,
        angle: (angle * 180) / Math.PI,
        outline: rotatedBox(px, py, w, h, angle),
        padded: rotatedBox(px, py, w + 2 * CLEARANCE, h + 2 * CLEARANCE, angle),
      });
    }
  }
  return out;
}

function insideArea(outline: Outline, area: { width: number; height: number }): boolean {
  for (let i = 0; i < outline.length; i += 2) {
    const x = outline[i]!;
    const y = outline[i + 1]!;
    if (x < CLEARANCE || y < CLEARANCE || x > area.width - CLEARANCE || y > area.height - CLEARANCE) return false;
  }
  return true;
}
