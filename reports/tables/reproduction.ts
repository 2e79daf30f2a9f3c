/**
 * The reproduction section of a run whose scenario cites published values
 * (`reference`, the paper baseline): each published value beside the
 * simulated one with its 95% CI and the difference, and the paragraphs
 * (reproduction-reasons.ts) that name the profile estimates the
 * difference rests on. One section, written into report.md and
 * report.html, and as tables/reproduction.md and .tex.
 */
import type { ResultsFolder, RunFolder, RunGroup } from '../folder/results-folder.js';
import { describeIntervals } from '../../sim/results/interval-method.js';
import { fixed, interval, signed } from './reward-table.js';
import { reproductionReasons, round3 } from './reproduction-reasons.js';
import { htmlEscape, tableHtml, tableMarkdown, type Table } from './table.js';

export const REPRODUCTION = 'reproduction';

/** Where the published value lies against the simulated interval. */
export type Position = 'below' | 'inside' | 'above' | 'no interval';

export interface ReproductionRow {
  readonly role: string;
  readonly model: string;
  readonly published: number;
  readonly simulated: number;
  readonly ci95: readonly [number, number] | null;
  /** Simulated minus published. */
  readonly difference: number;
  /** The simulated interval's place against the published value: "below" when the whole CI is under it. */
  readonly position: Position;
  /** The group the row is taken from, for the reasons' decomposition of its reward. */
  readonly group: RunGroup;
}

export interface Reproduction {
  readonly citation: string;
  readonly rows: readonly ReproductionRow[];
  readonly paragraphs: readonly string[];
  readonly table: Table;
}

function position(published: number, ci: readonly [number, number] | null): Position {
  if (ci === null) return 'no interval';
  if (ci[1] < published) return 'below';
  if (ci[0] > published) return 'above';
  return 'inside';
}

/** A model's group: the one named after it when populations split it (its role-model row), else the first. */
function groupOf(folder: RunFolder, model: string): RunGroup | undefined {
  const groups = folder.summary.groups.filter((group) => group.model === model);
  return groups.find((group) => group.population === undefined || group.population === model) ?? groups[0];
}

export function reproductionRows(folder: RunFolder): ReproductionRow[] {
  const published = folder.summary.reference?.meanReward ?? {};
  return Object.entries(published).flatMap(([model, value]) => {
    const group = groupOf(folder, model);
    if (!group) return [];
    const ci95 = group.ci95;
    return [
      {
        role: group.role,
        model,
        published: value,
        simulated: group.meanReward,
        ci95,
        difference: group.meanReward - value,
        position: position(value, ci95),
        group,
      },
    ];
  });
}

const POSITION_TEXT: Record<Position, string> = {
  below: 'CI below',
  inside: 'inside CI',
  above: 'CI above',
  'no interval': '–',
};

function reproductionTable(folder: RunFolder, rows: readonly ReproductionRow[]): Table {
  const { summary } = folder;
  return {
    id: REPRODUCTION,
    title: 'Reproduction of the published values',
    caption:
      `Each published mean reward per round (${summary.reference!.citation}) beside the simulated one with its 95% confidence interval ` +
      `(${summary.scenario}, seed ${summary.seed}, ${summary.requestsSettled.toLocaleString('en-US')} rounds; ${describeIntervals(summary.statistics)}); ` +
      'Δ: simulated minus published; published value: inside the CI, or the CI lies below or above it.',
    columns: [
      { header: 'role', align: 'left' },
      { header: 'model', align: 'left' },
      { header: 'published', align: 'right' },
      { header: 'simulated', align: 'right' },
      { header: '95% CI', align: 'left' },
      { header: 'Δ', align: 'right' },
      { header: 'published value', align: 'left' },
    ],
    rows: rows.map((row) => [
      row.role,
      row.model,
      fixed(row.published),
      fixed(row.simulated),
      interval(row.ci95),
      signed(round3(row.difference)),
      POSITION_TEXT[row.position],
    ]),
  };
}

/** The section of a run folder with published values; null for any other folder. */
export function reproductionOf(folder: ResultsFolder): Reproduction | null {
  if (folder.kind !== 'run' || !folder.summary.reference) return null;
  const rows = reproductionRows(folder);
  if (rows.length === 0) return null;
  return {
    citation: folder.summary.reference.citation,
    rows,
    paragraphs: reproductionReasons(folder, rows),
    table: reproductionTable(folder, rows),
  };
}

/** The section as Markdown lines, for report.md (none when the run cites no published values). */
export function reproductionMarkdown(reproduction: Reproduction | null): string[] {
  if (!reproduction) return [];
  const { table, paragraphs } = reproduction;
  return [
    '## Reproduction of the published values',
    '',
    table.caption,
    '',
    tableMarkdown(table),
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    `LaTeX: \`tables/${table.id}.tex\`.`,
    '',
  ];
}

/** The section as HTML, for report.html (empty when the folder cites no published values). */
export function reproductionHtml(folder: ResultsFolder): string {
  const reproduction = reproductionOf(folder);
  if (!reproduction) return '';
  const { table, paragraphs } = reproduction;
  return [
    '<h2 id="reproduction">Reproduction of the published values</h2>',
    `<div class="table-wrap">${tableHtml(table)}</div>`,
    ...paragraphs.map((p) => `<p>${htmlEscape(p)}</p>`),
    `<p class="downloads"><a href="tables/${table.id}.tex">LaTeX</a><a href="tables/${table.id}.md">Markdown</a></p>`,
  ].join('\n');
}
