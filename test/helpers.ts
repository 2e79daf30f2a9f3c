/** Shared test helpers: scenarios from inline YAML, run in process. */
import { join } from 'node:path';
import { runScenario } from '../sim/run/run-scenario.js';
import type { RunResult } from '../sim/run/result.js';
import { loadScenarioFile, loadScenarioText } from '../sim/scenario/load.js';
import { resolveScenario } from '../sim/scenario/resolve.js';
import type { ResolvedScenario } from '../sim/scenario/resolved.js';

export const ROOT = join(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const CLI = join(ROOT, 'dist', 'sim', 'cli', 'main.js');

/** Resolves inline YAML as if it were a file in test/fixtures/scenarios (profiles resolve relative to it). */
export function resolveText(yaml: string, seed?: number): ResolvedScenario {
  return resolveScenario(loadScenarioText(yaml, join(FIXTURES, 'scenarios', 'inline.yaml')), { seed });
}

export function runText(yaml: string, seed?: number): RunResult {
  return runScenario(resolveText(yaml, seed));
}

export function runFile(file: string, seed?: number): RunResult {
  return runScenario(resolveScenario(loadScenarioFile(file), { seed }));
}

export function group(result: RunResult, model: string) {
  const found = result.groups.find((g) => g.model === model);
  if (!found) throw new Error(`no group ${model}`);
  return found;
}
