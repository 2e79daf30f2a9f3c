/**
 * Who re-executes a spot-checked job, resolved per inference node: the
 * verifier's model (the claimed one unless `mechanism.spotChecks.verifier`
 * names another) on its tier (the node's own unless it names another),
 * which set what a check costs. Named models and tiers are checked here,
 * where the profile and the tiers are known, and reported where written.
 */
import type { Profile } from '../profile/schema.js';
import { didYouMean } from '../input/suggest.js';
import type { HardwareTiers, ProblemSink } from './hardware-tiers.js';
import type { ResolvedNode, SpotCheckVerifier } from './resolved.js';
import type { Scenario } from './schema.js';

const VERIFIER = ['mechanism', 'spotChecks', 'verifier'] as const;

/** One verifier per inference node, in node order, or nothing when the scenario declares no spot checks. */
export function spotCheckVerifiers(
  scenario: Scenario,
  inferenceNodes: readonly ResolvedNode[],
  profile: Profile,
  tiers: HardwareTiers,
  problems: ProblemSink,
): { spotCheckVerifiers?: readonly SpotCheckVerifier[] } {
  const spotChecks = scenario.mechanism.spotChecks;
  if (spotChecks === undefined) return {};
  const { model, hardware } = spotChecks.verifier;
  if (model !== undefined && !(model in profile.inferenceModels)) {
    const models = Object.keys(profile.inferenceModels);
    problems.add([...VERIFIER, 'model'], `the profile has no inference model "${model}"${didYouMean(model, models)}`);
    return {};
  }
  const fixedTier = hardware === undefined ? undefined : tiers.lookup(hardware, [...VERIFIER, 'hardware']);
  if (hardware !== undefined && fixedTier === undefined) return {};
  const verifiers = inferenceNodes.map((node) => {
    const verifierModel = model ?? node.model;
    const tier = fixedTier ?? tiers.lookup(node.hardware, [])!;
    return {
      model: verifierModel,
      speedFactor: tier.speedFactor('inference', verifierModel),
      costUsdPerMs: tier.costUsdPerHour / 3_600_000,
    };
  });
  return { spotCheckVerifiers: verifiers };
}
