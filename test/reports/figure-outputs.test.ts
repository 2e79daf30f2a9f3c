/**
 * What the paper baseline's report holds, file by file: every figure as a
 * Vega-Lite spec, SVG, PNG and PDF at the paper sizes, with its text (axis
 * titles, legends, labels) in the SVG and extractable from the PDF; the
 * reward table in Markdown and LaTeX; a deterministic, restylable output.
 * Needs the DejaVu Sans font to render, and poppler-utils to read the PDFs
 * back: without them those assertions are skipped with a line saying so.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { specToSvg } from '../../reports/render/render-figure.js';
import { writeReport } from '../../reports/write-report.js';
import { hasReportFonts, hasSystemProgram } from '../system-programs.js';
import { paperBaselineRun, temporaryFolder } from './folders.js';

const HAS_FONTS = hasReportFonts('rendering the paper baseline report');
const HAS_PDFTOTEXT = hasSystemProgram('pdftotext', 'poppler-utils', 'reading the text of the figure PDFs', ['-v']);
const HAS_PDFFONTS = hasSystemProgram('pdffonts', 'poppler-utils', 'listing the fonts the figure PDFs embed', ['-v']);

let folder: string;
const figure = (name: string) => join(folder, 'figures', name);
const text = (file: string) => readFileSync(file, 'utf8');
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
/** Text of an SVG's <text> elements, entities decoded. */
const svgText = (svg: string) =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)]
    .map((m) =>
      m[1]!
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&#39;/g, "'")
        .replace(/&quot;/g, '"'),
    )
    .join('\n');

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const INFERENCE = ['llama-3.2-3b', 'gemma-2-2b', 'tinyllama-1.1b', 'qwen2-1.5b', 'phi-3-mini'];
const EVALUATORS = ['sts-distilroberta', 'ce-minilm', 'ce-deberta'];

const REWARD_TEXT = ['Mean reward per round', 'simulated (95% CI)', 'published', 'Inference', 'Evaluators', ...INFERENCE, ...EVALUATORS];
const QUALITY_COST_TEXT = ['Mean latency per request (s)', 'Mean answer quality', ...INFERENCE];

describe.skipIf(!HAS_FONTS)('the paper baseline report', () => {
  beforeAll(() => {
    folder = paperBaselineRun({ intervalSeconds: 600, rounds: 2000 });
  });

  it('writes each figure as .vl.json, .svg, .png and .pdf', () => {
    const files = readdirSync(join(folder, 'figures')).sort();
    for (const id of ['reward-by-group', 'quality-cost', 'evaluator-correlation', 'cumulative-reward']) {
      for (const ext of ['vl.json', 'svg', 'png', 'pdf']) expect(files).toContain(`${id}.${ext}`);
    }
    const index = JSON.parse(text(figure('figures.json')));
    expect(index.figures.map((f: { id: string }) => f.id)).toEqual([
      'reward-by-group',
      'quality-cost',
      'evaluator-correlation',
      'cumulative-reward',
    ]);
    expect(index.skipped.find((s: { id: string }) => s.id === 'sweep-figures').applies).toBe(false);
  });

  it('sizes figures for one column (3.5 in) and two columns (7 in), PNGs at 300 dpi', () => {
    for (const [id, inches] of [
      ['reward-by-group', 3.5],
      ['quality-cost', 3.5],
      ['evaluator-correlation', 3.5],
      ['cumulative-reward', 7],
    ] as const) {
      const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(text(figure(`${id}.svg`)))![1]);
      expect(Math.abs(width - inches * 72), id).toBeLessThanOrEqual(1.5);
      expect(Math.abs(pngSize(figure(`${id}.png`)).width - inches * 300), id).toBeLessThanOrEqual(8);
    }
  });

  it('draws the reward figure with its axis title, legend and every group', () => {
    const svg = svgText(text(figure('reward-by-group.svg')));
    for (const expected of REWARD_TEXT) expect(svg, expected).toContain(expected);
  });

  it.skipIf(!HAS_PDFTOTEXT)('keeps the text of the reward and quality–cost figures as text in their PDFs', () => {
    const reward = pdfText(figure('reward-by-group.pdf'));
    for (const expected of REWARD_TEXT) expect(reward, expected).toContain(expected);
    const qualityCost = pdfText(figure('quality-cost.pdf'));
    for (const expected of QUALITY_COST_TEXT) expect(qualityCost, expected).toContain(expected);
  });

  it('draws the quality–cost figure with its axes, model labels and iso-lines of quality per second', () => {
    const svg = svgText(text(figure('quality-cost.svg')));
    for (const expected of QUALITY_COST_TEXT) expect(svg, expected).toContain(expected);
    expect(svg.match(/per s/g)!.length).toBeGreaterThanOrEqual(3);
    // Llama and Gemma, on the steepest iso-line, sit left of and above Qwen and Phi.
    const spec = JSON.parse(text(figure('quality-cost.vl.json')));
    const points = spec.layer.find((layer: { mark: { type: string } }) => layer.mark.type === 'point').data.values as {
      model: string;
      qualityPerSecond: number;
    }[];
    const rate = (model: string) => points.find((p) => p.model === model)!.qualityPerSecond;
    expect(rate('llama-3.2-3b')).toBeGreaterThan(5 * rate('qwen2-1.5b'));
  });

  it.skipIf(!HAS_PDFFONTS)('embeds DejaVu Sans in every PDF', () => {
    for (const id of ['reward-by-group', 'quality-cost', 'evaluator-correlation', 'cumulative-reward']) {
      const fonts = execFileSync('pdffonts', [figure(`${id}.pdf`)], { encoding: 'utf8' });
      expect(fonts).toMatch(/DejaVuSans\s/);
      expect(fonts).not.toMatch(/Helvetica|Times/);
    }
  });

  it('labels each line of the cumulative-reward figure', () => {
    const svg = svgText(text(figure('cumulative-reward.svg')));
    for (const expected of ['Cumulative reward', 'Virtual time', ...INFERENCE, ...EVALUATORS]) expect(svg).toContain(expected);
  });

  it('writes the reward table in Markdown and LaTeX (booktabs)', () => {
    const markdown = text(join(folder, 'tables', 'reward.md'));
    expect(markdown.split('\n')[0]).toBe(
      '| role | model | nodes | rounds | eff. rounds | mean reward | 95% CI | consensus quality | true quality | agreement | cost | published | Δ |',
    );
    expect(markdown).toMatch(/\| inference \| llama-3\.2-3b \| 1 \| [\d,]+ \| [\d,]+ \| 0\.\d{3} \| \[0\.\d{3}, 0\.\d{3}\] \|/);
    const latex = text(join(folder, 'tables', 'reward.tex'));
    expect(latex).toContain('\\begin{tabular}{llrrrrlrrrrrr}');
    for (const rule of ['\\toprule', '\\midrule', '\\bottomrule']) expect(latex).toContain(rule);
    expect(latex).toMatch(
      /inference & llama-3\.2-3b & 1 & [\d,]+ & [\d,]+ & 0\.\d{3} & \[0\.\d{3}, 0\.\d{3}\] & .* & 0\.623 & (\$-\$|\+)0\.\d{3} \\\\/,
    );
    expect(latex).toContain('95\\% CI');
    expect(latex).not.toMatch(/[−Δ]/);
    expect(text(join(folder, 'report.md'))).toContain('![Quality against latency](figures/quality-cost.png)');
  });

  it('saves specs that re-render to the same SVG', async () => {
    const spec = JSON.parse(text(figure('quality-cost.vl.json'))) as TopLevelSpec;
    expect(spec.$schema).toMatch(/vega-lite\/v6/);
    expect((await specToSvg(spec)).svg).toBe(text(figure('quality-cost.svg')));
  });

  it('renders the same bytes again, and replaces the previous report whole', async () => {
    const copy = join(temporaryFolder(), 'copy');
    cpSync(folder, copy, { recursive: true });
    const result = await writeReport(copy);
    expect(result.figures.every((f) => f.warnings.length === 0)).toBe(true);
    for (const file of [
      'figures/quality-cost.svg',
      'figures/quality-cost.png',
      'figures/quality-cost.pdf',
      'figures/reward-by-group.vl.json',
      'tables/reward.tex',
      'report.html',
      'report.md',
    ]) {
      expect(readFileSync(join(copy, file)).equals(readFileSync(join(folder, file))), file).toBe(true);
    }
    expect(readdirSync(copy).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
