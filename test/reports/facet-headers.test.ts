/**
 * Facet headers are read whole: a header wider than its panel wraps at
 * word boundaries (a long word at "-" or ","), a row header too long for
 * its row stands level to the right of the panels, and nothing is cut
 * with "…"; the wrapped figure has no text overlaps. Behaviour values read
 * shortly in headers, legends and captions alike.
 */
import { describe, expect, it } from 'vitest';
import { facetedSpec } from '../../reports/figures/declared/facets.js';
import type { Channel, PlotRecord } from '../../reports/figures/declared/rows.js';
import { readableValue } from '../../reports/figures/declared/values.js';
import type { FigureDraft } from '../../reports/figures/figure.js';
import { describeOverlap, findOverlaps } from '../../reports/render/overlaps.js';
import { finalizeSpec, specShapes } from '../../reports/render/render-figure.js';
import { textWidth } from '../../reports/style/text-metrics.js';
import { TITLE_FONT } from '../../reports/style/theme.js';
import { wrapText } from '../../reports/style/wrap-text.js';
import type { SweepParameter } from '../../reports/folder/results-folder.js';
import { hasReportFonts } from '../system-programs.js';

const HAS_FONTS = hasReportFonts('wrapping facet headers');

const LONG_ROWS = ['a sweep value whose header is far longer than any row of panels is tall, so it must stand to the right', 'short'];
const LONG_COLUMNS = ['tinyllama-1.1b-chat-v1.0-extended', 'qwen2-1.5b'];

function parameterChannel(key: string, values: readonly string[]): Channel {
  const parameter = { name: key, path: key, values: [...values] } as unknown as SweepParameter;
  return { field: { kind: 'parameter', name: key, parameter }, key, values, numeric: false };
}

/** A line per (row, column) panel over x = 0, 1: the smallest figure with both kinds of header. */
function draft(rows: Channel, columns: Channel): FigureDraft {
  const records: PlotRecord[] = rows.values.flatMap((row) =>
    columns.values.flatMap((column) => [0, 1].map((x) => ({ x, mean: x / 2, [rows.key]: row, [columns.key]: column }))),
  );
  const layer = {
    mark: { type: 'line', point: true },
    encoding: { x: { field: 'x', type: 'quantitative', title: 'x' }, y: { field: 'mean', type: 'quantitative', title: 'y' } },
  };
  const spec = facetedSpec(records, [layer], { row: rows, column: columns }, null, 100);
  return { id: 'headers', title: 'Headers', caption: '', size: 'two-column', layout: { kind: 'panels', columns: 2, spec } };
}

const boxHeight = (points: readonly number[]) => {
  const ys = points.filter((_, i) => i % 2 === 1);
  return Math.max(...ys) - Math.min(...ys);
};

const words = (text: string) => text.split(/[\s,-]+/).filter((w) => w !== '');

describe.skipIf(!HAS_FONTS)('wrapping text to a width', () => {
  it('breaks at spaces, keeps every character, and no line is wider than asked', () => {
    const text = 'attack = intermittent, probability 0.3, attack (boost, amount 0.3)';
    const lines = wrapText(text, 80, TITLE_FONT);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(textWidth(line, TITLE_FONT)).toBeLessThanOrEqual(80);
  });

  it('breaks a word wider than the line after a "-", and only a run with no break point between letters', () => {
    expect(wrapText('tinyllama-1.1b', textWidth('tinyllama-', TITLE_FONT) + 1, TITLE_FONT)).toEqual(['tinyllama-', '1.1b']);
    const letters = wrapText('abcdefghijklmnopqrstuvwxyz', 30, TITLE_FONT);
    expect(letters.join('')).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(letters.length).toBeGreaterThan(2);
  });
});

describe.skipIf(!HAS_FONTS)('facet headers', () => {
  it('wrap column headers to the panel and set long row headers level to the right, every word kept', async () => {
    const rows = parameterChannel('strategy', LONG_ROWS);
    const columns = parameterChannel('model_name', LONG_COLUMNS);
    const { spec } = await finalizeSpec(draft(rows, columns));
    const json = JSON.stringify(spec);
    expect(json).not.toContain('…');
    const facet = (spec as unknown as { facet: Record<string, { header: Record<string, unknown> }> }).facet;
    expect(facet['row']!.header).toMatchObject({ labelOrient: 'right', labelAngle: 0 });
    const shapes = await specShapes(spec);
    const headers = shapes.filter((s) => s.kind === 'text' && s.role === 'title-text' && s.label.includes(' = '));
    const drawn = words(headers.map((s) => s.label).join(' '));
    for (const value of [...LONG_ROWS, ...LONG_COLUMNS]) for (const word of words(value)) expect(drawn).toContain(word);
    // The long row header and the long column header each took more than one line: their boxes are taller than a line.
    const long = headers.filter((s) => /tinyllama|sweep value/.test(s.label));
    expect(long).toHaveLength(2);
    for (const shape of long) expect(boxHeight(shape.points)).toBeGreaterThan(1.6 * TITLE_FONT);
    expect(findOverlaps(shapes).map(describeOverlap)).toEqual([]);
  });

  it('keep row headers rotated on the left when each fits its row on one line', async () => {
    const { spec } = await finalizeSpec(draft(parameterChannel('k', ['5', '15']), parameterChannel('rule', ['mean', 'median'])));
    const facet = (spec as unknown as { facet: Record<string, { header: Record<string, unknown> }> }).facet;
    expect(facet['row']!.header['labelOrient']).toBeUndefined();
    expect(findOverlaps(await specShapes(spec)).map(describeOverlap)).toEqual([]);
  });
});

describe('behaviour values', () => {
  it('read shortly and stay distinct; other mappings keep the generic form', () => {
    const intermittent = { kind: 'intermittent', probability: 0.3, attack: { kind: 'boost', amount: 0.3 } };
    expect(readableValue(JSON.stringify(intermittent))).toBe('intermittent boost 0.3 (p 0.3)');
    expect(readableValue(JSON.stringify({ kind: 'noise', sd: 0.2 }))).toBe('noise, sd 0.2');
    expect(readableValue({ kind: 'boost', amount: 0.3 })).toBe('boost 0.3');
    expect(readableValue({ kind: 'sabotage', amount: 0.3 })).toBe('sabotage 0.3');
    expect(readableValue({ rule: 'trimmed-mean', trimFraction: 0.25 })).toBe('trimmed-mean, trimFraction 0.25');
  });
});
