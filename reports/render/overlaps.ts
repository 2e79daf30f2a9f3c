/**
 * Which texts of a laid-out figure collide: any two text boxes, and a text
 * inside a plot (a direct label, an iso-line label, a note) with a data
 * mark. Axis labels are not checked against ticks and domains, nor anything
 * against grid lines: those are guides, drawn to be read through.
 */
import { penetration } from '../figures/outlines.js';
import type { SceneShape } from './scene-shapes.js';

/** Overlaps thinner than this (points) are the glyph boxes' slack, not a collision a reader sees. */
export const OVERLAP_TOLERANCE_PT = 0.5;

export interface Overlap {
  readonly text: SceneShape;
  readonly other: SceneShape;
  /** How far the two outlines reach into each other, in points (the least push that would part them). */
  readonly depth: number;
}

export function findOverlaps(shapes: readonly SceneShape[], tolerance = OVERLAP_TOLERANCE_PT): Overlap[] {
  const texts = shapes.filter((s) => s.kind === 'text');
  const data = shapes.filter((s) => s.kind === 'data');
  const found: Overlap[] = [];
  texts.forEach((text, i) => {
    for (const other of texts.slice(i + 1)) {
      const depth = penetration(text.points, other.points);
      if (depth > tolerance) found.push({ text, other, depth });
    }
    if (text.place !== 'plot') return;
    for (const other of data) {
      const depth = penetration(text.points, other.points);
      if (depth > tolerance) found.push({ text, other, depth });
    }
  });
  return found;
}

/** One line per overlap: `"a" (role) overlaps "b" (role) by d pt`. */
export function describeOverlap({ text, other, depth }: Overlap): string {
  return `"${text.label}" (${text.role}) overlaps "${other.label}" (${other.role} ${other.mark}) by ${depth.toFixed(1)} pt`;
}
