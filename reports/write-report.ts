/**
 * `writeReport(folder)`: renders the report of a results folder (a run, a
 * sweep or a calibration) into that folder:
 *
 *   figures/<id>.vl.json  Vega-Lite spec with the paper theme and size folded in (restyle and re-render it)
 *   figures/<id>.svg      vector figure, one unit per point, at 3.5 in (one column) or 7 in (two columns)
 *   figures/<id>.png      raster figure (300 dpi unless told otherwise)
 *   figures/<id>.pdf      vector figure with its text as text (embedded DejaVu Sans)
 *   figures/figures.json  the figures drawn (id, title, caption, size, formats current and stale) and those skipped, with why
 *   tables/<id>.md, .tex  summary tables in Markdown and LaTeX (booktabs)
 *   report.md             headline results, tables and figure links, in Markdown
 *   report.html           self-contained interactive report (works offline)
 *
 * `poq-sim report` calls it; so do `poq-sim run` (on its staged folder,
 * before the folder is committed) and `poq-sim sweep`. The report is
 * rendered beside the folder and moved into place only when complete, so
 * a failure leaves any previous report untouched. Rendering some formats
 * keeps the others of the last render (reports/figure-files.ts), and a
 * user's own files in figures/ stay. It reads only files: rendering never
 * runs inside a simulation.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { carryOverFigures, FIGURE_FORMATS, type FigureFiles, type FigureFormat } from './figure-files.js';
import { buildFigures } from './figures/all-figures.js';
import { type FigureDraft, isDraft, type SkippedFigure } from './figures/figure.js';
import type { ReportSpec } from '../sim/scenario/report-schema.js';
import { loadResultsFolder, type ResultsFolder } from './folder/results-folder.js';
import { htmlReport, type HtmlFigure } from './html-report.js';
import { folderMarkdown } from './folder-markdown.js';
import { PngWrites } from './render/png-writes.js';
import { finalizeSpec, svgToPdf } from './render/render-figure.js';
import { reproductionOf } from './tables/reproduction.js';
import { summaryTables } from './tables/summary-tables.js';
import { tableLatex, tableMarkdown, type Table } from './tables/table.js';

export type { FigureFormat } from './figure-files.js';

export interface ReportOptions {
  /** Resolution of the PNGs, in dots per inch of the printed figure (default 300). */
  readonly dpi?: number;
  /** Which renderings to write beside each .vl.json (default all three). */
  readonly formats?: readonly FigureFormat[];
  /** Figures to draw instead of those the folder's scenario declares (its manifest's `report:` section). */
  readonly declarations?: ReportSpec;
}

export interface FigureTiming {
  readonly id: string;
  /** Vega-Lite compile, Vega layout and SVG (twice or more for panel layouts, which are sized by measuring). */
  readonly svgMs: number;
  /** From the start of its rasterizing, on libuv's thread pool beside the next figures, to its file. */
  readonly pngMs: number;
  readonly pdfMs: number;
}

export interface ReportResult {
  readonly kind: ResultsFolder['kind'];
  readonly figures: readonly {
    readonly id: string;
    readonly title: string;
    readonly warnings: readonly string[];
    /** Renderings kept from an earlier render whose spec has changed since: on disk, not linked. */
    readonly stale: readonly FigureFormat[];
  }[];
  readonly skipped: readonly SkippedFigure[];
  readonly tables: readonly string[];
  readonly timings: readonly FigureTiming[];
}

/** Report outputs replaced as a whole on every render. */
const OUTPUTS = ['figures', 'tables', 'report.md', 'report.html'] as const;

/** A figure as written: what the HTML report embeds, with the renderer's warnings and the size figures.json records. */
type DrawnFigure = Omit<HtmlFigure, 'files'> & { readonly warnings: readonly string[]; readonly size: string };
/** A figure with the renderings on disk once the previous folder's are carried over. */
type WrittenFigure = DrawnFigure & { readonly files: FigureFiles };

export async function writeReport(folder: string, options: ReportOptions = {}): Promise<ReportResult> {
  const dir = resolve(folder);
  const data = loadResultsFolder(dir);
  const formats = new Set<FigureFormat>(options.formats ?? FIGURE_FORMATS);
  const dpi = options.dpi ?? 300;

  const staging = join(dir, `.report.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(join(staging, 'figures'), { recursive: true });
  mkdirSync(join(staging, 'tables'));
  const pngs = new PngWrites(dpi);
  try {
    const outcomes = buildFigures(data, options.declarations);
    const skipped = outcomes.filter((o): o is SkippedFigure => !isDraft(o));
    const rendered: DrawnFigure[] = [];
    const timings: FigureTiming[] = [];
    for (const draft of outcomes.filter(isDraft)) {
      const { figure, timing } = await writeFigure(draft, join(staging, 'figures'), formats, pngs);
      timings.push(timing);
      rendered.push(figure);
    }
    const pngMs = await pngs.finished();
    const onDisk = carryOverFigures(
      join(dir, 'figures'),
      join(staging, 'figures'),
      rendered.map((f) => f.id),
      formats,
    );
    const drawn: WrittenFigure[] = rendered.map((figure) => ({ ...figure, files: onDisk.get(figure.id)! }));
    writeFigureIndex(join(staging, 'figures'), drawn, skipped);

    const tables = summaryTables(data);
    const reproduction = reproductionOf(data);
    writeTables(join(staging, 'tables'), reproduction ? [...tables, reproduction.table] : tables);
    const missing = skipped.filter((s) => s.applies);
    writeFileSync(join(staging, 'report.md'), folderMarkdown(data, tables, drawn, missing));
    writeFileSync(join(staging, 'report.html'), htmlReport(data, tables, drawn, missing));

    moveIntoPlace(staging, dir);
    return {
      kind: data.kind,
      figures: drawn.map(({ id, title, warnings, files }) => ({ id, title, warnings, stale: files.stale })),
      skipped,
      tables: tables.map((t) => t.id),
      timings: timings.map((t) => ({ ...t, pngMs: pngMs.get(t.id) ?? 0 })),
    };
  } finally {
    await pngs.settled();
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Renders one figure into `figuresDir`: its Vega-Lite spec always, and each
 * of the formats asked for, each timed; its PNG is started on `pngs` and
 * written when done (its time is filled in by then).
 */
async function writeFigure(
  draft: FigureDraft,
  figuresDir: string,
  formats: ReadonlySet<FigureFormat>,
  pngs: PngWrites,
): Promise<{ figure: DrawnFigure; timing: FigureTiming }> {
  const t0 = performance.now();
  const { spec, rendered } = await finalizeSpec(draft);
  const t1 = performance.now();
  const file = (ext: string) => join(figuresDir, `${draft.id}.${ext}`);
  writeFileSync(file('vl.json'), `${JSON.stringify(spec, null, 2)}\n`);
  if (formats.has('svg')) writeFileSync(file('svg'), rendered.svg);
  if (formats.has('png')) await pngs.add(draft.id, rendered.svg, file('png'));
  const t3 = performance.now();
  if (formats.has('pdf')) writeFileSync(file('pdf'), await svgToPdf(rendered, { title: draft.title, subject: draft.caption }));
  const t4 = performance.now();
  return {
    figure: {
      id: draft.id,
      title: draft.title,
      caption: draft.caption,
      spec,
      widthPt: rendered.widthPt,
      warnings: rendered.warnings,
      size: draft.size,
    },
    timing: { id: draft.id, svgMs: t1 - t0, pngMs: 0, pdfMs: t4 - t3 },
  };
}

/** figures/figures.json: the figures drawn and those skipped, with why. */
function writeFigureIndex(figuresDir: string, drawn: readonly WrittenFigure[], skipped: readonly SkippedFigure[]): void {
  const figures = drawn.map(({ id, title, caption, size, files }) => ({
    id,
    title,
    caption,
    size,
    formats: files.current,
    stale: files.stale,
  }));
  writeFileSync(join(figuresDir, 'figures.json'), `${JSON.stringify({ figures, skipped }, null, 2)}\n`);
}

/** Each table twice: tables/<id>.md and tables/<id>.tex. */
function writeTables(tablesDir: string, tables: readonly Table[]): void {
  for (const table of tables) {
    writeFileSync(join(tablesDir, `${table.id}.md`), `${tableMarkdown(table)}\n`);
    writeFileSync(join(tablesDir, `${table.id}.tex`), tableLatex(table));
  }
}

/** Swaps each output in, one rename each, keeping the previous one until its replacement is in place. */
function moveIntoPlace(staging: string, dir: string): void {
  for (const name of OUTPUTS) {
    const target = join(dir, name);
    const retired = join(staging, `${name}.old`);
    if (existsSync(target)) renameSync(target, retired);
    renameSync(join(staging, name), target);
  }
}
