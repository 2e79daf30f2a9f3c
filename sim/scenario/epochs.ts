/**
 * The one epoch length of a scenario (issue 18): the pool, the reward
 * controller and entry and exit all act at the same epochs' ends. Each may
 * give its own `epochSeconds`; resolve.ts refuses two that differ.
 */
import type { Scenario } from './schema.js';

/** Where an epoch length may be declared, with its value (absent ones left out). */
export function declaredEpochs(scenario: Scenario): Array<{ path: PropertyKey[]; seconds: number }> {
  const declared: Array<{ path: PropertyKey[]; seconds: number | undefined }> = [
    { path: ['mechanism', 'rewards', 'pool', 'epochSeconds'], seconds: scenario.mechanism.rewards.pool?.epochSeconds },
    { path: ['economics', 'epochSeconds'], seconds: scenario.economics?.epochSeconds },
    { path: ['mechanism', 'rewards', 'controller', 'epochSeconds'], seconds: scenario.mechanism.rewards.controller?.epochSeconds },
  ];
  return declared.filter((d): d is { path: PropertyKey[]; seconds: number } => d.seconds !== undefined);
}

/** The scenario's epoch length in virtual seconds, or undefined when it declares none. */
export function epochSecondsOf(scenario: Scenario): number | undefined {
  return declaredEpochs(scenario)[0]?.seconds;
}
