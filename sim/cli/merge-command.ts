/** `poq-sim merge`: combines the shards of an experiment into one folder, then renders its report. */
import { mergeExperiments } from '../experiment/merge.js';
import { asEnvironmentFault } from '../system/environment-fault.js';
import { renderReport } from './render-report.js';

export async function mergeCommand(
  folders: readonly string[],
  options: { out: string; force?: boolean; quiet?: boolean; report?: boolean },
): Promise<void> {
  const outcome = mergeExperiments(folders, options.out, { force: options.force });
  const reportNote =
    options.report !== false
      ? await renderReport(options.out).catch((error: unknown) => Promise.reject(asEnvironmentFault(error, options.out)))
      : '';
  if (options.quiet) return;
  console.log(
    `merged ${folders.length} folder${folders.length === 1 ? '' : 's'}: ${outcome.points.toLocaleString('en-US')} points, ` +
      `${outcome.tables.runs.toLocaleString('en-US')} runs · wrote ${options.out}/`,
  );
  if (reportNote) console.log(reportNote);
}
