/**
 * Declared heatmaps (a metric over two parameters; whether a ranking
 * holds at each point) and break-even marks, on a small sweep folder with
 * values from a stated model (test/reports/declared-folders.ts): the cells
 * on ordinal axes, the ordering verdicts against the base point, and the
 * break-even crossings against sim/analysis/break-even.ts run directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { declaredFigure } from '../../reports/figures/declared/index.js';
import { loadResultsFolder, type ResultsFolder } from '../../reports/folder/results-folder.js';
import { describeOverlap, findOverlaps } from '../../reports/render/overlaps.js';
import { finalizeSpec, specShapes } from '../../reports/render/render-figure.js';
import { writeReport } from '../../reports/write-report.js';
import { breakEven } from '../../sim/analysis/break-even.js';
import { ReportSchema } from '../../sim/scenario/report-schema.js';
import { hasReportFonts } from '../system-programs.js';
import { misreportFolder } from './declared-folders.js';
import { declare, drafted, type Spec, specOf } from './declared-specs.js';

const HAS_FONTS = hasReportFonts('rendering declared heatmaps');

const layersOf = (spec: Spec): Spec[] => (spec.spec ?? spec).layer ?? [];
const records = (spec: Spec) => (spec['data'] as { values: Record<string, unknown>[] }).values;
describe('declared heatmaps and break-even marks', () => {
  let dir: string;
  let folder: ResultsFolder;
  beforeAll(() => {
    dir = misreportFolder(4);
    folder = loadResultsFolder(dir);
  });

  it('draws a metric over two parameters in ordinal cells, coloured by its mean', () => {
    const spec = specOf(
      drafted(
        declaredFigure(
          folder,
          declare({
            id: 'gain-map',
            title: 'Gain',
            mark: 'heatmap',
            x: 'audit_probability',
            y: 'slash',
            value: 'twin_gain_per_round',
            where: { population: 'misreporters' },
            hold: { factor: 0.5 },
          }),
        ),
      ),
    );
    const cell = layersOf(spec)[0]!;
    expect((cell['mark'] as { type: string }).type).toBe('rect');
    expect(cell.encoding!['x']).toMatchObject({ field: 'audit_probability', type: 'ordinal', sort: [0, 0.05, 0.1, 0.2, 0.3, 0.4] });
    expect(cell.encoding!['y']).toMatchObject({ field: 'slash', type: 'ordinal', sort: [4, 2, 1] });
    expect(cell.encoding!['color']).toMatchObject({ field: 'mean', type: 'quantitative', scale: { scheme: 'viridis' } });
    expect(records(spec)).toHaveLength(6 * 3);
    expect(spec['title']).toMatchObject({ text: 'Held: factor = 0.5, population = misreporters' });
  });

  it('says at each point whether the base point’s ranking holds, or names the first pair that swapped', () => {
    const draft = drafted(
      declaredFigure(
        folder,
        declare({
          id: 'ordering',
          title: 'Ordering',
          mark: 'heatmap',
          x: 'audit_probability',
          y: 'slash',
          value: { orderOf: 'mean_reward', role: 'inference' },
          hold: { factor: 0.5 },
        }),
      ),
    );
    const cells = records(specOf(draft));
    const at = (p: number) => cells.filter((c) => c['audit_probability'] === p).map((c) => c['ordering']);
    expect(at(0)).toEqual(['holds', 'holds', 'holds']);
    expect(at(0.2)).toEqual(['gemma-2-2b above tinyllama-1.1b', 'gemma-2-2b above tinyllama-1.1b', 'gemma-2-2b above tinyllama-1.1b']);
    expect(new Set(at(0.4))).toEqual(new Set(['gemma-2-2b above llama-3.2-3b']));
    const colour = layersOf(specOf(draft))[0]!.encoding!['color']!;
    expect(colour).toMatchObject({ field: 'ordering', type: 'nominal' });
    expect((colour['scale'] as { domain: string[] }).domain[0]).toBe('holds');
    expect(draft.caption).toContain('at the base scenario’s point (llama-3.2-3b > tinyllama-1.1b > gemma-2-2b)');
    expect(draft.caption).toMatch(/it holds at \d+ of 18 points/);
  });

  it('marks where each series crosses zero, as sim/analysis/break-even computes it from metrics.csv', () => {
    const draft = drafted(
      declaredFigure(
        folder,
        declare({
          id: 'gain',
          title: 'Gain',
          x: 'audit_probability',
          y: 'twin_gain_per_round',
          colour: 'slash',
          column: 'factor',
          where: { population: 'misreporters' },
          marks: { breakEven: true },
        }),
      ),
    );
    const spec = specOf(draft);
    const marks = records(spec).filter((r) => r['break_even'] !== undefined);
    const rows: Record<string, string>[] = parse(readFileSync(join(dir, 'metrics.csv'), 'utf8'), { columns: true });
    const observations = rows
      .filter(
        (r) => r['metric'] === 'twin_gain_per_round' && r['population'] === 'misreporters' && r['slash'] === '2' && r['factor'] === '0.75',
      )
      .map((r) => ({ x: Number(r['audit_probability']), y: Number(r['value']) }));
    const expected = breakEven(observations);
    const mark = marks.find((m) => m['slash'] === '2' && m['factor'] === '0.75')!;
    expect(mark['break_even']).toBeCloseTo(expected.crossing!, 12);
    expect(mark['break_even_low']).toBeCloseTo(expected.ci95![0], 12);
    expect(mark['break_even_high']).toBeCloseTo(expected.ci95![1], 12);
    // The stated model crosses at p* = (1 − factor) / slash = 0.125.
    expect(expected.crossing!).toBeCloseTo(0.125, 1);
    const rule = layersOf(spec).find(
      (l) => (l['mark'] as { type: string }).type === 'rule' && l.encoding!['x']!['field'] === 'break_even',
    )!;
    expect(rule.encoding!['color']).toMatchObject({ field: 'slash' });
    expect(draft.caption).toContain('slash = 2, factor = 0.75: 0.1');
    // factor 0.5, slash 1 crosses at 0.5, beyond the swept 0–0.4: listed, not drawn.
    expect(draft.caption).toMatch(/slash = 1, factor = 0\.5: 0\.[45]\d*[^;]*beyond the swept range/);
    expect(marks.some((m) => m['slash'] === '1' && m['factor'] === '0.5')).toBe(false);
  });

  it.skipIf(!HAS_FONTS)('renders both heatmaps and the break-even figure without warnings', async () => {
    const declarations = ReportSchema.parse({
      defaults: false,
      figures: [
        {
          id: 'ordering',
          title: 'Ordering',
          mark: 'heatmap',
          x: 'audit_probability',
          y: 'slash',
          value: { orderOf: 'mean_reward', role: 'inference' },
          column: 'factor',
        },
        {
          id: 'gain',
          title: 'Gain',
          x: 'audit_probability',
          y: 'twin_gain_per_round',
          colour: 'slash',
          column: 'factor',
          where: { population: 'misreporters' },
          marks: { breakEven: true, zero: true },
        },
      ],
    });
    const result = await writeReport(dir, { declarations, formats: ['svg', 'png', 'pdf'] });
    expect(result.figures.map((f) => f.id)).toEqual(['ordering', 'gain']);
    for (const figure of result.figures) expect(figure.warnings).toEqual([]);
    expect(readFileSync(join(dir, 'figures', 'ordering.svg'), 'utf8')).toContain('gemma-2-2b above llama-3.2-3b');
  });

  it.skipIf(!HAS_FONTS)('lays out every kind of declared figure with no text on another text or on a data mark', async () => {
    const figures = [
      {
        id: 'line',
        title: 'L',
        x: 'audit_probability',
        y: 'twin_gain_per_round',
        colour: 'slash',
        column: 'factor',
        where: { population: 'misreporters' },
        marks: { breakEven: true, zero: true },
      },
      {
        id: 'point',
        title: 'P',
        mark: 'point',
        x: 'slash',
        y: 'twin_gain_per_round',
        colour: 'factor',
        hold: { audit_probability: 0.1 },
        where: { population: 'misreporters' },
      },
      { id: 'bar', title: 'B', mark: 'bar', x: 'model', y: 'mean_reward', row: 'slash', hold: { audit_probability: 0.1, factor: 0.5 } },
      {
        id: 'map',
        title: 'M',
        mark: 'heatmap',
        x: 'audit_probability',
        y: 'slash',
        value: 'mean_reward',
        column: 'model',
        hold: { factor: 0.5 },
      },
      {
        id: 'order',
        title: 'O',
        mark: 'heatmap',
        x: 'audit_probability',
        y: 'slash',
        value: { orderOf: 'mean_reward', role: 'inference' },
        column: 'factor',
      },
    ];
    const overlaps: string[] = [];
    for (const figure of figures) {
      const { spec } = await finalizeSpec(drafted(declaredFigure(folder, declare(figure))));
      overlaps.push(...findOverlaps(await specShapes(spec)).map((o) => `${figure.id}: ${describeOverlap(o)}`));
    }
    expect(overlaps).toEqual([]);
  });
});
