/** Shared test helpers: scenarios from inline YAML, run in process. */
import { join } from 'node:path';
import { Environment } from '../sim/engine/environment.js';
import { Market, type MarketSetup, type Settlement } from '../sim/market/market.js';
import { StreamBank } from '../sim/random/streams.js';
import { marketSetup } from '../sim/run/build-market.js';
import { runScenario } from '../sim/run/run-scenario.js';
import type { RunResult } from '../sim/results/run-result.js';
import { loadScenarioFile, loadScenarioText } from '../sim/scenario/load.js';
import { resolveScenario } from '../sim/scenario/resolve.js';
import type { ResolvedScenario } from '../sim/scenario/resolved.js';

export const ROOT = join(import.meta.dirname, '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

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

/** Every settlement of a market built from inline YAML (its set-up passed through `adjust` first), run to the end. */
export function settlementsOf(yaml: string, adjust: (setup: MarketSetup) => MarketSetup = (setup) => setup): Settlement[] {
  const resolved = resolveText(yaml);
  const env = new Environment();
  const market = new Market(env, adjust(marketSetup(resolved, new StreamBank(resolved.scenario.seed))));
  const seen: Settlement[] = [];
  market.settlements$.subscribe((s) => seen.push(s));
  market.start();
  env.run();
  return seen;
}
