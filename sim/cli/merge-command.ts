/** `poq-sim merge`: combines the shards of an experiment into one folder. */
import { mergeExperiments } from '../experiment/merge.js';

export function mergeCommand(folders: readonly string[], options: { out: string; force?: boolean; quiet?: boolean }): void {
  const outcome = mergeExperiments(folders, options.out, { force: options.force });
  if (options.quiet) return;
  console.log(
    `merged ${folders.length} folder${folders.length === 1 ? '' : 's'}: ${outcome.points.toLocaleString('en-US')} points, ` +
      `${outcome.tables.runs.toLocaleString('en-US')} runs · wrote ${options.out}/`,
  );
}
