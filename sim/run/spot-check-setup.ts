/**
 * The spot checks a scenario declares (`mechanism.spotChecks`), built for
 * its market: each inference node's spot-check stream, its verifier's
 * samplers, speed and price, and what it really serves; and, instead of
 * PoQ, the claimed models' priors the rounds are paid on. Nothing is built,
 * and no stream registered, for a scenario without spot checks.
 */
import { InferenceSamplers } from '../../agents/honest-inference-node.js';
import { QualityPrior } from '../market/quality-prior.js';
import { SpotChecks } from '../market/spot-checks.js';
import { createSampler, moments } from '../random/distribution.js';
import type { StreamBank } from '../random/streams.js';
import type { ResolvedNode, ResolvedScenario } from '../scenario/resolved.js';

/** Whether no evaluator works: spot checks replace PoQ's scoring. */
export const spotChecksReplacePoq = (resolved: ResolvedScenario): boolean =>
  resolved.scenario.mechanism.spotChecks?.mode === 'instead-of-poq';

const answersLazily = (node: ResolvedNode): boolean => node.behaviours.some((b) => b.kind === 'lazy');

export function spotChecksOf(resolved: ResolvedScenario, bank: StreamBank): { spotChecks?: SpotChecks; qualityPrior?: QualityPrior } {
  const spec = resolved.scenario.mechanism.spotChecks;
  const verifiers = resolved.spotCheckVerifiers;
  if (spec === undefined || verifiers === undefined) return {};
  const nodes = resolved.inferenceNodes;
  const profile = resolved.profile.profile;
  const models = [...new Set(verifiers.map((v) => v.model))];
  const verifierSamplers = models.map(
    (model) =>
      new InferenceSamplers(
        resolved.tasks.map((task) => createSampler(profile.inferenceModels[model]!.tasks[task]!.latencyMs, bank)),
        resolved.tasks.map((task) => createSampler(profile.inferenceModels[model]!.tasks[task]!.quality, bank)),
      ),
  );
  const spotChecks = new SpotChecks(
    {
      parameters: spec,
      stream: Int32Array.from(nodes, (node) => bank.stream(node.id, 'spot-check')),
      differsFromVerifier: Uint8Array.from(nodes, (node, i) => (node.servedModel !== verifiers[i]!.model || answersLazily(node) ? 1 : 0)),
      deviates: Uint8Array.from(nodes, (node) => (node.servedModel !== node.model || answersLazily(node) ? 1 : 0)),
      verifierSamplers,
      verifierSampler: Int32Array.from(verifiers, (v) => models.indexOf(v.model)),
      verifierSpeedFactor: Float64Array.from(verifiers, (v) => v.speedFactor),
      verifierCostUsdPerMs: Float64Array.from(verifiers, (v) => v.costUsdPerMs),
    },
    bank,
  );
  if (spec.mode !== 'instead-of-poq') return { spotChecks };
  const tasks = resolved.tasks;
  const prior = new Float64Array(nodes.length * tasks.length);
  nodes.forEach((node, i) =>
    tasks.forEach((task, t) => (prior[i * tasks.length + t] = moments(profile.inferenceModels[node.model]!.tasks[task]!.quality).mean)),
  );
  return { spotChecks, qualityPrior: new QualityPrior(prior, tasks.length) };
}
