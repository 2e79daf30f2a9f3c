/** Renders the report of a finished folder, as `run`, `sweep` and `merge` do at their end. */
import { MissingFontError } from '../../reports/style/fonts.js';
import { checkReportFolder } from '../results/output-claim.js';

/**
 * Renders figures, tables and report.html into `folder`. Without the fonts
 * the results still stand: returns a note saying how to finish, else ''.
 */
export async function renderReport(folder: string): Promise<string> {
  // A sweep renders at its end: a file added to figures/ or tables/ since its start must not be replaced.
  checkReportFolder(folder);
  try {
    // Loaded on demand, so that --no-report never loads the rendering libraries.
    const { writeReport } = await import('../../reports/write-report.js');
    await writeReport(folder);
    return '';
  } catch (error) {
    if (!(error instanceof MissingFontError)) throw error;
    return `report not rendered: ${error.message}; then run poq-sim report on the folder`;
  }
}
