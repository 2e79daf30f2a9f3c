/**
 * Reports of sweep and calibration folders: which figures they draw, what
 * the figures say, and how parameters are found (by scenario path, not
 * by column name), each shown on a channel of the figures that do not plot it.
 * Rendering needs the DejaVu Sans font and reading a PDF back needs
 * poppler-utils: without them those assertions are skipped with a line
 * saying so.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_PARAMETER_MATCHERS } from '../../reports/figures/sweep-parameters.js';
import { writeReport } from '../../reports/write-report.js';
import { hasReportFonts, hasSystemProgram } from '../system-programs.js';
import { calibrationFolder, robustnessSweepFolder, rewardSweepFolder } from './folders.js';

const HAS_FONTS = hasReportFonts('rendering sweep and calibration reports');
const HAS_PDFTOTEXT = hasSystemProgram('pdftotext', 'poppler-utils', 'reading the text of a sweep figure PDF', ['-v']);

const svgText = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&#39;/g, "'")).join('\n');

describe.skipIf(!HAS_FONTS)('a reward sweep (β × α, simulated)', () => {
  let folder: string;
  beforeAll(async () => {
    folder = rewardSweepFolder();
    await writeReport(folder, { formats: ['svg', 'pdf'] });
  });

  it('draws reward against β and against α, each faceted by the other: every value shown, none held', () => {
    const figures = JSON.parse(readFileSync(join(folder, 'figures', 'figures.json'), 'utf8'));
    expect(figures.figures.map((f: { id: string }) => f.id)).toEqual([
      'quality-cost',
      'evaluator-correlation',
      'mean-reward-vs-beta',
      'mean-reward-vs-alpha',
    ]);
    // A caption for a paper: nothing that only the HTML page has, no raw JSON.
    for (const figure of figures.figures) expect(figure.caption, figure.id).not.toMatch(/HTML|selector|tooltip|[{}]/);
    const text = svgText(join(folder, 'figures', 'mean-reward-vs-beta.svg'));
    for (const expected of ['β (cost weight)', 'Reward per round', 'llama-3.2-3b', 'ce-deberta']) expect(text).toContain(expected);
  });

  it.skipIf(!HAS_PDFTOTEXT)('keeps the axis title of reward against α as text in its PDF', () => {
    const pdf = execFileSync('pdftotext', [join(folder, 'figures', 'mean-reward-vs-alpha.pdf'), '-'], { encoding: 'utf8' });
    expect(pdf).toContain('α (quality weight)');
  });

  it('plots every α as a column of panels, with no selector', () => {
    const spec = JSON.parse(readFileSync(join(folder, 'figures', 'mean-reward-vs-beta.vl.json'), 'utf8'));
    expect(spec.params).toBeUndefined();
    expect(spec.facet.column.field).toBe('alpha');
    // Cheaper models lose reward as β grows, at every α.
    const rows = spec.data.values as { beta: number; alpha: number | string; model: string; mean: number }[];
    const at = (beta: number, alpha: number) =>
      rows.find((r) => r.model === 'phi-3-mini' && r.beta === beta && Number(r.alpha) === alpha)!.mean;
    for (const alpha of [0.5, 1]) expect(at(1, alpha)).toBeLessThan(at(0, alpha));
    expect(new Set(rows.map((r) => Number(r.alpha)))).toEqual(new Set([0.5, 1]));
  });

  it('writes a table of mean reward per point with its interval', () => {
    const markdown = readFileSync(join(folder, 'tables', 'sweep-reward.md'), 'utf8');
    expect(markdown.split('\n')[0]).toBe(
      '| point | β (cost weight) | α (quality weight) | llama-3.2-3b | gemma-2-2b | tinyllama-1.1b | qwen2-1.5b | phi-3-mini | sts-distilroberta | ce-minilm | ce-deberta |',
    );
    expect(markdown.trim().split('\n')).toHaveLength(2 + 6);
    expect(markdown).toMatch(/\| 0 \| 0 \| 0\.5 \| 0\.\d{3} ± 0\.\d{3} \|/);
    expect(readFileSync(join(folder, 'tables', 'sweep-reward.tex'), 'utf8')).toContain('$\\beta$ (cost weight)');
  });
});

describe.skipIf(!HAS_FONTS)('a collusion sweep', () => {
  let folder: string;
  beforeAll(async () => {
    folder = robustnessSweepFolder();
    await writeReport(folder, { formats: ['svg'] });
  });

  it('draws the adversaries’ share, consensus error and audit detection against each parameter, the others on facets and colour', () => {
    const drawn = readdirSync(join(folder, 'figures'));
    // Too many values for the page's channels: the audit probability is split, one figure per value, its id says which.
    const shareFile = drawn.find((f) => f.startsWith('adversary-reward-share-vs-malicious-fraction-audit-p-') && f.endsWith('.svg'))!;
    const share = svgText(join(folder, 'figures', shareFile));
    for (const expected of ['Share of inference nodes in inference-1', 'Adversaries’ share', 'mean', 'median', 'trimmed-mean'])
      expect(share).toContain(expected);
    expect(svgText(join(folder, 'figures', 'consensus-mae-vs-k-malicious-fraction-0-2.svg'))).toContain('K (evaluators per round)');
    expect(svgText(join(folder, 'figures', 'audit-detection-rate-vs-k-malicious-fraction-0-2.svg'))).toContain('Detection rate');
    const runMetrics = readFileSync(join(folder, 'tables', 'sweep-run-metrics.md'), 'utf8');
    expect(runMetrics.split('\n')[0]).toContain('adversary_reward_share');
  });
});

describe('finding sweep parameters', () => {
  it('goes by scenario path, whatever the column is called', () => {
    const p = (name: string, path: string) => ({ name, path });
    expect(SWEEP_PARAMETER_MATCHERS.beta(p('b', 'mechanism.rewards.beta'))).toBe(true);
    expect(SWEEP_PARAMETER_MATCHERS.beta(p('beta', 'mechanism.rewards.alpha'))).toBe(false);
    expect(SWEEP_PARAMETER_MATCHERS.maliciousFraction(p('f', 'network.inference.2.fraction'))).toBe(true);
    expect(SWEEP_PARAMETER_MATCHERS.maliciousFraction(p('malicious_fraction', 'network.adversaries.share'))).toBe(true);
    expect(SWEEP_PARAMETER_MATCHERS.maliciousFraction(p('x', 'demand.fraction'))).toBe(false);
    expect(SWEEP_PARAMETER_MATCHERS.auditProbability(p('a', 'mechanism.audits.rate'))).toBe(true);
    expect(SWEEP_PARAMETER_MATCHERS.consensusRule(p('rule', 'mechanism.consensus.rule'))).toBe(true);
  });
});

describe.skipIf(!HAS_FONTS)('a calibration folder', () => {
  it('draws each measured metric’s histograms with the fitted density, and a measured-against-fitted table', async () => {
    const folder = calibrationFolder();
    const result = await writeReport(folder, { formats: ['svg'] });
    expect(result.figures.map((f) => f.id)).toEqual([
      'quality-cost',
      'evaluator-correlation',
      'calibration-inference-latency-ms',
      'calibration-inference-quality',
      'calibration-evaluator-latency-ms',
      'calibration-evaluator-score',
    ]);
    const spec = JSON.parse(readFileSync(join(folder, 'figures', 'calibration-inference-latency-ms.vl.json'), 'utf8'));
    const rows = spec.data.values as { kind: string; model: string; task: string; density: number; x0?: number; x1?: number }[];
    const cell = rows.filter((r) => r.model === 'llama-3.2-3b' && r.task === 'extractive-qa');
    // A histogram on a density scale integrates to one, and the fitted curve is there to compare with.
    const area = cell.filter((r) => r.kind === 'histogram').reduce((sum, r) => sum + r.density * (r.x1! - r.x0!), 0);
    expect(area).toBeCloseTo(1, 6);
    expect(cell.filter((r) => r.kind === 'fit').length).toBeGreaterThan(40);
    expect(svgText(join(folder, 'figures', 'calibration-evaluator-score.svg'))).toContain('Evaluator score');
    const table = readFileSync(join(folder, 'tables', 'calibration.md'), 'utf8');
    expect(table).toMatch(
      /\| inference \| llama-3\.2-3b \| extractive-qa \| latency_ms \| 120 \| [\d.]+ \| [\d.]+ \| lognormal-mean-cv \| 1050 \| 367\.5 \|/,
    );
  });
});
