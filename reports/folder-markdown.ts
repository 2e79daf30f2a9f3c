/**
 * report.md of a rendered folder: the scenario's question and headline,
 * the figures with their captions as written for a paper and links to the
 * renderings that match them, then the tables (a run's headline tables
 * come first: they are short and are its answer).
 */
import type { FigureFiles, FigureFormat } from './figure-files.js';
import type { SkippedFigure } from './figures/figure.js';
import type { ResultsFolder } from './folder/results-folder.js';
import { markdownReport } from './markdown-report.js';
import { reportHeading } from './report-heading.js';
import { reproductionOf } from './tables/reproduction.js';
import { tableMarkdown, type Table } from './tables/table.js';

export interface MarkdownFigure {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly files: FigureFiles;
}

export function folderMarkdown(
  folder: ResultsFolder,
  tables: readonly Table[],
  figures: readonly MarkdownFigure[],
  skipped: readonly SkippedFigure[],
): string {
  const heading = reportHeading(folder);
  const question = heading.question ? [heading.question, ''] : [];
  const lines: string[] = [];
  if (folder.kind === 'run') {
    const [title, ...rest] = markdownReport(folder.summary, reproductionOf(folder)).trimEnd().split('\n');
    lines.push(title!, '', ...question, ...rest.slice(1), '');
  } else {
    lines.push(`# ${heading.title}`, '', ...question, heading.meta, '');
    if (heading.headline.length) lines.push(...heading.headline.map((line) => `- ${line}`), '');
  }
  lines.push(...figureSection(figures, skipped));
  if (folder.kind !== 'run') {
    for (const table of tables) lines.push(`## ${table.title}`, '', table.caption, '', tableMarkdown(table), '');
  }
  lines.push('The interactive report is `report.html`; LaTeX (booktabs) versions of the tables are in `tables/`.', '');
  return lines.join('\n');
}

const LINK_ORDER: readonly FigureFormat[] = ['pdf', 'svg'];

function figureSection(figures: readonly MarkdownFigure[], skipped: readonly SkippedFigure[]): string[] {
  const lines = ['## Figures', ''];
  for (const figure of figures) {
    lines.push(`### ${figure.title}`, '');
    if (figure.files.current.includes('png')) lines.push(`![${figure.title}](figures/${figure.id}.png)`, '');
    const links = [
      ...LINK_ORDER.filter((f) => figure.files.current.includes(f)).map((f) => [f.toUpperCase(), f]),
      ['Vega-Lite', 'vl.json'],
    ];
    lines.push(figure.caption, '', links.map(([label, ext]) => `[${label}](figures/${figure.id}.${ext})`).join(' · '), '');
    if (figure.files.stale.length > 0) {
      const stale = figure.files.stale;
      lines.push(
        `The ${stale.map((f) => f.toUpperCase()).join(' and ')} of this figure predate its current spec and are not linked; ` +
          `\`poq-sim report <folder> --formats ${stale.join(',')}\` redraws ${stale.length > 1 ? 'them' : 'it'}.`,
        '',
      );
    }
  }
  if (skipped.length > 0) lines.push(`Not drawn for lack of data: ${skipped.map((s) => `${s.id} (${s.reason})`).join('; ')}.`, '');
  return lines;
}
