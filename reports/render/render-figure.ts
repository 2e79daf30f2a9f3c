/**
 * Renders a figure headless: Vega-Lite → Vega → SVG (Vega's `none`
 * renderer, no browser, no canvas), SVG → PNG with resvg (off the main
 * thread), SVG → PDF with
 * PDFKit (text stays text, in embedded DejaVu Sans, so it can be searched
 * and copied). The spec that comes out has the paper theme and its final
 * size folded in, so the saved .vl.json re-renders to the same figure.
 */
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import * as vega from 'vega';
import { mergeConfig } from 'vega-util';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { FigureDraft } from '../figures/figure.js';
import { FIGURE_HEIGHT_PT, FIGURE_WIDTH_PT, PAPER_CONFIG, POINTS_PER_INCH } from '../style/theme.js';
import { FONT_FAMILY, fontFiles } from '../style/fonts.js';
import { useDejaVuTextMetrics } from '../style/text-metrics.js';
import { type SceneMark, type SceneShape, sceneShapes } from './scene-shapes.js';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export interface RenderedSvg {
  readonly svg: string;
  readonly widthPt: number;
  readonly heightPt: number;
  /** Warnings from Vega-Lite's compiler and Vega's runtime; a well-built figure has none. */
  readonly warnings: readonly string[];
}

/**
 * Collects Vega's and Vega-Lite's messages. Its methods are bound to the
 * instance: Vega calls them detached from the logger (with the View as
 * `this`).
 */
class CollectingLogger {
  readonly messages: string[] = [];
  private current = 0;
  readonly level = (level?: number): number | CollectingLogger => {
    if (level === undefined) return this.current;
    this.current = level;
    return this;
  };
  readonly warn = (...args: readonly unknown[]): CollectingLogger => {
    this.messages.push(args.map(String).join(' '));
    return this;
  };
  readonly error = (...args: readonly unknown[]): CollectingLogger => this.warn(...args);
  readonly info = (): CollectingLogger => this;
  readonly debug = (): CollectingLogger => this;
}

/** Compiles a Vega-Lite spec into a headless Vega view, hands it to `use`, and finalizes it. */
async function withView<T>(spec: TopLevelSpec, use: (view: vega.View, logger: CollectingLogger) => Promise<T>): Promise<T> {
  useDejaVuTextMetrics();
  const logger = new CollectingLogger();
  const compiled = compile(spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn, logger });
  try {
    return await use(view, logger);
  } finally {
    view.finalize();
  }
}

/** Vega-Lite spec → SVG text, at one point per unit. */
export function specToSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  return withView(spec, async (view, logger) => {
    // Clip-path ids come from a process-wide counter: restart it so a figure's SVG does not
    // depend on how many figures the process drew before it.
    (vega as unknown as { resetSVGDefIds: () => void }).resetSVGDefIds();
    const svg = await view.toSVG();
    const size = /<svg[^>]*\swidth="([\d.]+)"\s+height="([\d.]+)"/.exec(svg);
    if (!size) throw new Error('Vega produced an SVG without a width and height');
    return { svg, widthPt: Number(size[1]), heightPt: Number(size[2]), warnings: logger.messages };
  });
}

/**
 * The outline of every text and data mark of a figure as Vega lays it out,
 * in the figure's coordinates (points): what the overlap check reads.
 */
export function specShapes(spec: TopLevelSpec): Promise<SceneShape[]> {
  return withView(spec, async (view) => {
    await view.runAsync();
    // The SVG is drawn translated by the padding and the view's origin (the axis gutters); vega-typings call the scenegraph a Scene; at run time it is the Scenegraph object holding the root mark.
    const [x, y] = view.origin();
    const padding = view.padding();
    const [left, top] = typeof padding === 'number' ? [padding, padding] : [padding.left ?? 0, padding.top ?? 0];
    return sceneShapes((view.scenegraph() as unknown as { root: SceneMark }).root, x + left, y + top);
  });
}

/**
 * The figure's final Vega-Lite spec: theme, size and schema folded in.
 * Panel layouts are rendered twice: once to measure the axes and legends
 * around the panels, once with the panel width that fills the column.
 */
export async function finalizeSpec(draft: FigureDraft): Promise<{ spec: TopLevelSpec; rendered: RenderedSvg }> {
  const targetWidth = FIGURE_WIDTH_PT[draft.size];
  const themed = (spec: TopLevelSpec): TopLevelSpec => ({
    $schema: VEGA_LITE_SCHEMA,
    ...spec,
    config: mergeConfig(PAPER_CONFIG, spec.config ?? {}),
  });

  if (draft.layout.kind === 'single') {
    const spec = themed({
      ...draft.layout.spec,
      width: targetWidth,
      height: draft.layout.heightPt ?? FIGURE_HEIGHT_PT[draft.size],
      autosize: { type: 'fit', contains: 'padding' },
    });
    return { spec, rendered: await specToSvg(spec) };
  }

  const { columns, spec: build } = draft.layout;
  let panelWidth = Math.max(40, (targetWidth - 60) / columns - 12);
  let spec = themed(build(panelWidth));
  let rendered = await specToSvg(spec);
  for (let attempt = 0; attempt < 3 && Math.abs(rendered.widthPt - targetWidth) > 1; attempt++) {
    panelWidth = Math.max(30, panelWidth - (rendered.widthPt - targetWidth) / columns);
    spec = themed(build(Math.round(panelWidth * 10) / 10));
    rendered = await specToSvg(spec);
  }
  return { spec, rendered };
}

function pngOptions(dpi: number): ResvgRenderOptions {
  const fonts = fontFiles();
  return {
    background: 'white',
    fitTo: { mode: 'zoom', value: dpi / POINTS_PER_INCH },
    font: {
      loadSystemFonts: false,
      fontFiles: [fonts.regular, fonts.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  };
}

/**
 * PNG at the given resolution (dots per inch of the printed figure),
 * rasterized on libuv's thread pool: this thread goes on laying out and
 * writing the next figures meanwhile.
 */
export async function svgToPng(svg: string, dpi: number): Promise<Buffer> {
  return (await renderAsync(svg, pngOptions(dpi))).asPng();
}

export interface PdfMetadata {
  readonly title: string;
  readonly subject?: string;
}

/**
 * The creation date every figure PDF carries: the Unix epoch, as
 * reproducible builds do with SOURCE_DATE_EPOCH=0. PDFKit would stamp the
 * current time, and the file ID it writes is a hash of the info dictionary
 * (dates included), so a real date would make the same results give
 * different bytes. It cannot be left out: PDFKit reads it to write the XMP
 * metadata. When the results were made is recorded in manifest.json.
 */
export const PDF_CREATION_DATE = new Date(0);

/** A one-page PDF the size of the figure, with its text as text in embedded DejaVu Sans. */
export function svgToPdf(rendered: Pick<RenderedSvg, 'svg' | 'widthPt' | 'heightPt'>, metadata: PdfMetadata): Promise<Buffer> {
  const fonts = fontFiles();
  const doc = new PDFDocument({
    size: [rendered.widthPt, rendered.heightPt],
    margin: 0,
    autoFirstPage: true,
    compress: true,
    info: {
      Title: metadata.title,
      ...(metadata.subject ? { Subject: metadata.subject } : {}),
      Creator: 'poq-sim',
      Producer: 'poq-sim (PDFKit)',
      CreationDate: PDF_CREATION_DATE,
    },
  });
  doc.registerFont(FONT_FAMILY, fonts.regular);
  doc.registerFont(`${FONT_FAMILY} Bold`, fonts.bold);
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  SVGtoPDF(doc, rendered.svg, 0, 0, {
    width: rendered.widthPt,
    height: rendered.heightPt,
    assumePt: true,
    fontCallback: (_family, bold) => (bold ? `${FONT_FAMILY} Bold` : FONT_FAMILY),
  });
  doc.end();
  return finished;
}
