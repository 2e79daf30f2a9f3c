/**
 * No text of any figure the reports draw collides: no two text boxes (axis
 * labels and titles, legends, headers, direct labels, notes) overlap, and no
 * text inside a plot sits on a data mark. Checked on every figure
 * all-figures.ts draws for a run of each shipped run scenario (and a run with
 * a timeseries), a small sweep of each shipped sweep scenario, and the
 * calibration fixture; and the checker itself on figures made to collide.
 */
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { buildFigures } from '../../reports/figures/all-figures.js';
import { isDraft } from '../../reports/figures/figure.js';
import { placeLineLabels } from '../../reports/figures/line-labels.js';
import { penetration, rotatedBox } from '../../reports/figures/outlines.js';
import { loadResultsFolder } from '../../reports/folder/results-folder.js';
import { describeOverlap, findOverlaps } from '../../reports/render/overlaps.js';
import { finalizeSpec, specShapes } from '../../reports/render/render-figure.js';
import { ROOT } from '../helpers.js';
import { hasReportFonts } from '../system-programs.js';
import { calibrationFolder, cli, temporaryFolder } from './folders.js';

const HAS_FONTS = hasReportFonts('checking where figure text falls');

/** A results folder of a shipped scenario, made through the CLI without its report (the test renders the figures itself). */
function shippedFolder(name: string, command: 'run' | 'sweep', sets: readonly string[]): string {
  const out = join(temporaryFolder('poq-overlaps-'), name.replace(/\.yaml$/, ''));
  const args = [command, join(ROOT, 'scenarios', name), '--out', out, '--no-report', '--quiet', ...sets.flatMap((s) => ['--set', s])];
  const result = cli(args);
  if (result.status !== 0) throw new Error(`poq-sim ${command} ${name} failed: ${result.stderr}`);
  return out;
}

/** Every overlap in every figure of the folder, one line each, and how many figures and texts were looked at. */
async function overlapsIn(folder: string): Promise<{ overlaps: string[]; figures: number; texts: number; data: number }> {
  const drafts = buildFigures(loadResultsFolder(folder)).filter(isDraft);
  const overlaps: string[] = [];
  let texts = 0;
  let data = 0;
  for (const draft of drafts) {
    const { spec } = await finalizeSpec(draft);
    const shapes = await specShapes(spec);
    texts += shapes.filter((s) => s.kind === 'text').length;
    data += shapes.filter((s) => s.kind === 'data').length;
    overlaps.push(...findOverlaps(shapes).map((o) => `${draft.id}: ${describeOverlap(o)}`));
  }
  return { overlaps, figures: drafts.length, texts, data };
}

async function expectNoOverlaps(folder: string): Promise<void> {
  const { overlaps, figures, texts, data } = await overlapsIn(folder);
  expect(figures).toBeGreaterThan(0);
  expect(texts).toBeGreaterThan(figures);
  expect(data).toBeGreaterThan(0);
  expect(overlaps).toEqual([]);
}

// The shipped scenarios' own reports are checked in test/docs/documented-commands.test.ts, on the folders their headers' commands write.
describe.skipIf(!HAS_FONTS)('no text overlaps in the figures of other folders', () => {
  it('a run of paper-baseline.yaml with a timeseries', async () => {
    await expectNoOverlaps(shippedFolder('paper-baseline.yaml', 'run', ['output.timeseries.intervalSeconds=60']));
  }, 120_000);

  it('the calibration fixture', async () => {
    await expectNoOverlaps(calibrationFolder());
  }, 120_000);
});

/** A one-view figure: points at (x, y), and texts at given data positions. */
function scatter(points: { x: number; y: number }[], texts: { x: number; y: number; text: string }[]): TopLevelSpec {
  const scale = { domain: [0, 10], nice: false };
  return {
    width: 200,
    height: 120,
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 40 },
        encoding: { x: { field: 'x', type: 'quantitative', scale }, y: { field: 'y', type: 'quantitative', scale } },
      },
      {
        data: { values: texts },
        mark: { type: 'text', fontSize: 7, align: 'left', baseline: 'middle' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'text' } },
      },
    ],
  } as unknown as TopLevelSpec;
}

describe.skipIf(!HAS_FONTS)('the overlap check', () => {
  it('reports a label on a point and two labels on each other, naming both', async () => {
    const shapes = await specShapes(
      scatter(
        [{ x: 5, y: 5 }],
        [
          { x: 4.9, y: 5, text: 'on the point' },
          { x: 1, y: 8, text: 'first label' },
          { x: 1.5, y: 8, text: 'second label' },
        ],
      ),
    );
    const found = findOverlaps(shapes).map(describeOverlap);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^"on the point" \(mark\) overlaps "symbol" \(mark layer_0_marks\) by \d+\.\d pt$/);
    expect(found[1]).toMatch(/^"first label" \(mark\) overlaps "second label"/);
  });

  it('passes labels clear of the points and of each other, and does not count axis labels against the data', async () => {
    const shapes = await specShapes(
      scatter(
        [
          { x: 5, y: 5 },
          { x: 0, y: 0 },
        ],
        [
          { x: 5.4, y: 5, text: 'beside the point' },
          { x: 1, y: 8, text: 'first label' },
          { x: 1, y: 6.5, text: 'second label' },
        ],
      ),
    );
    expect(shapes.some((s) => s.role === 'axis-label' && s.label === '0')).toBe(true);
    expect(findOverlaps(shapes).map(describeOverlap)).toEqual([]);
  });

  it('measures rotated boxes as rotated: a diagonal label beside a point clear of its corner box', () => {
    const label = rotatedBox(50, 50, 40, 7, -Math.PI / 4);
    // (66, 66) lies inside the label's axis-aligned bounds but well off the rotated box.
    expect(penetration(label, [66, 66])).toBe(0);
    expect(penetration(label, [50, 50])).toBeCloseTo(3.5, 5);
    // A rule across the label, and one beside it, parallel.
    expect(penetration(label, [40, 40, 60, 60])).toBeGreaterThan(3);
    expect(penetration(label, [40, 70, 70, 40])).toBe(0);
  });
});

describe.skipIf(!HAS_FONTS)('labels along lines', () => {
  it('moves a label off its line’s far end when a point sits there, and keeps it inside the plot', () => {
    const line = { x0: 0, y0: 100, x1: 200, y1: 0, text: '0.5 per s' };
    const area = { width: 200, height: 100 };
    const [free] = placeLineLabels([line], [], area, 6.5);
    const point = rotatedBox(free!.px, free!.py, 7, 7);
    const [moved] = placeLineLabels([line], [point], area, 6.5);
    expect(penetration(free!.outline, point)).toBeGreaterThan(0);
    expect(penetration(moved!.outline, point)).toBe(0);
    for (let i = 0; i < moved!.outline.length; i += 2) {
      expect(moved!.outline[i]).toBeGreaterThanOrEqual(0);
      expect(moved!.outline[i + 1]).toBeLessThanOrEqual(100);
    }
    expect(moved!.angle).toBeCloseTo((Math.atan2(-100, 200) * 180) / Math.PI, 5);
  });

  it('keeps two labels of nearly the same line apart', () => {
    const lines = [
      { x0: 0, y0: 100, x1: 200, y1: 2, text: '0.2 per s' },
      { x0: 0, y0: 100, x1: 200, y1: 0, text: '0.25 per s' },
    ];
    const [a, b] = placeLineLabels(lines, [], { width: 200, height: 100 }, 6.5);
    expect(penetration(a!.outline, b!.outline)).toBe(0);
  });
});
