/**
 * What every shipped scenario's report must show, checked on a results
 * folder of that scenario (test/docs/documented-commands.test.ts runs each
 * scenario's header command as written, and checks the folder it writes):
 *
 * - report.html opens in headless Chromium with no console error, no
 *   request leaving the file, and every figure drawn;
 * - the figures the scenario declares come first, in its order;
 * - each declared figure's Vega-Lite spec puts the declared fields on its
 *   axes, holds every swept value of each channel in its data, and encodes
 *   the 95% CI (ci_low, ci_high);
 * - no two text boxes of any figure in the report overlap, and no text inside
 *   a plot sits on a data mark (reports/render/overlaps.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readableValue } from '../../reports/figures/declared/values.js';
import { describeOverlap, findOverlaps } from '../../reports/render/overlaps.js';
import { specShapes } from '../../reports/render/render-figure.js';
import { type ExperimentFolder, loadResultsFolder } from '../../reports/folder/results-folder.js';
import { parameterValues } from '../../reports/figures/sweep-parameters.js';
import { type FigureDeclaration, ReportSchema, type ReportSpec } from '../../sim/scenario/report-schema.js';
import { reportPage } from './headless-chromium.js';

/** What a scenario file declares: its report section (null without one). */
export function reportDeclared(file: string): ReportSpec | null {
  const scenario = parseYaml(readFileSync(file, 'utf8')) as { report?: unknown };
  return scenario.report === undefined ? null : ReportSchema.parse(scenario.report);
}

/** Every text overlap in the written figures of a folder, one line each. */
async function overlapsIn(folder: string, ids: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const id of ids) {
    const spec = JSON.parse(readFileSync(join(folder, 'figures', `${id}.vl.json`), 'utf8')) as Parameters<typeof specShapes>[0];
    lines.push(...findOverlaps(await specShapes(spec)).map((overlap) => `${id}: ${describeOverlap(overlap)}`));
  }
  return lines;
}

/** What the page's code reads of a chart's element (the DOM's types are not in this project's `lib`). */
interface ChartElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): unknown;
}

interface OpenedReport {
  readonly problems: string[];
  readonly failed: string | null;
  readonly charts: { id: string | null; drawn: boolean }[];
}

/** Opens report.html; returns what went wrong on the page and which charts were drawn. */
async function openReport(browser: Browser, folder: string): Promise<OpenedReport> {
  const problems: string[] = [];
  const page = await reportPage(browser, problems);
  await page.goto(`file://${join(folder, 'report.html')}`);
  await page.waitForSelector('body[data-charts-rendered]', { timeout: 60_000 });
  const failed = await page.getAttribute('body', 'data-charts-failed');
  const charts = await page.$$eval('.chart[data-figure]', (nodes: ChartElement[]) =>
    nodes.map((node) => ({ id: node.getAttribute('data-figure'), drawn: node.querySelector('svg.marks') !== null })),
  );
  await page.close();
  return { problems, failed, charts };
}

type Json = Record<string, unknown>;
interface Encoding {
  readonly channel: string;
  readonly field: string;
}

/** Every channel → field of every encoding in the spec (layers, facets and concatenations included), and every data row. */
function specContents(spec: unknown): { encodings: Encoding[]; rows: Json[] } {
  const encodings: Encoding[] = [];
  const rows: Json[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const object = node as Json;
    const encoding = object['encoding'];
    if (encoding && typeof encoding === 'object') {
      for (const [channel, value] of Object.entries(encoding as Json)) {
        for (const entry of Array.isArray(value) ? value : [value]) {
          const field = (entry as Json | null)?.['field'];
          if (typeof field === 'string') encodings.push({ channel, field });
        }
      }
    }
    const data = object['data'];
    if (data && typeof data === 'object' && Array.isArray((data as Json)['values'])) rows.push(...((data as Json)['values'] as Json[]));
    Object.values(object).forEach(visit);
  };
  visit(spec);
  return { encodings, rows };
}

const has = (encodings: readonly Encoding[], channel: string, field: string) =>
  encodings.some((e) => e.channel === channel && e.field === field);

/** The metric names a declaration draws (y, or a heatmap's value; an ordering is drawn from its metric). */
function metricNames(declaration: FigureDeclaration): string[] {
  const refs = declaration.mark === 'heatmap' ? [declaration.value] : [declaration.y].flat();
  return refs.flatMap((ref) => {
    if (ref === undefined) return [];
    if (typeof ref === 'string') return [ref];
    return ['orderOf' in ref ? ref.orderOf : ref.metric];
  });
}

/**
 * The summary rows a declaration draws from: its metrics, in the groups its
 * `where` keeps. A value of a parameter the results hold no row for (a ring
 * of no nodes at share 0) cannot be drawn; every other one must be.
 */
function drawnRows(folder: ExperimentFolder, declaration: FigureDeclaration) {
  const metrics = new Set(metricNames(declaration));
  const where = Object.entries(declaration.where ?? {});
  const keeps = (value: unknown, kept: unknown) => [kept].flat().some((k) => readableValue(k) === readableValue(value));
  return folder.summary.filter(
    (row) =>
      metrics.has(row.metric) &&
      row.mean !== null &&
      where.every(([field, kept]) => {
        const value = field in row.parameters ? row.parameters[field] : (row as unknown as Json)[field];
        return keeps(value, kept);
      }),
  );
}

/** The channels of a declaration that name a parameter of the sweep, with the values the figure must show. */
function sweptChannels(folder: ExperimentFolder, declaration: FigureDeclaration): { channel: string; name: string; values: unknown[] }[] {
  const names = [
    declaration.x,
    declaration.mark === 'heatmap' ? declaration.y : undefined,
    declaration.colour,
    declaration.row,
    declaration.column,
  ];
  // A figure over time draws the time series, which every run of every point records: each swept value must show.
  const rows = declaration.x === 'time' ? null : drawnRows(folder, declaration);
  return names.flatMap((name, i) => {
    const parameter = typeof name === 'string' ? folder.parameters.find((p) => p.name === name) : undefined;
    if (!parameter) return [];
    const inResults = new Set((rows ?? []).map((row) => readableValue(row.parameters[parameter.name])));
    const values = parameterValues(folder, parameter).filter((value) => rows === null || inResults.has(readableValue(value)));
    return [{ channel: ['x', 'y', 'colour', 'row', 'column'][i]!, name: parameter.name, values }];
  });
}

/** Whether the data hold a value, as a number or as the text a reader sees. */
function present(rows: readonly Json[], field: string, value: unknown): boolean {
  const wanted = new Set([String(value), readableValue(value)]);
  return rows.some((row) => row[field] !== undefined && (wanted.has(String(row[field])) || wanted.has(readableValue(row[field]))));
}

function checkDeclared(folder: string, declaration: FigureDeclaration): void {
  const data = loadResultsFolder(folder);
  const spec = JSON.parse(readFileSync(join(folder, 'figures', `${declaration.id}.vl.json`), 'utf8')) as unknown;
  const { encodings, rows } = specContents(spec);
  const id = declaration.id;
  expect(rows.length, id).toBeGreaterThan(0);
  expect(has(encodings, 'x', declaration.x), `${id}: x is ${declaration.x}`).toBe(true);
  const orderOf =
    declaration.mark === 'heatmap' &&
    declaration.value !== undefined &&
    typeof declaration.value !== 'string' &&
    'orderOf' in declaration.value;
  if (declaration.mark === 'heatmap') {
    const y = declaration.y as string; // a heatmap's y is a parameter
    expect(has(encodings, 'y', y), `${id}: y is ${y}`).toBe(true);
    if (!orderOf) {
      expect(has(encodings, 'color', 'mean'), `${id}: cells coloured by the mean`).toBe(true);
      expect(encodings.some((e) => e.field === 'ci_low') && encodings.some((e) => e.field === 'ci_high'), `${id}: CI encoded`).toBe(true);
    }
  } else {
    expect(has(encodings, 'y', 'mean'), `${id}: y is the mean`).toBe(true);
    expect(has(encodings, 'y', 'ci_low') && has(encodings, 'y2', 'ci_high'), `${id}: the 95% CI as y/y2`).toBe(true);
    expect(
      rows.some((row) => typeof row['ci_low'] === 'number' && typeof row['ci_high'] === 'number'),
      `${id}: CIs in the data`,
    ).toBe(true);
  }
  if (data.kind !== 'experiment') return;
  for (const { channel, name, values } of sweptChannels(data, declaration)) {
    expect(values.length, `${id}: ${channel} ${name} has values`).toBeGreaterThan(channel === 'x' || channel === 'y' ? 1 : 0);
    const missing = values.filter((value) => !present(rows, name, value)).map(readableValue);
    expect(missing, `${id}: every value of ${channel} ${name} in the data`).toEqual([]);
  }
}

/** Every check above on `folder`, a results folder of the scenario whose declarations are `report`. */
export async function expectShippedReport(browser: Browser, folder: string, report: ReportSpec | null): Promise<void> {
  const page = await openReport(browser, folder);
  expect(page.problems).toEqual([]);
  expect(page.failed).toBe('0');
  expect(page.charts.length).toBeGreaterThan(0);
  expect(page.charts.filter((c) => !c.drawn).map((c) => c.id)).toEqual([]);

  const index = JSON.parse(readFileSync(join(folder, 'figures', 'figures.json'), 'utf8')) as { figures: { id: string }[] };
  const declared = [...(report?.standard ?? []), ...(report?.figures ?? []).map((f) => f.id)];
  expect(index.figures.slice(0, declared.length).map((f) => f.id)).toEqual(declared);
  expect(page.charts.slice(0, declared.length).map((c) => c.id)).toEqual(declared);
  for (const declaration of report?.figures ?? []) checkDeclared(folder, declaration);
  expect(
    await overlapsIn(
      folder,
      index.figures.map((f) => f.id),
    ),
  ).toEqual([]);
}
