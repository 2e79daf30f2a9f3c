/**
 * Declared figures over time (x: time) from real folders made here: a
 * small sweep of the market fixture with output.timeseries, whose figure
 * holds per point, sample and population the mean over the replications
 * and its 95% Student-t interval, equal to those computed by hand from
 * timeseries.csv (a replication with no value at a sample left out of
 * that cell); a run's figure, each sample's value without an interval;
 * and the reasons a figure is not drawn: a metric the time series does
 * not have, a folder without one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { declaredFigure } from '../../reports/figures/declared/index.js';
import { type FigureDraft, isDraft } from '../../reports/figures/figure.js';
import { loadResultsFolder, type ResultsFolder } from '../../reports/folder/results-folder.js';
import { writeReport } from '../../reports/write-report.js';
import { ReportSchema } from '../../sim/scenario/report-schema.js';
import { FIXTURES } from '../helpers.js';
import { hasReportFonts } from '../system-programs.js';
import { cli, temporaryFolder } from './folders.js';
import { misreportFolder } from './declared-folders.js';
import { declare, drafted, type Spec, specOf } from './declared-specs.js';

const HAS_FONTS = hasReportFonts('rendering figures over time');

const REPLICATIONS = 3;

/** Demand low enough for a population to settle no round in some 5 s intervals: its mean_reward is NULL there. */
const BASE = `name: timeseries-figures
seed: 3
profile: ${join(FIXTURES, 'profiles', 'market.yaml')}
demand: { mode: poisson, ratePerSecond: 2 }
stop: { timeSeconds: 60 }
network:
  inference:
    - { name: bigs, model: big, count: 2 }
    - { name: smalls, model: small, count: 3 }
  evaluators:
    - { name: judges, model: good, count: 4 }
mechanism:
  evaluatorsPerRound: 3
analysis: { warmup: none }
`;

const SWEEP = `${BASE}output: { timeseries: { intervalSeconds: 5, metrics: [rounds, mean_reward] } }
replications: ${REPLICATIONS}
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.alpha, name: alpha, values: [0.5, 1] }
`;

function made(command: 'run' | 'sweep', yaml: string): string {
  const dir = temporaryFolder('poq-declared-time-');
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, yaml);
  const out = join(dir, command);
  const extra = command === 'sweep' ? ['--workers', '1', '--no-progress'] : [];
  const result = cli([command, file, '--out', out, '--quiet', '--no-report', ...extra]);
  if (result.status !== 0) throw new Error(`poq-sim ${command} failed: ${result.stderr}`);
  return out;
}

const layersOf = (spec: Spec): Spec[] => (spec.spec ?? spec).layer ?? [spec.spec ?? spec];
const valuesOf = (spec: Spec) => (spec['data'] as { values: Record<string, unknown>[] }).values;
const markType = (layer: Spec) => (layer['mark'] as { type: string }).type;

/** timeseries.csv as text rows (the writer quotes nothing here). */
function seriesTable(dir: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(dir, 'timeseries.csv'), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i]!, cell])));
}

/** Two-sided 95% Student-t quantiles by degrees of freedom (tables of the t distribution). */
const T_975: Readonly<Record<number, number>> = { 1: 12.706204736174707, 2: 4.302652729911275 };

/** The mean over the replications of one cell and its 95% interval, by hand from the table's rows. */
function byHand(cells: readonly string[]): { mean: number; low: number | null; high: number | null; n: number } {
  const values = cells.filter((cell) => cell !== '').map(Number);
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, low: null, high: null, n };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = T_975[n - 1]! * (sd / Math.sqrt(n));
  return { mean, low: mean - half, high: mean + half, n };
}

const FIGURE = {
  id: 'reward-over-time',
  title: 'Reward over time',
  x: 'time',
  y: { metric: 'mean_reward', level: 'population', label: 'reward per round' },
  colour: 'population',
  column: 'alpha',
  where: { role: 'inference' },
};

describe('a sweep’s figure over time', () => {
  let dir: string;
  let folder: ResultsFolder;
  let draft: FigureDraft;
  let spec: Spec;
  beforeAll(() => {
    dir = made('sweep', SWEEP);
    folder = loadResultsFolder(dir);
    draft = drafted(declaredFigure(folder, declare(FIGURE)));
    spec = specOf(draft);
  });

  it('puts virtual time on a linear x, the mean on y with its band, one line per population, a column per alpha', () => {
    const layers = layersOf(spec);
    const line = layers.find((layer) => markType(layer) === 'line')!;
    expect(line.encoding!['x']).toMatchObject({ field: 'time', type: 'quantitative', title: 'Virtual time (s)' });
    expect(line.encoding!['y']).toMatchObject({ field: 'mean', type: 'quantitative', title: 'reward per round (reward units per round)' });
    expect(line.encoding!['color']).toMatchObject({ field: 'population', sort: ['bigs', 'smalls'] });
    const band = layers.find((layer) => markType(layer) === 'area')!;
    expect(band.encoding!['y']).toMatchObject({ field: 'ci_low' });
    expect(band.encoding!['y2']).toMatchObject({ field: 'ci_high' });
    expect(spec['facet']).toMatchObject({ column: { field: 'alpha' } });
    const times = [...new Set(valuesOf(spec).map((r) => r['time']))];
    expect(times).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
  });

  it('holds the mean over the replications and its Student-t interval, as computed by hand from timeseries.csv', () => {
    const table = seriesTable(dir).filter(
      (row) => row['level'] === 'population' && row['role'] === 'inference' && row['metric'] === 'mean_reward',
    );
    const alphaOf = (point: string) => (point === '0' ? '0.5' : '1');
    const cells = new Map<string, string[]>();
    for (const row of table) {
      const key = [row['point_id'], row['time_s'], row['group']].join(' ');
      cells.set(key, [...(cells.get(key) ?? []), row['value']!]);
    }
    const full = [...cells].find(([, values]) => values.every((v) => v !== ''))!;
    // A population settled no round in some replication's interval: that cell's mean is over the others.
    const partial = [...cells].find(([, values]) => values.some((v) => v === '') && values.filter((v) => v !== '').length >= 2);
    expect(partial, 'a cell with a NULL replication').toBeDefined();
    for (const [key, values] of [full, partial!]) {
      expect(values).toHaveLength(REPLICATIONS);
      const [point, time, population] = key.split(' ');
      const record = valuesOf(spec).find(
        (r) => r['alpha'] === alphaOf(point!) && r['time'] === Number(time) && r['population'] === population,
      )!;
      const expected = byHand(values);
      expect(record['n']).toBe(expected.n);
      expect(record['mean']).toBeCloseTo(expected.mean, 12);
      // The tables' t quantile and the library's agree to about 1e-11.
      expect(record['ci_low']).toBeCloseTo(expected.low!, 9);
      expect(record['ci_high']).toBeCloseTo(expected.high!, 9);
    }
    expect(partial![1].filter((v) => v !== '').length).toBeLessThan(REPLICATIONS);
  });

  it('says in the caption what stands behind each mean and interval', () => {
    expect(draft.caption).toMatch(
      /^Reward per round \(reward units per round\) against Virtual time \(s\), one line per population; panels: columns by alpha\. Held: role = inference\. /,
    );
    expect(draft.caption).toMatch(
      /Means over [1-3](–3)? independent replications per point and sample; bands: 95% Student-t confidence intervals of the mean over the replications\.$/,
    );
  });

  it('titles y with the time series’ unit, unless the label is the unit (rounds in rounds, β in β)', () => {
    const yTitle = (y: Record<string, unknown>) => {
      const layers = layersOf(specOf(drafted(declaredFigure(folder, declare({ ...FIGURE, id: 'unit', y })))));
      return layers.find((layer) => markType(layer) === 'line')!.encoding!['y']!['title'];
    };
    expect(yTitle({ metric: 'mean_reward', level: 'population' })).toBe('mean reward (reward units per round)');
    expect(yTitle({ metric: 'rounds', level: 'population' })).toBe('rounds');
    expect(yTitle({ metric: 'rounds', level: 'population', label: 'rounds settled' })).toBe('rounds settled (rounds)');
  });

  it('draws points when asked, with whiskers', () => {
    const points = specOf(drafted(declaredFigure(folder, declare({ ...FIGURE, id: 'points', mark: 'point' }))));
    expect(layersOf(points).map(markType)).toEqual(['rule', 'tick', 'tick', 'point']);
  });

  it('is not drawn, saying why, for a metric that is not a time-series metric', () => {
    const outcome = declaredFigure(folder, declare({ ...FIGURE, y: { metric: 'twin_gain_per_round', level: 'population' } }));
    expect(isDraft(outcome)).toBe(false);
    expect(!isDraft(outcome) && outcome.reason).toMatch(
      /^y "twin_gain_per_round" is not a time-series metric \(x = time draws one of rounds, mean_reward, /,
    );
  });

  it('is not drawn, saying why, for a metric the runs did not record', () => {
    const outcome = declaredFigure(folder, declare({ ...FIGURE, y: { metric: 'mean_true_quality', level: 'population' } }));
    expect(!isDraft(outcome) && outcome.reason).toBe(
      'no rows of mean_true_quality (level population) in timeseries.csv match where and hold',
    );
  });

  it.skipIf(!HAS_FONTS)(
    'renders it through writeReport: the .vl.json holds the same records, and figures.json the skipped reason',
    async () => {
      const declarations = ReportSchema.parse({
        figures: [FIGURE, { ...FIGURE, id: 'unknown', y: 'mean_rewrd' }],
        defaults: false,
      });
      const result = await writeReport(dir, { declarations, formats: ['svg'] });
      expect(result.figures.map((f) => f.id)).toEqual(['reward-over-time']);
      const written = JSON.parse(readFileSync(join(dir, 'figures', 'reward-over-time.vl.json'), 'utf8')) as Spec;
      expect(valuesOf(written)).toEqual(valuesOf(spec));
      const index = JSON.parse(readFileSync(join(dir, 'figures', 'figures.json'), 'utf8')) as { skipped: { id: string; reason: string }[] };
      expect(index.skipped.find((s) => s.id === 'unknown')?.reason).toMatch(/^y "mean_rewrd" is not a time-series metric/);
    },
  );
});

describe('a run’s figure over time', () => {
  let dir: string;
  let draft: FigureDraft;
  beforeAll(() => {
    dir = made('run', `${BASE}output: { timeseries: { intervalSeconds: 5, metrics: [mean_reward] } }\n`);
    const { column: _column, ...figure } = FIGURE;
    draft = drafted(declaredFigure(loadResultsFolder(dir), declare(figure)));
  });

  it('draws each sample’s value of timeseries.csv, without an interval, and says so', () => {
    const records = valuesOf(specOf(draft));
    const table = seriesTable(dir).filter(
      (row) => row['level'] === 'population' && row['role'] === 'inference' && row['metric'] === 'mean_reward' && row['value'] !== '',
    );
    expect(records).toHaveLength(table.length);
    for (const row of table.slice(0, 4)) {
      const record = records.find((r) => r['time'] === Number(row['time_s']) && r['population'] === row['group'])!;
      expect(record).toMatchObject({ mean: Number(row['value']), ci_low: null, ci_high: null, n: 1 });
    }
    expect(draft.caption).toMatch(/Values of one run at each sample of its time series: no intervals\.$/);
  });
});

describe('a folder without a time series', () => {
  it('is not drawn over time, saying why', () => {
    const outcome = declaredFigure(
      loadResultsFolder(misreportFolder(2)),
      declare({
        id: 'over-time',
        title: 'T',
        x: 'time',
        y: 'mean_reward',
        colour: 'model',
        column: 'factor',
        row: 'slash',
        hold: { audit_probability: 0 },
      }),
    );
    expect(!isDraft(outcome) && outcome.reason).toBe(
      'x "time" draws timeseries.csv, and this sweep folder has none (its scenario declares no output.timeseries)',
    );
  });
});
