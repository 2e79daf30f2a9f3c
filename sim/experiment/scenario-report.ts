/**
 * The scenario's `report:` section checked against its own sweep (the
 * parameters as the results tables will name them) and its time series,
 * for every command that loads a scenario: sweep and check through the
 * experiment plan, run and check of a single run here.
 */
import type { InputWarning } from '../input/input-warning.js';
import { checkReport, type ReportParameter } from '../results/report-check.js';
import type { LoadedScenario } from '../scenario/load.js';
import { recordedTimeseriesMetrics, timeseriesFeatures } from '../scenario/timeseries-schema.js';
import type { ParameterInfo } from './design.js';

export function reportParameters(parameters: readonly ParameterInfo[]): ReportParameter[] {
  return parameters.map((p) => ({
    name: p.name,
    design: p.design,
    method: p.method,
    ...(p.values ? { values: p.values } : {}),
    ...(p.range ? { range: p.range } : {}),
  }));
}

/** The metrics the scenario's runs record in their time series (null without output.timeseries). */
export function scenarioTimeseriesMetrics(loaded: LoadedScenario): string[] | null {
  const timeseries = loaded.scenario.output.timeseries;
  return timeseries ? recordedTimeseriesMetrics(timeseries.metrics, timeseriesFeatures(loaded.scenario)) : null;
}

/** Throws an InputError for a figure that names what the results will not have; returns the section's warnings. */
export function checkScenarioReport(loaded: LoadedScenario, parameters: readonly ParameterInfo[]): InputWarning[] {
  const report = loaded.scenario.report;
  if (!report) return [];
  const findings = checkReport(report, {
    parameters: reportParameters(parameters),
    timeseriesMetrics: scenarioTimeseriesMetrics(loaded),
    where: (path) => loaded.source.where(path),
  });
  findings.throwIfAny();
  return findings.warnings;
}
