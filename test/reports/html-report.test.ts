/**
 * The HTML reports in a real browser: Debian's chromium, headless, through
 * playwright-core (no browser is downloaded). Every figure must render (an
 * SVG or canvas in its container), with no console error, no failed script
 * and no request leaving the file (the page is self-contained). A
 * screenshot of each report is saved under .vitest-output/. Skipped, with
 * a line naming the Debian package, where chromium or the report font is
 * missing.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../reports/write-report.js';
import { ROOT } from '../helpers.js';
import { hasChromium, launchChromium, reportPage } from './headless-chromium.js';
import { hasReportFonts } from '../system-programs.js';
import { calibrationFolder, paperBaselineRun, rewardSweepFolder, robustnessSweepFolder } from './folders.js';

const SCREENSHOTS = join(ROOT, '.vitest-output', 'reports');

// Both asked, so that a machine lacking both hears of both.
const HAS_CHROMIUM = hasChromium('opening report.html in a browser');
const HAS_FONTS = hasReportFonts('rendering the reports opened in a browser');

let browser: Browser;

async function openReport(folder: string, name: string) {
  const problems: string[] = [];
  const page = await reportPage(browser, problems);
  await page.goto(`file://${join(folder, 'report.html')}`);
  await page.waitForSelector('body[data-charts-rendered]', { timeout: 30_000 });
  const charts = await page.$$eval('.chart[data-figure]', (nodes) =>
    nodes.map((node) => ({
      id: node.getAttribute('data-figure'),
      drawn: node.querySelector('svg.marks, canvas.marks') !== null,
      marks: node.querySelectorAll('svg.marks path, svg.marks text').length,
    })),
  );
  const failed = await page.getAttribute('body', 'data-charts-failed');
  const screenshot = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: screenshot, fullPage: true });
  const rendered = await page.getAttribute('body', 'data-charts-rendered');
  const top = (selector: string) => page.$eval(selector, (node) => node.getBoundingClientRect().top);
  const layout = {
    header: (await page.textContent('header')) ?? '',
    firstChartTop: await top('.chart[data-figure]'),
    tablesTop: await page.$$eval('#tables', (nodes) => nodes[0]?.getBoundingClientRect().top ?? null),
    // The summary tables; the provenance and the reproduction of published values stay open.
    tables: await page.$$eval('main table:not(.provenance)', (nodes) => nodes.filter((n) => !n.closest('.reproduction')).length),
    reproductionTop: await page.$$eval('#reproduction', (nodes) => nodes[0]?.getBoundingClientRect().top ?? null),
    folded: await page.$$eval(
      'main table:not(.provenance)',
      (nodes) => nodes.filter((n) => n.closest('details:not([open])') !== null).length,
    ),
    summaries: await page.$$eval('details.table > summary', (nodes) => nodes.map((node) => node.textContent)),
  };
  await page.close();
  return { charts, failed, rendered, problems, screenshot, layout };
}

describe.skipIf(!HAS_CHROMIUM || !HAS_FONTS)('report.html in headless Chromium', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('renders every figure of the paper baseline run, offline, without errors', async () => {
    const folder = paperBaselineRun({ intervalSeconds: 300, rounds: 2000 });
    const page = await openReport(folder, 'paper-baseline');
    expect(page.problems).toEqual([]);
    expect(page.failed).toBe('0');
    expect(page.rendered).toBe('4');
    expect(page.charts.map((c) => c.id)).toEqual(['reward-by-group', 'quality-cost', 'evaluator-correlation', 'cumulative-reward']);
    // The scenario's question and the headline numbers, then the figures, then the tables, folded under their titles.
    expect(page.layout.header).toContain('With honest nodes, who earns what under R = α·quality − β·cost?');
    expect(page.layout.header).toMatch(/Mean reward per round \(95% CI\): llama-3\.2-3b 0\.\d{3} \[/);
    expect(page.layout.firstChartTop).toBeLessThan(400);
    expect(page.layout.firstChartTop).toBeLessThan(page.layout.tablesTop ?? 0);
    expect(page.layout.summaries).toEqual(['Mean reward per round', 'Evaluator accuracy']);
    // The reproduction of the published values sits between the figures and the tables.
    expect(page.layout.reproductionTop).toBeGreaterThan(page.layout.firstChartTop);
    expect(page.layout.reproductionTop).toBeLessThan(page.layout.tablesTop ?? 0);
    expect(page.layout.folded).toBe(page.layout.tables);
    for (const chart of page.charts) {
      expect(chart.drawn, chart.id).toBe(true);
      expect(chart.marks, chart.id).toBeGreaterThan(10);
    }
    expect(statSync(page.screenshot).size).toBeGreaterThan(20_000);
  });

  it('renders a sweep’s default figures above its tables, each table folded, without errors', async () => {
    const folder = rewardSweepFolder();
    await writeReport(folder, { formats: ['svg'] });
    const page = await openReport(folder, 'reward-sweep');
    expect(page.problems).toEqual([]);
    expect(page.failed).toBe('0');
    expect(page.rendered).toBe(String(page.charts.length));
    expect(page.charts.map((c) => c.id)).toEqual(expect.arrayContaining(['mean-reward-vs-beta', 'mean-reward-vs-alpha']));
    expect(page.charts.every((c) => c.drawn)).toBe(true);
    expect(page.layout.header).toContain('beta (mechanism.rewards.beta): 0, 0.5, 1');
    expect(page.layout.firstChartTop).toBeLessThan(page.layout.tablesTop ?? 0);
    expect(page.layout.tables).toBeGreaterThanOrEqual(3);
    expect(page.layout.folded).toBe(page.layout.tables);
  });

  it('renders the robustness figures of a collusion sweep', async () => {
    const folder = robustnessSweepFolder();
    await writeReport(folder, { formats: ['svg'] });
    const page = await openReport(folder, 'collusion-sweep');
    expect(page.problems).toEqual([]);
    expect(page.charts.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'adversary-reward-share-vs-malicious-fraction-audit-p-0',
        'consensus-mae-vs-k-malicious-fraction-0',
        'audit-detection-rate-vs-k-malicious-fraction-0-2',
      ]),
    );
    expect(page.charts.every((c) => c.drawn)).toBe(true);
  });

  it('renders the calibration histograms', async () => {
    const folder = calibrationFolder();
    await writeReport(folder, { formats: ['svg'] });
    const page = await openReport(folder, 'calibration');
    expect(page.problems).toEqual([]);
    expect(page.charts.filter((c) => c.id!.startsWith('calibration-')).length).toBe(4);
    expect(page.charts.every((c) => c.drawn)).toBe(true);
  });
});
