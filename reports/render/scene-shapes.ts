/**
 * The outlines of a laid-out Vega scenegraph's text and data marks, in the
 * figure's coordinates: the overlap check's input. Text is its rotated box
 * (Vega's own text bounds, before they are widened for redrawing); a point
 * or bar is its bounds; a rule is its segment; a line is its vertices and an
 * area its vertical (or horizontal) spans, since a line's or band's bounding
 * box covers empty plot that a label may well sit in.
 */
import * as vega from 'vega';

/** The parts of a Vega scenegraph mark read here (vega-typings' Scene types omit most item fields). */
export interface SceneMark {
  readonly marktype: string;
  readonly role?: string;
  readonly name?: string;
  readonly items: readonly SceneItem[];
}

interface SceneItem {
  readonly x?: number;
  readonly y?: number;
  readonly x2?: number;
  readonly y2?: number;
  readonly width?: number;
  readonly height?: number;
  readonly text?: unknown;
  readonly opacity?: number;
  readonly orient?: string;
  readonly angle?: number;
  readonly bounds: { x1: number; y1: number; x2: number; y2: number };
  /** A group item's marks. */
  readonly items?: readonly SceneMark[];
}

/** Where a shape sits: a data mark (or direct label, note) inside a plot, or part of a guide (axis, legend, title, facet header). */
export type ShapePlace = 'plot' | 'guide';

export interface SceneShape {
  readonly kind: 'text' | 'data';
  readonly place: ShapePlace;
  /** Vega's role of the mark (axis-label, legend-label, title-text, mark, …) and its name (layer_1_marks, …). */
  readonly role: string;
  readonly mark: string;
  /** The text drawn, or the mark type of a data shape. */
  readonly label: string;
  /** A convex outline, as x, y pairs: four corners, two ends of a segment, or one point. */
  readonly points: readonly number[];
}

/** Roles of group marks whose contents are guides, not data. */
const GUIDE_GROUP_ROLES = new Set(['axis', 'legend', 'title', 'column-header', 'row-header', 'column-title', 'row-title']);
const GUIDE_ROLE_PREFIXES = ['axis', 'legend', 'title', 'column-', 'row-'];

const isGuideRole = (role: string) => GUIDE_ROLE_PREFIXES.some((prefix) => role.startsWith(prefix));

/** Every text and data shape under `root`, in drawing order, with the root drawn at (`originX`, `originY`). */
export function sceneShapes(root: SceneMark, originX = 0, originY = 0): SceneShape[] {
  const shapes: SceneShape[] = [];
  walk(root, originX, originY, false, shapes);
  return shapes;
}

function walk(mark: SceneMark, ox: number, oy: number, inGuide: boolean, out: SceneShape[]): void {
  const role = mark.role ?? '';
  const guide = inGuide || GUIDE_GROUP_ROLES.has(role) || isGuideRole(role);
  if (mark.marktype === 'group') {
    for (const item of mark.items) {
      for (const child of item.items ?? []) walk(child, ox + (item.x ?? 0), oy + (item.y ?? 0), guide, out);
    }
    return;
  }
  const base = { place: guide ? 'guide' : 'plot', role, mark: mark.name ?? '' } as const;
  if (mark.marktype === 'text') {
    for (const item of mark.items) {
      const text = textOf(item);
      if (text === '' || item.opacity === 0) continue;
      out.push({ ...base, kind: 'text', label: text, points: textCorners(item, ox, oy) });
    }
    return;
  }
  // Guides' own marks (ticks, domains, grid lines, legend symbols) are not data.
  if (guide || role !== 'mark') return;
  for (const points of dataOutlines(mark, ox, oy)) out.push({ ...base, kind: 'data', label: mark.marktype, points });
}

function textOf(item: SceneItem): string {
  const text = item.text;
  if (Array.isArray(text)) return text.map(String).join(' ').trim();
  return text === null || text === undefined ? '' : String(text).trim();
}

/** The text's box, rotated with it: Vega's bounds in mode 2 give its four corners, unwidened. */
function textCorners(item: SceneItem, ox: number, oy: number): number[] {
  const marks = vega as unknown as { Marks: { text: { bound: (b: unknown, item: SceneItem, mode: number) => number[] } } };
  // An unrotated item has no angle, which Vega's corner rotation would turn into NaN.
  const p = marks.Marks.text.bound(new vega.Bounds(), { ...item, angle: item.angle ?? 0 }, 2);
  if (p.some((v) => !Number.isFinite(v))) throw new Error(`no finite box for the text "${textOf(item)}"`);
  // rotatedPoints lists (x1,y1), (x1,y2), (x2,y1), (x2,y2): reorder them around the box.
  return [0, 2, 6, 4].flatMap((i) => [p[i]! + ox, p[i + 1]! + oy]);
}

function dataOutlines(mark: SceneMark, ox: number, oy: number): number[][] {
  const visible = mark.items.filter((item) => item.opacity !== 0);
  switch (mark.marktype) {
    case 'rule':
      return visible.map((item) => [ox + (item.x ?? 0), oy + (item.y ?? 0), ox + (item.x2 ?? item.x ?? 0), oy + (item.y2 ?? item.y ?? 0)]);
    case 'line':
    case 'trail':
      return visible.map((item) => [ox + (item.x ?? 0), oy + (item.y ?? 0)]);
    case 'area':
      return visible.map((item) =>
        item.orient === 'horizontal'
          ? [ox + (item.x ?? 0), oy + (item.y ?? 0), ox + (item.x2 ?? item.x ?? 0), oy + (item.y ?? 0)]
          : [ox + (item.x ?? 0), oy + (item.y ?? 0), ox + (item.x ?? 0), oy + (item.y2 ?? item.y ?? 0)],
      );
    default:
      return visible.map(({ bounds: b }) => [b.x1 + ox, b.y1 + oy, b.x2 + ox, b.y1 + oy, b.x2 + ox, b.y2 + oy, b.x1 + ox, b.y2 + oy]);
  }
}
