/**
 * `poq-sim report` from the command line, and what it does with folders it
 * cannot read: one line naming the file, line and field, exit code 2, and
 * the folder's previous report left as it was. Rendering needs the DejaVu
 * Sans font: without it those assertions are skipped with a line saying so.
 */
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../reports/folder/read-files.js';
import { InputError } from '../../sim/input/input-error.js';
import { hasReportFonts } from '../system-programs.js';
import { cli, paperBaselineRun, robustnessSweepFolder, temporaryFolder } from './folders.js';

const HAS_FONTS = hasReportFonts('rendering reports with poq-sim report');

/** A figure's renderings as figures.json records them. */
function formatsOf(folder: string, id: string): { formats: string[]; stale: string[] } {
  const index = JSON.parse(readFileSync(join(folder, 'figures', 'figures.json'), 'utf8')) as {
    figures: { id: string; formats: string[]; stale: string[] }[];
  };
  const figure = index.figures.find((f) => f.id === id)!;
  return { formats: figure.formats, stale: figure.stale };
}

/** The files of a figure that report.md and report.html link to, by extension, in the order they appear. */
function linksOf(folder: string, id: string): { md: string[]; html: string[] } {
  const links = (text: string) => [...text.matchAll(new RegExp(`figures/${id}\\.(vl\\.json|svg|png|pdf)`, 'g'))].map((m) => m[1]!);
  return { md: links(readFileSync(join(folder, 'report.md'), 'utf8')), html: links(readFileSync(join(folder, 'report.html'), 'utf8')) };
}

let run: string;
beforeAll(() => {
  run = paperBaselineRun({ rounds: 500 });
});

describe('poq-sim report', () => {
  it.skipIf(!HAS_FONTS)('re-renders a run folder, printing the rendering time of each figure', () => {
    const result = cli(['report', run, '--formats', 'svg,pdf', '--dpi', '150']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/run folder · 3 figures · 2 tables/);
    expect(result.stdout).toMatch(/reward-by-group\s+\d+ ms\s+\(SVG \d+, PNG \d+, PDF \d+\)/);
    const files = readdirSync(join(run, 'figures'));
    expect(files).toContain('quality-cost.pdf');
    // The PNGs poq-sim run drew are kept: their figures' specs did not change.
    expect(files.filter((f) => f.endsWith('.png'))).toEqual(['evaluator-correlation.png', 'quality-cost.png', 'reward-by-group.png']);
  });

  it.skipIf(!HAS_FONTS)('keeps the formats it does not render, links them only while they match the spec, and keeps a user’s files', () => {
    const folder = join(temporaryFolder(), 'run');
    cpSync(run, folder, { recursive: true });
    expect(cli(['report', folder, '-q']).status).toBe(0);
    const figures = join(folder, 'figures');
    writeFileSync(join(figures, 'my-sketch.jpg'), 'mine');
    // A figure an earlier version drew and this one does not: its files are poq-sim's own, and go.
    const index = JSON.parse(readFileSync(join(figures, 'figures.json'), 'utf8'));
    index.figures.push({ id: 'retired', title: 'Retired', caption: 'x', size: 'one-column', formats: ['svg'], stale: [] });
    writeFileSync(join(figures, 'figures.json'), JSON.stringify(index));
    writeFileSync(join(figures, 'retired.svg'), '<svg/>');

    const png = cli(['report', folder, '--formats', 'png']);
    expect(png.status).toBe(0);
    expect(png.stdout).not.toMatch(/stale/);
    expect(formatsOf(folder, 'quality-cost')).toEqual({ formats: ['svg', 'png', 'pdf'], stale: [] });
    expect(readFileSync(join(figures, 'my-sketch.jpg'), 'utf8')).toBe('mine');
    expect(existsSync(join(figures, 'retired.svg'))).toBe(false);
    expect(linksOf(folder, 'quality-cost')).toEqual({ md: ['png', 'pdf', 'svg', 'vl.json'], html: ['pdf', 'svg', 'png', 'vl.json'] });

    // The spec changes (here: the old one on disk differs): the SVG and PDF kept no longer show it.
    writeFileSync(join(figures, 'quality-cost.vl.json'), '{}\n');
    const changed = cli(['report', folder, '--formats', 'png']);
    expect(changed.status).toBe(0);
    expect(changed.stdout).toContain('stale (drawn before the figure changed; kept but not linked): quality-cost (svg, pdf)');
    expect(changed.stdout).toContain(`redraw them with: poq-sim report ${folder} --formats svg,pdf`);
    expect(existsSync(join(figures, 'quality-cost.svg')) && existsSync(join(figures, 'quality-cost.pdf'))).toBe(true);
    expect(formatsOf(folder, 'quality-cost')).toEqual({ formats: ['png'], stale: ['svg', 'pdf'] });
    expect(formatsOf(folder, 'reward-by-group')).toEqual({ formats: ['svg', 'png', 'pdf'], stale: [] });
    expect(linksOf(folder, 'quality-cost')).toEqual({ md: ['png', 'vl.json'], html: ['png', 'vl.json'] });
    expect(readFileSync(join(folder, 'report.md'), 'utf8')).toContain('`poq-sim report <folder> --formats svg,pdf` redraws them');

    // Stale stays stale though the spec on disk now matches, until the format is drawn again.
    expect(cli(['report', folder, '--formats', 'png', '-q']).status).toBe(0);
    expect(formatsOf(folder, 'quality-cost')).toEqual({ formats: ['png'], stale: ['svg', 'pdf'] });
    expect(cli(['report', folder, '--formats', 'svg,pdf', '-q']).status).toBe(0);
    expect(formatsOf(folder, 'quality-cost')).toEqual({ formats: ['svg', 'png', 'pdf'], stale: [] });
    expect(linksOf(folder, 'quality-cost').html).toEqual(['pdf', 'svg', 'png', 'vl.json']);
    expect(readFileSync(join(figures, 'my-sketch.jpg'), 'utf8')).toBe('mine');
  });

  it('rejects an unknown format and a folder that does not exist', () => {
    const format = cli(['report', run, '--formats', 'svg,gif']);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('unknown format "gif"');
    const missing = cli(['report', join(run, 'nope')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([`poq-sim: ${join(run, 'nope')}: no such folder`]);
  });

  it.skipIf(!HAS_FONTS)('names the file, line and column of a malformed table, and keeps the previous report', async () => {
    const folder = robustnessSweepFolder();
    expect(cli(['report', folder, '--formats', 'svg', '-q']).status).toBe(0);
    const before = readFileSync(join(folder, 'report.html'));
    const summary = join(folder, 'summary.csv');
    const lines = readFileSync(summary, 'utf8').split('\n');
    lines[5] = lines[5]!.replace(/,([\d.e-]+),([\d.e-]+),([\d.e-]+),([\d.e-]+)$/, ',abc,$2,$3,$4');
    writeFileSync(summary, lines.join('\n'));
    const result = cli(['report', folder]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([`poq-sim: ${summary}:6:13: mean: expected a number, got "abc"`]);
    expect(readFileSync(join(folder, 'report.html')).equals(before)).toBe(true);
    expect(readdirSync(folder).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('names a missing column and a field of summary.json that is wrong', () => {
    const folder = temporaryFolder();
    writeFileSync(join(folder, 'parameters.json'), JSON.stringify([{ name: 'beta', path: 'mechanism.rewards.beta' }]));
    writeFileSync(join(folder, 'summary.csv'), 'point_id,role,model,population,metric,n,mean,ci_low,ci_high\n');
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify({ tool: 'poq-sim', format: 'poq-sim/experiment/v1' }));
    expect(cli(['report', folder]).stderr).toContain(`${join(folder, 'summary.csv')}:1:1: beta: missing column "beta"`);

    const runCopy = temporaryFolder();
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
    summary.groups[2].meanReward = 'high';
    writeFileSync(join(runCopy, 'summary.json'), JSON.stringify(summary, null, 2));
    copyFileSync(join(run, 'manifest.json'), join(runCopy, 'manifest.json'));
    const result = cli(['report', runCopy]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`summary\\.json:\\d+:\\d+: groups\\[2\\]\\.meanReward: expected number, got string "high"`));
  });

  it('says what a folder should hold when it is not a results folder', () => {
    const result = cli(['report', temporaryFolder()]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is not a poq-sim output (it has no manifest.json of a run, a sweep or a calibration)');
  });

  it('run --no-report writes the results and the Markdown headline only', () => {
    const dir = join(temporaryFolder(), 'r');
    const result = cli([
      'run',
      join(import.meta.dirname, '..', '..', 'scenarios', 'paper-baseline.yaml'),
      '--out',
      dir,
      '--no-report',
      '--quiet',
    ]);
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'report.md'))).toBe(true);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    expect(existsSync(join(dir, 'figures'))).toBe(false);
  });
});

describe('reading CSV tables', () => {
  it('reports a ragged row by its line', () => {
    const folder = temporaryFolder();
    const file = join(folder, 'x.csv');
    writeFileSync(file, 'a,b\n1,2\n3\n');
    expect(() => readCsvFile(file, { required: ['a'] })).toThrow(InputError);
    try {
      readCsvFile(file, { required: ['a'] });
    } catch (error) {
      expect((error as InputError).problems[0]!.line).toBe(3);
    }
  });
});
