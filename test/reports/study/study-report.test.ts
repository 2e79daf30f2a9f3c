/**
 * A study folder's report end to end: `writeReport` on each kind renders an
 * SVG for every figure it draws, and report.md opens with the scenario, the
 * question and the headline and ends with how the intervals were computed.
 * A study.json that is not one fails with one line naming the file, its
 * line and the field. One render per kind, SVG only, to keep the suite short.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadResultsFolder } from '../../../reports/folder/results-folder.js';
import { writeReport } from '../../../reports/write-report.js';
import { InputError } from '../../../sim/input/input-error.js';
import type { StudyFile } from '../../../sim/study/study-results.js';
import {
  EXPLOIT,
  exploitTrajectory,
  SENSITIVITY,
  sensitivityTrajectory,
  TUNE,
  tuneTrajectory,
  writeStudyFolder,
} from './study-fixtures.js';

function errorOf(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('a broken study.json', () => {
  it('fails with one line naming the file, its line and the field', () => {
    const broken = { ...EXPLOIT, searches: EXPLOIT.searches.map((s, i) => (i === 1 ? { ...s, gain: { ...s.gain, mean: 'high' } } : s)) };
    const dir = writeStudyFolder(broken, exploitTrajectory());
    const error = errorOf(() => loadResultsFolder(dir));
    expect(error.message.split('\n')).toHaveLength(1);
    const problem = error.problems[0]!;
    expect(problem).toMatchObject({ file: join(dir, 'study.json'), path: 'searches[1].gain.mean' });
    // The line of "mean": "high" in the pretty-printed file.
    const line =
      readFileSync(join(dir, 'study.json'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"high"')) + 1;
    expect(problem.line).toBe(line);
  });

  it('of another kind of document fails with one line too', () => {
    const dir = writeStudyFolder({ kind: 'exploit' }, exploitTrajectory());
    writeFileSync(join(dir, 'study.json'), JSON.stringify({ hello: 1, world: [1, 2], kind: 'tune' }));
    const error = errorOf(() => loadResultsFolder(dir));
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toContain(join(dir, 'study.json'));
  });

  it('with sobol missing its rows names sobol.rows', () => {
    const { rows: _rows, ...sobol } = SENSITIVITY.sobol!;
    const dir = writeStudyFolder({ ...SENSITIVITY, sobol }, sensitivityTrajectory());
    expect(errorOf(() => loadResultsFolder(dir)).problems[0]).toMatchObject({ path: 'sobol.rows' });
  });
});

const KINDS: readonly { study: StudyFile; trajectory: string; figures: string[]; tables: string[]; headline: RegExp }[] = [
  {
    study: EXPLOIT,
    trajectory: exploitTrajectory(),
    figures: ['exploitability', 'exploit-search'],
    tables: ['exploit', 'methods'],
    headline:
      /- no-audits: exploitability 0\.3360 \[0\.3250, 0\.3470\] per round over the honest twin \(95% CI\), by misreport at factor = 0\.155\./,
  },
  {
    study: SENSITIVITY,
    trajectory: sensitivityTrajectory(),
    figures: ['sobol-indices', 'morris'],
    tables: ['sobol', 'morris', 'methods'],
    headline: /- mean_latency_s · run: slash matters most \(total Sobol index 0\.900 \[0\.800, 0\.980\]\)\./,
  },
  {
    study: TUNE,
    trajectory: tuneTrajectory(),
    figures: ['tune-pareto'],
    tables: ['decision', 'recommendation', 'methods'],
    headline: /- Recommended: beta = 0\.438, audit_probability = 0\.6 — confirmed on fresh seeds/,
  },
];

describe.each(KINDS)('the report of a $study.kind study', ({ study, trajectory, figures, tables, headline }) => {
  it('renders an SVG for every figure, the tables, and report.md with heading, headline and methods', async () => {
    const dir = writeStudyFolder(study, trajectory);
    const result = await writeReport(dir, { formats: ['svg'] });
    expect(result.kind).toBe('study');
    expect(result.figures.map((f) => f.id)).toEqual(figures);
    expect(result.skipped.filter((s) => s.applies)).toEqual([]);
    for (const id of figures) expect(readFileSync(join(dir, 'figures', `${id}.svg`), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\s*$/);
    expect(result.tables).toEqual(tables);
    for (const id of tables) expect(readFileSync(join(dir, 'tables', `${id}.tex`), 'utf8')).toContain('\\toprule');
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md.startsWith(`# ${study.scenario}: ${study.kind}\n`)).toBe(true);
    if (study.question) expect(md).toContain(study.question);
    expect(md).toMatch(headline);
    expect(md).toContain('## How the intervals were computed');
    for (const method of study.methods) expect(md).toContain(method);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const id of figures) expect(html).toContain(id);
  });
});
