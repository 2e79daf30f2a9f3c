/**
 * The paper baseline's reproduction section: each published value beside
 * the simulated one, its CI and the difference, equal to summary.json's
 * and the scenario's reference; the paragraph's numbers read from the
 * profile and the summary; the same table in report.md, report.html and
 * tables/reproduction.tex; nothing for a run without published values.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadResultsFolder, type RunFolder } from '../../reports/folder/results-folder.js';
import { reproductionOf } from '../../reports/tables/reproduction.js';
import { writeReport } from '../../reports/write-report.js';
import { hasReportFonts } from '../system-programs.js';
import { paperBaselineRun } from './folders.js';

const HAS_FONTS = hasReportFonts('rendering the paper baseline report');

/** "−0.048" as the tables write it (typographic minus), from a number. */
const shown = (value: number, digits = 3) => value.toFixed(digits).replace('-', '−');
const shownSigned = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;

let dir: string;
let run: RunFolder;

beforeAll(() => {
  dir = paperBaselineRun({ rounds: 1500 });
  const folder = loadResultsFolder(dir);
  if (folder.kind !== 'run') throw new Error('expected a run folder');
  run = folder;
});

describe('the reproduction section', () => {
  it('lists each published value beside summary.json’s mean, CI and difference', () => {
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as {
      groups: { model: string; meanReward: number; ci95: [number, number] }[];
      reference: { meanReward: Record<string, number> };
    };
    const reproduction = reproductionOf(run)!;
    const published = Object.entries(summary.reference.meanReward);
    expect(published.length).toBe(6);
    expect(reproduction.rows.map((row) => row.model)).toEqual(published.map(([model]) => model));
    for (const [model, value] of published) {
      const group = summary.groups.find((g) => g.model === model)!;
      const row = reproduction.rows.find((r) => r.model === model)!;
      expect(row.published).toBe(value);
      expect(row.simulated).toBe(group.meanReward);
      expect(row.ci95).toEqual(group.ci95);
      expect(row.difference).toBeCloseTo(group.meanReward - value, 12);
      const cells = reproduction.table.rows.find((cells) => cells[1] === model)!;
      expect(cells.slice(2, 6)).toEqual([
        shown(value),
        shown(group.meanReward),
        `[${shown(group.ci95[0])}, ${shown(group.ci95[1])}]`,
        shownSigned(Math.round((group.meanReward - value) * 1000) / 1000 || 0),
      ]);
      expect(cells[6]).toBe(group.ci95[1] < value ? 'CI below' : group.ci95[0] > value ? 'CI above' : 'inside CI');
    }
  });

  it('names the profile’s estimated evaluator score means, with their values, and the quality the published rewards imply', () => {
    const profile = run.profile!;
    const text = reproductionOf(run)!.paragraphs.join('\n');
    const means = Object.entries(profile.evaluatorModels).map(([model, e]) => ({ model, mean: e.scoreModel.scoreMean }));
    for (const { model, mean } of means) {
      expect(mean.status).toBe('estimated');
      expect(text).toContain(`${model} ${mean.value.toFixed(2)}`);
    }
    const average = means.reduce((sum, m) => sum + m.mean.value, 0) / means.length;
    expect(text).toContain(`the mean of the evaluators’ score means, ${average.toFixed(3)}`);
    expect(text).toContain('Those score means are estimated in profile.yaml');
    // The cheapest model's cost is 0, so its published reward is the quality it implies.
    const llama = run.summary.groups.find((g) => g.model === 'llama-3.2-3b')!;
    expect(llama.meanCost).toBe(0);
    expect(text).toContain(
      `llama-3.2-3b ${shown(run.summary.reference!.meanReward['llama-3.2-3b']!)} against ${shown(llama.meanConsensusQuality!)}`,
    );
    for (const e of Object.values(profile.evaluatorModels)) expect(text).toContain(shown(e.scoreModel.correlation.value, 2));
  });

  it('follows the profile: other score means give other numbers', () => {
    const profile = structuredClone(run.profile!);
    profile.evaluatorModels['ce-deberta']!.scoreModel.scoreMean.value = 0.62;
    const text = reproductionOf({ ...run, profile })!.paragraphs.join('\n');
    expect(text).toContain('ce-deberta 0.62');
    expect(text).toContain(`score means, ${((0.65 + 0.55 + 0.62) / 3).toFixed(3)}`);
  });

  it('is absent from a run that cites no published values', () => {
    expect(reproductionOf({ ...run, summary: { ...run.summary, reference: null } })).toBeNull();
  });
});

describe.skipIf(!HAS_FONTS)('the reproduction section in the report files', () => {
  beforeAll(async () => {
    await writeReport(dir, { formats: ['svg'] });
  });

  it('is in report.md, report.html and tables/reproduction.tex with the same numbers', () => {
    const reproduction = reproductionOf(run)!;
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const latex = readFileSync(join(dir, 'tables', 'reproduction.tex'), 'utf8');
    expect(markdown).toContain('## Reproduction of the published values');
    expect(html).toContain('<h2 id="reproduction">');
    expect(latex).toContain('\\label{tab:reproduction}');
    for (const cells of reproduction.table.rows) {
      expect(markdown).toContain(`| ${cells.join(' | ')} |`);
      expect(html).toContain(`<td>${cells[1]}</td><td class="num">${cells[2]}</td><td class="num">${cells[3]}</td>`);
      expect(latex).toContain(`${cells[1]!.replace(/_/g, '\\_')} & ${cells[2]} & ${cells[3]}`);
    }
    for (const paragraph of reproduction.paragraphs) expect(markdown).toContain(paragraph);
  });
});
