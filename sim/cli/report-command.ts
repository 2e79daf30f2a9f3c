/**
 * `poq-sim report <folder>`: renders the figures, tables and HTML report of
 * a results folder; with --scenario, draws the figures that scenario file
 * declares (checked against the folder first) instead of those recorded.
 */
import { scenarioDeclarations } from '../../reports/folder/scenario-declarations.js';
import { FIGURE_FORMATS } from '../../reports/figure-files.js';
import { writeReport, type FigureFormat } from '../../reports/write-report.js';
import { checkReportFolder } from '../results/output-claim.js';
import { asEnvironmentFault } from '../system/environment-fault.js';
import { printWarnings } from './print-warnings.js';

export interface ReportCommandOptions {
  readonly dpi?: number;
  readonly formats?: readonly FigureFormat[];
  readonly quiet?: boolean;
  /** A scenario file whose report: section replaces the one in the folder's manifest. */
  readonly scenario?: string;
}

export async function reportCommand(folder: string, options: ReportCommandOptions): Promise<void> {
  checkReportFolder(folder);
  // Checked before anything is drawn: a mistake in the file leaves the folder's report as it was.
  const declared = options.scenario === undefined ? undefined : scenarioDeclarations(folder, options.scenario);
  if (declared) printWarnings(declared.warnings);
  const settings = {
    ...(options.dpi ? { dpi: options.dpi } : {}),
    ...(options.formats ? { formats: options.formats } : {}),
    ...(declared ? { declarations: declared.declarations } : {}),
  };
  const result = await writeReport(folder, settings).catch((error: unknown) => {
    throw asEnvironmentFault(error, folder); // a full disk: the previous report stays as it was
  });
  if (options.quiet) return;
  console.log(`${folder}: ${result.kind} folder · ${result.figures.length} figures · ${result.tables.length} tables`);
  for (const timing of result.timings) {
    const total = timing.svgMs + timing.pngMs + timing.pdfMs;
    console.log(
      `  ${timing.id.padEnd(34)} ${total.toFixed(0).padStart(5)} ms  (SVG ${timing.svgMs.toFixed(0)}, PNG ${timing.pngMs.toFixed(0)}, PDF ${timing.pdfMs.toFixed(0)})`,
    );
  }
  for (const figure of result.figures) for (const warning of figure.warnings) console.log(`  warning: ${figure.id}: ${warning}`);
  for (const line of staleLines(folder, result.figures)) console.log(line);
  const missing = result.skipped.filter((s) => s.applies);
  if (missing.length > 0) console.log(`  not drawn: ${missing.map((s) => `${s.id} (${s.reason})`).join('; ')}`);
  console.log(`wrote ${folder}/report.html, report.md, figures/, tables/`);
}

/** Renderings kept from before a figure's spec changed: which, and the command that redraws them. */
function staleLines(folder: string, figures: readonly { readonly id: string; readonly stale: readonly FigureFormat[] }[]): string[] {
  const stale = figures.filter((figure) => figure.stale.length > 0);
  if (stale.length === 0) return [];
  const formats = FIGURE_FORMATS.filter((format) => stale.some((figure) => figure.stale.includes(format)));
  return [
    `  stale (drawn before the figure changed; kept but not linked): ${stale.map((f) => `${f.id} (${f.stale.join(', ')})`).join('; ')}`,
    `  redraw them with: poq-sim report ${folder} --formats ${formats.join(',')}`,
  ];
}
