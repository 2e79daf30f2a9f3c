/**
 * What a node carries of the energy and cost accounting (issue 17), and the
 * checks that need the whole network: the energy measure needs every node
 * to declare its power. A scenario that uses none of it gets nodes with no
 * extra field, so nothing downstream changes.
 */
import type { ProblemSink, ResolvedTier } from './hardware-tiers.js';
import type { ResolvedNode, ResolvedScenario } from './resolved.js';
import type { Scenario } from './schema.js';

/** The node fields its tier and region add: none for a profile tier without power outside any region. */
export function energyFields(tier: ResolvedTier, region: string | undefined): Pick<ResolvedNode, 'powerWatts' | 'region'> {
  return {
    ...(tier.powerWatts ? { powerWatts: tier.powerWatts } : {}),
    ...(region !== undefined ? { region } : {}),
  };
}

/** The energy measure prices a job in joules: every node needs a busy power above 0. */
export function checkCostMeasure(scenario: Scenario, nodes: readonly ResolvedNode[], problems: ProblemSink): void {
  if (scenario.mechanism.rewards.cost.measure !== 'energy') return;
  const unpowered = nodes.find((node) => !(node.powerWatts && node.powerWatts.busy > 0));
  if (!unpowered) return;
  problems.add(
    ['mechanism', 'rewards', 'cost', 'measure'],
    `the energy measure needs every node's hardware tier to declare powerWatts with busy > 0; tier "${unpowered.hardware}" of population "${unpowered.population}" has none`,
  );
}

/** Whether a run keeps the energy and cost accounting: when the scenario uses any of its fields or a catalogue tier. */
export function hardwareAccountingOn(resolved: ResolvedScenario): boolean {
  const scenario = resolved.scenario;
  if (scenario.hardware !== undefined || scenario.regions !== undefined || scenario.mechanism.rewards.cost.measure !== undefined)
    return true;
  return [...resolved.inferenceNodes, ...resolved.evaluatorNodes].some((node) => node.powerWatts !== undefined);
}
