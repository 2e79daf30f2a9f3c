/**
 * The honest twin of a scenario: the same network, mechanism and seed with
 * every behaviour removed. Streams are keyed by node and purpose, and
 * behaviours draw only from their own streams, so each node's honest draws
 * (latency, quality, scores) are the same in both runs: differences between
 * the two are the effect of deviating (common random numbers).
 */
import type { ResolvedNode, ResolvedScenario } from '../scenario/resolved.js';

const honest = (node: ResolvedNode): ResolvedNode => ({
  ...node,
  behaviours: [],
  servedModel: node.model,
  speedFactor: node.claimedSpeedFactor ?? node.speedFactor,
});

export function needsHonestTwin(resolved: ResolvedScenario): boolean {
  const setting = resolved.scenario.analysis.honestTwin;
  if (setting !== 'auto') return setting === 'always';
  return [...resolved.inferenceNodes, ...resolved.evaluatorNodes].some((node) => node.behaviours.length > 0);
}

export function honestTwin(resolved: ResolvedScenario): ResolvedScenario {
  return {
    ...resolved,
    inferenceNodes: resolved.inferenceNodes.map(honest),
    evaluatorNodes: resolved.evaluatorNodes.map(honest),
  };
}
