/**
 * Convex outlines in plot coordinates (x, y pairs: a box's four corners, a
 * segment's two ends, or one point) and how deeply two of them overlap.
 * Label placement uses it to find free room; the overlap check of rendered
 * figures uses the same test, so the two agree on what a collision is.
 */

/** A convex outline as x, y pairs. */
export type Outline = readonly number[];

/** A box of width `w` and height `h` centred on (cx, cy), its width along `angle` (radians, clockwise on screen). */
export function rotatedBox(cx: number, cy: number, w: number, h: number, angle = 0): number[] {
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const corners = [
    [-w / 2, -h / 2],
    [w / 2, -h / 2],
    [w / 2, h / 2],
    [-w / 2, h / 2],
  ] as const;
  return corners.flatMap(([a, b]) => [cx + a * ux - b * uy, cy + a * uy + b * ux]);
}

/**
 * Separating-axis test of two convex outlines: the smallest overlap of
 * their projections over every edge normal (the least push that would part
 * them), or 0 when some axis separates them.
 */
export function penetration(a: Outline, b: Outline): number {
  let depth = Infinity;
  for (const [nx, ny] of [...normals(a), ...normals(b)]) {
    const [aMin, aMax] = project(a, nx, ny);
    const [bMin, bMax] = project(b, nx, ny);
    // The shorter push apart along this axis (for a point inside a box, its distance to the nearer side).
    const overlap = Math.min(aMax - bMin, bMax - aMin);
    if (overlap <= 0) return 0;
    depth = Math.min(depth, overlap);
  }
  return depth === Infinity ? 0 : depth;
}

/** Unit normals of an outline's edges (a segment has one; a point none). */
function normals(points: Outline): [number, number][] {
  const n = points.length / 2;
  const edges = n === 2 ? 1 : n < 2 ? 0 : n;
  const out: [number, number][] = [];
  for (let i = 0; i < edges; i++) {
    const j = (i + 1) % n;
    const ex = points[2 * j]! - points[2 * i]!;
    const ey = points[2 * j + 1]! - points[2 * i + 1]!;
    const length = Math.hypot(ex, ey);
    if (length > 1e-9) out.push([-ey / length, ex / length]);
  }
  return out;
}

function project(points: Outline, nx: number, ny: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < points.length; i += 2) {
    const d = points[i]! * nx + points[i + 1]! * ny;
    if (d < min) min = d;
    if (d > max) max = d;
  }
  return [min, max];
}
