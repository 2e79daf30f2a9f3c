/**
 * The figures of `poq-sim report <folder> --scenario <file>`: the `report:`
 * section of a scenario file, read in place of the one recorded in the
 * folder's manifest, so a figure can be redrawn after an edit without
 * running anything again. The file must be the scenario that made the
 * folder (its name is the manifest's), and its figures are checked against
 * the folder's own parameters (parameters.json) as `sweep` checks them
 * against the sweep: a mistake is one located line before anything is drawn.
 */
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { sweptParameters } from '../../sim/experiment/plan.js';
import { reportParameters } from '../../sim/experiment/scenario-report.js';
import { formatPath, InputError } from '../../sim/input/input-error.js';
import type { InputWarning } from '../../sim/input/input-warning.js';
import { checkReport, type ReportParameter } from '../../sim/results/report-check.js';
import { type LoadedScenario, loadScenarioFile } from '../../sim/scenario/load.js';
import { ReportSchema, type ReportSpec } from '../../sim/scenario/report-schema.js';
import { DEFAULT_TIMESERIES_METRICS, recordedTimeseriesMetrics, timeseriesFeatures } from '../../sim/scenario/timeseries-schema.js';
import { exists, readJsonFile } from './read-files.js';
import { type Manifest, ManifestSchema, type SweepParameter, SweepParameterSchema } from './results-folder.js';

export interface ScenarioDeclarations {
  readonly declarations: ReportSpec;
  readonly warnings: readonly InputWarning[];
}

const Declared = z.unknown().optional();

const RecordedScenario = z.looseObject({
  name: z.string().optional(),
  output: z.looseObject({ timeseries: z.looseObject({ metrics: z.array(z.string()).optional() }).optional() }).optional(),
  economics: z.looseObject({ entry: Declared, exit: Declared }).optional(),
  mechanism: z.looseObject({ rewards: z.looseObject({ controller: Declared }).optional() }).optional(),
});

/** The metrics the folder's runs recorded in their time series, from the scenario its manifest holds (null: none). */
function recordedMetrics(recorded: z.output<typeof RecordedScenario> | undefined): string[] | null {
  const timeseries = recorded?.output?.timeseries;
  if (!recorded || !timeseries) return null;
  return recordedTimeseriesMetrics(timeseries.metrics ?? DEFAULT_TIMESERIES_METRICS, timeseriesFeatures(recorded));
}

const Range = z.tuple([z.number(), z.number()]);

/** parameters.json's entries as the report check takes them. */
function folderParameters(parameters: readonly SweepParameter[]): ReportParameter[] {
  return parameters.map((parameter, index) => {
    const range = Range.safeParse((parameter as Record<string, unknown>).range);
    return {
      name: parameter.name,
      design: parameter.design ?? index,
      method: (parameter.method ?? 'grid') as ReportParameter['method'],
      ...(parameter.values ? { values: parameter.values } : {}),
      ...(range.success ? { range: range.data } : {}),
    };
  });
}

function refuseFolder(folder: string, message: string): never {
  throw new InputError({ file: folder, path: '', message });
}

function checkName(loaded: LoadedScenario, manifest: Manifest, recordedName: string | undefined): void {
  const made = manifest.scenarioName ?? recordedName;
  if (made === undefined || made === loaded.scenario.name) return;
  const at = loaded.source.where(['name']);
  throw new InputError({
    ...at,
    path: formatPath(['name']),
    message: `the folder was made by scenario "${made}" (its manifest.json), not "${loaded.scenario.name}"; --scenario takes the scenario file that made the folder`,
  });
}

/** Reads and checks the scenario file's report section for the folder; throws an InputError for a mistake. */
export function scenarioDeclarations(folder: string, scenarioFile: string): ScenarioDeclarations {
  const file = (name: string) => join(resolve(folder), name);
  const isRun = exists(file('summary.json'));
  const isExperiment = exists(file('parameters.json'));
  if (!isRun && !isExperiment) refuseFolder(folder, 'is not a run or sweep folder: --scenario redraws the figures a scenario declares');
  if (!exists(file('manifest.json'))) refuseFolder(folder, 'has no manifest.json, so the scenario that made it is unknown');
  const manifest = readJsonFile(file('manifest.json'), ManifestSchema);
  const recorded = RecordedScenario.safeParse(manifest.resolvedScenario);
  const loaded = loadScenarioFile(scenarioFile);
  checkName(loaded, manifest, recorded.success ? recorded.data.name : undefined);
  const declarations = loaded.scenario.report ?? ReportSchema.parse({});
  // A run folder is checked as `run` checks the file (against its sweep, if any); a sweep folder against the parameters it holds.
  const parameters = isRun
    ? reportParameters(loaded.scenario.sweep ? sweptParameters(loaded) : [])
    : folderParameters(readJsonFile(file('parameters.json'), z.array(SweepParameterSchema)));
  return { declarations, warnings: checkWithParameters(loaded, parameters, recorded.data) };
}

function checkWithParameters(
  loaded: LoadedScenario,
  parameters: readonly ReportParameter[],
  recorded: z.output<typeof RecordedScenario> | undefined,
): InputWarning[] {
  if (!loaded.scenario.report) return [];
  const findings = checkReport(loaded.scenario.report, {
    parameters,
    timeseriesMetrics: recordedMetrics(recorded),
    where: (path) => loaded.source.where(path),
  });
  findings.throwIfAny();
  return findings.warnings;
}
