/** A small network on the market fixture profile, with hooks to add adversaries and defences. */
import type { PopulationSummary, RunResult } from '../sim/results/run-result.js';
import { runText } from './helpers.js';

export interface NetworkOptions {
  readonly seed?: number;
  readonly rounds?: number;
  readonly k?: number;
  /** Extra inference populations (YAML list items, indented as list entries). */
  readonly inference?: string[];
  /** Extra evaluator populations. */
  readonly evaluators?: string[];
  readonly honestInference?: number;
  readonly honestEvaluators?: number;
  /** YAML lines appended under `mechanism:`. */
  readonly mechanism?: string[];
  readonly demand?: string;
}

export function network(options: NetworkOptions = {}): string {
  const indent = (lines: string[]) => lines.map((line) => `    ${line}`).join('\n');
  return `
name: adversaries
seed: ${options.seed ?? 17}
profile: ../profiles/market.yaml
demand: ${options.demand ?? '{ mode: rounds }'}
stop: { requests: ${options.rounds ?? 4000} }
network:
  inference:
${indent([`- { name: honest-big, model: big, count: ${options.honestInference ?? 4} }`, `- { name: honest-small, model: small, count: ${options.honestInference ?? 4} }`, ...(options.inference ?? [])])}
  evaluators:
${indent([`- { name: honest-evaluators, model: good, count: ${options.honestEvaluators ?? 10} }`, ...(options.evaluators ?? [])])}
mechanism:
  evaluatorsPerRound: ${options.k ?? 5}
${(options.mechanism ?? []).map((line) => `  ${line}`).join('\n')}
`;
}

export const run = (options: NetworkOptions = {}): RunResult => runText(network(options));

export function population(result: RunResult, name: string): PopulationSummary {
  const found = result.populations.find((p) => p.population === name);
  if (!found) throw new Error(`no population ${name}; have ${result.populations.map((p) => p.population).join(', ')}`);
  return found;
}
