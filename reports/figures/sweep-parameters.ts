/**
 * Finding a sweep's parameters by what they mean. A parameter is identified
 * by its dotted scenario path (parameters.json `path`), never by its column
 * name, which the user chooses. Each figure asks for the parameters it
 * plots through SWEEP_PARAMETER_MATCHERS: to teach the reports a new path
 * (a renamed mechanism field, a new adversary), change a matcher here.
 */
import type { ExperimentFolder, SweepParameter } from '../folder/results-folder.js';
import type { CsvValue } from '../folder/read-files.js';

export type ParameterRole = 'beta' | 'alpha' | 'evaluatorsPerRound' | 'consensusRule' | 'maliciousFraction' | 'auditProbability';

export const SWEEP_PARAMETER_MATCHERS: Record<ParameterRole, (parameter: SweepParameter) => boolean> = {
  beta: (p) => p.path === 'mechanism.rewards.beta',
  alpha: (p) => p.path === 'mechanism.rewards.alpha',
  evaluatorsPerRound: (p) => p.path === 'mechanism.evaluatorsPerRound',
  consensusRule: (p) => p.path === 'mechanism.consensus.rule',
  /** The share of adversarial nodes: any `network.….fraction`, or a parameter named malicious_fraction. */
  maliciousFraction: (p) =>
    p.name === 'malicious_fraction' || (p.path.startsWith('network.') && p.path.endsWith('.fraction') && !p.name.startsWith('honest')),
  /** An audit's probability or rate anywhere under the mechanism (mechanism.audit.probability, mechanism.audits.rate, …). */
  auditProbability: (p) => p.name === 'audit_probability' || (/(^|\.)audits?\./.test(p.path) && /\.(probability|rate)$/.test(p.path)),
};

export const PARAMETER_TITLES: Record<ParameterRole, string> = {
  beta: 'β (cost weight)',
  alpha: 'α (quality weight)',
  evaluatorsPerRound: 'K (evaluators per round)',
  consensusRule: 'Consensus rule',
  maliciousFraction: 'Malicious fraction of nodes',
  auditProbability: 'Audit probability',
};

/** Column names that identify a role outright, tried before the path rules (e.g. honest_fraction is also a network fraction). */
const CANONICAL_NAMES: Readonly<Record<ParameterRole, string>> = {
  beta: 'beta',
  alpha: 'alpha',
  evaluatorsPerRound: 'k',
  consensusRule: 'consensus',
  maliciousFraction: 'malicious_fraction',
  auditProbability: 'audit_probability',
};

export function findSweepParameter(folder: ExperimentFolder, role: ParameterRole): SweepParameter | undefined {
  return folder.parameters.find((p) => p.name === CANONICAL_NAMES[role]) ?? folder.parameters.find(SWEEP_PARAMETER_MATCHERS[role]);
}

/** A short label for any parameter: its role's title, or its column name. */
export function parameterTitle(parameter: SweepParameter): string {
  const role = (Object.keys(SWEEP_PARAMETER_MATCHERS) as ParameterRole[]).find((r) => SWEEP_PARAMETER_MATCHERS[r](parameter));
  return role ? PARAMETER_TITLES[role] : parameter.name;
}

/** The distinct values a parameter takes in the summary, sorted (numbers numerically). */
export function parameterValues(folder: ExperimentFolder, parameter: SweepParameter): CsvValue[] {
  const values = [...new Set(folder.summary.map((row) => row.parameters[parameter.name] ?? null))];
  return values.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
}

export function varyingParameters(folder: ExperimentFolder): SweepParameter[] {
  return folder.parameters.filter((parameter) => parameterValues(folder, parameter).length > 1);
}

/** The value at `path` in the base scenario the manifest records, if any. */
export function baseValue(folder: ExperimentFolder, parameter: SweepParameter): unknown {
  let value: unknown = folder.manifest?.resolvedScenario;
  for (const key of parameter.path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[/^\d+$/.test(key) && Array.isArray(value) ? Number(key) : key];
  }
  return value;
}
