/**
 * Declared figures (a scenario's `report:` section) drawn from small sweep
 * folders: the fields on each axis, every value of each channel in the
 * data, the 95% intervals encoded (ci_low, ci_high) and visible, facets,
 * the held values written in the figure, readable mapping values, and
 * the wiring: declared figures first, the standard ones after unless
 * turned off.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFigures } from '../../reports/figures/all-figures.js';
import { declaredFigure, reportDeclarations } from '../../reports/figures/declared/index.js';
import { type FigureDraft, isDraft } from '../../reports/figures/figure.js';
import { loadResultsFolder, type ResultsFolder } from '../../reports/folder/results-folder.js';
import { writeReport } from '../../reports/write-report.js';
import { ReportSchema } from '../../sim/scenario/report-schema.js';
import { hasReportFonts } from '../system-programs.js';
import { consensusFolder, misreportFolder } from './declared-folders.js';
import { paperBaselineRun } from './folders.js';
import { declare, drafted, type Spec, specOf } from './declared-specs.js';

const HAS_FONTS = hasReportFonts('rendering declared figures');

/** Every layer of a spec, the facet's inner spec included. */
function layersOf(spec: Spec): Spec[] {
  const inner = spec.spec ?? spec;
  return inner.layer ?? [inner];
}

const records = (spec: Spec) => (spec['data'] as { values: Record<string, unknown>[] }).values;
const markType = (layer: Spec) => (layer['mark'] as { type: string }).type;

describe('a line figure with facets: the misreporters’ gain against audit probability', () => {
  let folder: ResultsFolder;
  let draft: FigureDraft;
  let spec: Spec;
  beforeAll(() => {
    folder = loadResultsFolder(misreportFolder());
    draft = drafted(
      declaredFigure(
        folder,
        declare({
          id: 'gain-vs-audit',
          title: 'Misreporters’ gain against audit probability',
          x: 'audit_probability',
          y: { metric: 'twin_gain_per_round', label: 'Gain over honest play' },
          colour: 'slash',
          column: 'factor',
          where: { population: 'misreporters' },
          marks: { zero: true },
        }),
      ),
    );
    spec = specOf(draft);
  });

  it('puts the parameter on a linear x, the mean on y, and a column of panels per factor', () => {
    const line = layersOf(spec).find((layer) => markType(layer) === 'line')!;
    expect(line.encoding!['x']).toMatchObject({ field: 'audit_probability', type: 'quantitative' });
    expect(line.encoding!['y']).toMatchObject({ field: 'mean', type: 'quantitative' });
    expect(line.encoding!['color']).toMatchObject({ field: 'slash', type: 'nominal' });
    expect(spec['facet']).toMatchObject({ column: { field: 'factor' } });
    expect(draft.layout.kind === 'panels' && draft.layout.columns).toBe(2);
    expect(draft.size).toBe('two-column');
  });

  it('keeps every value of each channel, and only the population asked for', () => {
    const values = records(spec);
    expect(new Set(values.map((v) => v['audit_probability']))).toEqual(new Set([0, 0.05, 0.1, 0.2, 0.3, 0.4]));
    expect(new Set(values.map((v) => v['slash']))).toEqual(new Set(['1', '2', '4']));
    expect(new Set(values.map((v) => v['factor']))).toEqual(new Set(['0.5', '0.75']));
    expect(values).toHaveLength(6 * 3 * 2);
    // The misreporters gain at p = 0 and lose at p = 0.4 with slash 4 (the honest population would be 0 throughout).
    const at = (p: number, slash: string) =>
      values.find((v) => v['audit_probability'] === p && v['slash'] === slash && v['factor'] === '0.5')!;
    expect(at(0, '4')['mean']).toBeGreaterThan(0.03);
    expect(at(0.4, '4')['mean']).toBeLessThan(-0.08);
  });

  it('draws the 95% interval as a band from ci_low to ci_high, under the line, with a zero rule', () => {
    const band = layersOf(spec).find((layer) => markType(layer) === 'area')!;
    expect(band.encoding!['y']).toMatchObject({ field: 'ci_low' });
    expect(band.encoding!['y2']).toMatchObject({ field: 'ci_high' });
    const types = layersOf(spec).map(markType);
    expect(types.indexOf('area')).toBeLessThan(types.indexOf('line'));
    expect(layersOf(spec).some((layer) => markType(layer) === 'rule' && layer.encoding!['y']!['datum'] === 0)).toBe(true);
    expect(records(spec).every((v) => typeof v['ci_low'] === 'number' && v['ci_low'] <= (v['mean'] as number))).toBe(true);
  });

  it('writes what it holds in the figure and says the replications and the interval method in the caption', () => {
    expect(spec['title']).toMatchObject({ text: 'Held: population = misreporters', anchor: 'start' });
    expect(draft.caption).toContain('Held: population = misreporters.');
    expect(draft.caption).toContain('Means over 4 independent replications per point');
    expect(draft.caption).toContain('bands: 95% Student-t confidence intervals');
    expect(draft.caption).not.toMatch(/HTML|selector|\{"/);
  });

  it('obeys scales: a log x without zero, a y domain and titles', () => {
    const figure = drafted(
      declaredFigure(
        folder,
        declare({
          id: 'scaled',
          title: 'Scaled',
          x: 'slash',
          y: 'twin_gain_per_round',
          colour: 'factor',
          hold: { audit_probability: 0.1 },
          where: { population: 'misreporters' },
          scales: { x: { type: 'log', title: 'Slash (stakes)' }, y: { domain: [-1, 1], title: 'Gain' } },
        }),
      ),
    );
    const line = layersOf(specOf(figure)).find((layer) => markType(layer) === 'line')!;
    expect(line.encoding!['x']).toMatchObject({ type: 'quantitative', title: 'Slash (stakes)', scale: { type: 'log' } });
    expect(line.encoding!['x']!['scale']).not.toHaveProperty('zero');
    expect(line.encoding!['y']).toMatchObject({ title: 'Gain', scale: { domain: [-1, 1] } });
  });

  it('refuses a figure that leaves a varying parameter on no channel, naming it', () => {
    const outcome = declaredFigure(
      folder,
      declare({
        id: 'gain',
        title: 'Gain',
        x: 'audit_probability',
        y: 'twin_gain_per_round',
        colour: 'slash',
        where: { population: 'misreporters' },
      }),
    );
    expect(isDraft(outcome)).toBe(false);
    expect(!isDraft(outcome) && outcome.reason).toMatch(/factor/);
  });

  it('draws one series per model when the rows hold several and no colour is declared', () => {
    const figure = drafted(
      declaredFigure(
        folder,
        declare({ id: 'reward', title: 'Reward', x: 'audit_probability', y: 'mean_reward', hold: { factor: 0.5, slash: 2 } }),
      ),
    );
    const inner = specOf(figure);
    const line = layersOf(inner).find((layer) => markType(layer) === 'line')!;
    expect(line.encoding!['color']).toMatchObject({ field: 'model' });
    expect(new Set(records(inner).map((v) => v['model']))).toEqual(new Set(['llama-3.2-3b', 'tinyllama-1.1b', 'gemma-2-2b']));
    expect(inner['title']).toMatchObject({ text: 'Held: factor = 0.5, slash = 2' });
    expect(figure.size).toBe('one-column');
  });
});

describe('a point figure over an ordinal K, coloured by a consensus mapping', () => {
  let folder: ResultsFolder;
  let spec: Spec;
  let draft: FigureDraft;
  beforeAll(() => {
    folder = loadResultsFolder(consensusFolder());
    draft = drafted(
      declaredFigure(
        folder,
        declare({
          id: 'error-vs-k',
          title: 'Consensus error against K',
          mark: 'point',
          x: 'k',
          y: 'consensus_honest_mae',
          colour: 'consensus',
          hold: { malicious_fraction: 0.3 },
          scales: { x: { title: 'K (evaluators per round)' } },
        }),
      ),
    );
    spec = specOf(draft);
  });

  it('draws K on an ordinal axis in its order, and the mappings as readable names', () => {
    const points = layersOf(spec).find((layer) => markType(layer) === 'point')!;
    expect(points.encoding!['x']).toMatchObject({ field: 'k', type: 'ordinal', sort: [1, 3, 5, 7], title: 'K (evaluators per round)' });
    expect(points.encoding!['color']).toMatchObject({ sort: ['mean', 'median', 'trimmed-mean, trimFraction 0.25'] });
    expect(points.encoding!['xOffset']).toMatchObject({ field: 'consensus' });
    expect(new Set(records(spec).map((v) => v['consensus']))).toEqual(new Set(['mean', 'median', 'trimmed-mean, trimFraction 0.25']));
    expect(records(spec)).toHaveLength(4 * 3);
  });

  it('draws whiskers from ci_low to ci_high with caps wider than the point, over it', () => {
    const layers = layersOf(spec);
    const rule = layers.find((layer) => markType(layer) === 'rule')!;
    expect(rule.encoding!['y']).toMatchObject({ field: 'ci_low' });
    expect(rule.encoding!['y2']).toMatchObject({ field: 'ci_high' });
    const caps = layers.filter((layer) => markType(layer) === 'tick');
    expect(caps.map((cap) => cap.encoding!['y']!['field'])).toEqual(['ci_low', 'ci_high']);
    const point = layers.find((layer) => markType(layer) === 'point')!;
    const pointDiameter = Math.sqrt((point['mark'] as { size: number }).size);
    for (const cap of caps) expect((cap['mark'] as { size: number }).size).toBeGreaterThan(pointDiameter);
    expect(draft.caption).toContain('whiskers: 95% Student-t confidence intervals');
    expect(spec['title']).toMatchObject({ text: 'Held: malicious_fraction = 0.3' });
  });

  it('keeps one colour per value in every panel of a faceted figure', () => {
    const faceted = specOf(
      drafted(
        declaredFigure(
          folder,
          declare({ id: 'f', title: 'F', x: 'k', y: 'consensus_honest_mae', colour: 'consensus', row: 'malicious_fraction' }),
        ),
      ),
    );
    expect(faceted['resolve']).toMatchObject({ scale: { color: 'shared' } });
    const line = layersOf(faceted).find((layer) => markType(layer) === 'line')!;
    expect(line.encoding!['color']!['scale']).toEqual({
      domain: ['mean', 'median', 'trimmed-mean, trimFraction 0.25'],
      range: ['#0072B2', '#E69F00', '#009E73'],
    });
    expect(faceted['facet']).toMatchObject({ row: { field: 'malicious_fraction', sort: ['0.1', '0.3'] } });
  });

  it('selects a mapping parameter by its rule name in where', () => {
    const figure = drafted(
      declaredFigure(
        folder,
        declare({ id: 'm', title: 'M', x: 'k', y: 'consensus_honest_mae', colour: 'malicious_fraction', where: { consensus: 'median' } }),
      ),
    );
    expect(records(specOf(figure))).toHaveLength(4 * 2);
    expect(figure.caption).toContain('Held: consensus = median.');
  });
});

describe('which figures a report draws', () => {
  let dir: string;
  beforeAll(() => {
    dir = consensusFolder(2);
  });
  const figure = {
    id: 'error-vs-k',
    title: 'Consensus error against K',
    x: 'k',
    y: 'consensus_honest_mae',
    colour: 'consensus',
    row: 'malicious_fraction',
  };

  it('draws the declarations it is given first, then the standard figures unless defaults is false', () => {
    const folder = loadResultsFolder(dir);
    expect(reportDeclarations(folder)).toBeNull();
    const spec = ReportSchema.parse({ figures: [figure] });
    const ids = buildFigures(folder, spec).map((o) => o.id);
    expect(ids[0]).toBe('error-vs-k');
    expect(ids.length).toBeGreaterThan(1);
    expect(buildFigures(folder, ReportSchema.parse({ figures: [figure], defaults: false })).map((o) => o.id)).toEqual(['error-vs-k']);
    expect(buildFigures(folder).map((o) => o.id)).not.toContain('error-vs-k');
  });

  it('reads the scenario’s own report section from the manifest', () => {
    const folder = loadResultsFolder(dir);
    const manifest = { ...folder.manifest, resolvedScenario: { report: { figures: [figure], defaults: false } } };
    const withReport = { ...folder, manifest };
    expect(reportDeclarations(withReport)?.figures.map((f) => f.id)).toEqual(['error-vs-k']);
    expect(reportDeclarations(withReport, ReportSchema.parse({ figures: [] }))?.figures).toEqual([]);
  });

  it.skipIf(!HAS_FONTS)('renders a declared figure to SVG, PNG and PDF through writeReport, with its held values in the SVG', async () => {
    const declarations = ReportSchema.parse({
      figures: [
        { ...figure, row: undefined, hold: { malicious_fraction: 0.3 }, mark: 'point' },
        { ...figure, id: 'error-faceted' },
      ],
      defaults: false,
    });
    const result = await writeReport(dir, { declarations });
    expect(result.figures.map((f) => f.id)).toEqual(['error-vs-k', 'error-faceted']);
    for (const f of result.figures) expect(f.warnings).toEqual([]);
    for (const ext of ['svg', 'png', 'pdf', 'vl.json']) expect(existsSync(join(dir, 'figures', `error-vs-k.${ext}`))).toBe(true);
    const svg = readFileSync(join(dir, 'figures', 'error-vs-k.svg'), 'utf8');
    expect(svg).toContain('Held: malicious_fraction = 0.3');
    expect(svg).toContain('trimmed-mean, trimFraction 0.25');
    const faceted = readFileSync(join(dir, 'figures', 'error-faceted.svg'), 'utf8');
    expect(faceted).toContain('malicious_fraction = 0.1');
    expect(Number(/width="([\d.]+)"/.exec(faceted)![1])).toBeCloseTo(504, 0);
    const index = JSON.parse(readFileSync(join(dir, 'figures', 'figures.json'), 'utf8')) as { figures: { id: string; caption: string }[] };
    expect(index.figures[0]!.caption).toContain('Means over 2 independent replications per point');
  });
});

describe('a run folder: one bar per model with its batch-means interval', () => {
  it('draws summary.json’s groups with their 95% intervals and names the method', () => {
    const folder = loadResultsFolder(paperBaselineRun({ rounds: 400 }));
    const draft = drafted(
      declaredFigure(
        folder,
        declare({ id: 'reward-by-model', title: 'Reward', mark: 'bar', x: 'model', y: 'mean_reward', where: { role: 'inference' } }),
      ),
    );
    const spec = specOf(draft);
    expect(layersOf(spec).find((l) => markType(l) === 'bar')!.encoding!['x']).toMatchObject({ field: 'model', type: 'ordinal' });
    const values = records(spec);
    expect(values.length).toBeGreaterThanOrEqual(3);
    expect(values.every((v) => typeof v['ci_low'] === 'number' && typeof v['ci_high'] === 'number')).toBe(true);
    expect(draft.caption).toContain('batch means');
  });
});
