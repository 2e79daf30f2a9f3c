/**
 * Which figures a report declares: those handed to it (`report --scenario`
 * draws a folder with another scenario's declarations), else the `report:`
 * section of the scenario the folder was made from, as its manifest
 * records it, else none (the standard figures only).
 */
import { join } from 'node:path';
import { InputError } from '../../../sim/input/input-error.js';
import { ReportSchema, type ReportSpec } from '../../../sim/scenario/report-schema.js';
import type { ResultsFolder } from '../../folder/results-folder.js';

export function reportDeclarations(folder: ResultsFolder, override?: ReportSpec): ReportSpec | null {
  if (override) return override;
  const scenario = folder.manifest?.resolvedScenario;
  if (scenario === null || typeof scenario !== 'object' || !('report' in scenario)) return null;
  const section = (scenario as { report?: unknown }).report;
  if (section === undefined || section === null) return null;
  const parsed = ReportSchema.safeParse(section);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new InputError({
    file: join(folder.dir, 'manifest.json'),
    path: ['resolvedScenario', 'report', ...issue.path.map(String)].join('.'),
    message: issue.message,
  });
}
