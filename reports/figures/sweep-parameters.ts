/**
 * Finding a sweep's parameters by what they mean. A parameter is identified
 * by its dotted scenario path (parameters.json `path`), never by its column
 * name, which the user chooses. Each figure asks for the parameters it
 * plots through SWEEP_PARAMETER_MATCHERS: to teach the reports a new path
 * (a renamed mechanism field, a new adversary), change a matcher here.
 */
import type { ExperimentFolder, SweepParameter } from '../folder/results-folder.js';
import type { CsvValue } from '../folder/read-files.js';
import { readableValue } from './declared/values.js';
import { type NetworkSection, sweepPopulationAt } from './sweep-populations.js';

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

/** Titles of paths no role names: what the axis of such a sweep says. */
const PATH_TITLES: Readonly<Record<string, string>> = {
  'demand.ratePerSecond': 'Requests per second',
  'mechanism.consensus': 'Consensus rule',
  'mechanism.audits.slash': 'Stake slashed per flag',
};

const SECTION_NODES: Record<NetworkSection, string> = { inference: 'inference nodes', evaluators: 'evaluators' };

/**
 * A population's fraction or behaviour says whose it is, from its path:
 * network.evaluators.1.fraction is the share of evaluators in that
 * population, not of all nodes.
 */
function populationTitle(parameter: SweepParameter, folder: ExperimentFolder | undefined): string | undefined {
  const match = /^network\.(inference|evaluators)\.(\d+)\.(fraction|behaviour)(?:\.(.+))?$/.exec(parameter.path);
  if (!match) return undefined;
  const section = match[1] as NetworkSection;
  const index = Number(match[2]);
  const population = (folder && sweepPopulationAt(folder, section, index)?.name) ?? `${section} population ${index}`;
  if (match[3] === 'fraction') return match[4] === undefined ? `Share of ${SECTION_NODES[section]} in ${population}` : undefined;
  return match[4] === undefined ? `Behaviour of ${population}` : `${match[4]} (behaviour of ${population})`;
}

/** A short label for any parameter: whose share or behaviour it is (from its path), its role's title, or its column name. */
export function parameterTitle(parameter: SweepParameter, folder?: ExperimentFolder): string {
  const fromPath = populationTitle(parameter, folder) ?? PATH_TITLES[parameter.path];
  if (fromPath) return fromPath;
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

/**
 * A parameter's value as a reader reads it, in the declared figures' words
 * (declared/values.ts): a mapping by its kind and settings, never JSON, so
 * titles and ids agree with the figures' headers and notes.
 */
export function parameterValueLabel(value: unknown): string {
  return readableValue(value);
}
