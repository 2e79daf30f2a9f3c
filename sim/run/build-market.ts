/**
 * Builds a market from a resolved scenario and a random-stream factory:
 * agents with their own streams, routing, evaluator sampling, consensus,
 * and the cost scales the reward rule uses.
 */
import type { EvaluatorBehaviour, InferenceBehaviour } from '../../agents/behaviour.js';
import { HonestEvaluatorNode } from '../../agents/honest-evaluator-node.js';
import { HonestInferenceNode } from '../../agents/honest-inference-node.js';
import { qualityPoolFor, scoreCoefficients } from '../../calibration/profile/score-model.js';
import type { Profile } from '../../calibration/profile/schema.js';
import type { Environment } from '../engine/environment.js';
import { consensusRule } from '../mechanism/consensus.js';
import { costScale } from '../mechanism/cost-normalization.js';
import { EvaluatorSampler } from '../mechanism/evaluator-selection.js';
import { ReputationRouter, type Router, UniformRouter, WeightedRouter } from '../mechanism/routing.js';
import { Market, type NodeClass } from '../market/market.js';
import { createSampler, type Distribution, moments } from '../random/distribution.js';
import { CategoricalSampler, ConstantSampler, ExponentialSampler, NormalSampler } from '../random/samplers.js';
import type { RandomStreams } from '../random/streams.js';
import type { ResolvedNode, ResolvedScenario } from '../scenario/resolved.js';

export function buildMarket(resolved: ResolvedScenario, streams: RandomStreams, env: Environment): Market {
  const { scenario } = resolved;
  const profile = resolved.profile.profile;
  const mechanism = scenario.mechanism;
  const stop = scenario.stop;

  const inference = inferenceClass(resolved, profile, streams);
  const evaluators = evaluatorClass(resolved, profile, streams);
  const demand = scenario.demand;
  const interarrivalMs =
    demand.mode === 'poisson'
      ? new ExponentialSampler(streams.stream('demand', 'arrivals'), 1000 / demand.ratePerSecond!)
      : new ConstantSampler(0);

  const market = new Market(env, {
    mode: demand.mode,
    requestLimit: stop.requests ?? Number.POSITIVE_INFINITY,
    interarrivalMs,
    task: new CategoricalSampler(streams.stream('demand', 'task'), resolved.taskWeights),
    inference,
    evaluators,
    router: buildRouter(resolved, profile, streams, inference.expectedCostUsd),
    evaluatorSampler: new EvaluatorSampler(resolved.evaluatorNodes.length, streams.stream('mechanism', 'evaluator-selection')),
    evaluatorsPerRound: mechanism.evaluatorsPerRound,
    consensus: consensusRule(mechanism.consensus),
    rewards: mechanism.rewards,
    sampleIntervalMs: (scenario.output.timeseriesIntervalSeconds ?? 0) * 1000,
  });
  return market;
}

/** Expected value of a per-task distribution under the scenario's task mix. */
function expectationOverTasks(resolved: ResolvedScenario, byTask: (task: string) => Distribution): number {
  const total = resolved.taskWeights.reduce((sum, w) => sum + w, 0);
  return resolved.tasks.reduce((sum, task, i) => sum + (resolved.taskWeights[i]! / total) * moments(byTask(task)).mean, 0);
}

function nodeCosts(resolved: ResolvedScenario, nodes: readonly ResolvedNode[], latency: (node: ResolvedNode, task: string) => Distribution) {
  const costUsdPerMs = Float64Array.from(nodes, (node) => node.costUsdPerMs);
  const expectedCostUsd = Float64Array.from(
    nodes,
    (node) => expectationOverTasks(resolved, (task) => latency(node, task)) * node.speedFactor * node.costUsdPerMs,
  );
  return { costUsdPerMs, expectedCostUsd, costScale: costScale(resolved.scenario.mechanism.rewards.cost, expectedCostUsd) };
}

function inferenceClass(resolved: ResolvedScenario, profile: Profile, streams: RandomStreams): NodeClass<InferenceBehaviour> {
  const nodes = resolved.inferenceNodes;
  const taskProfile = (node: ResolvedNode, task: string) => profile.inferenceModels[node.model]!.tasks[task]!;
  const agents = nodes.map((node) => {
    const latencyStream = streams.stream(node.id, 'latency');
    const qualityStream = streams.stream(node.id, 'quality');
    return new HonestInferenceNode(
      resolved.tasks.map((task) => createSampler(taskProfile(node, task).latencyMs, latencyStream)),
      resolved.tasks.map((task) => createSampler(taskProfile(node, task).quality, qualityStream)),
      node.speedFactor,
    );
  });
  return {
    agents,
    concurrency: nodes.map((node) => node.concurrency),
    ...nodeCosts(resolved, nodes, (node, task) => taskProfile(node, task).latencyMs),
  };
}

function evaluatorClass(resolved: ResolvedScenario, profile: Profile, streams: RandomStreams): NodeClass<EvaluatorBehaviour> {
  const nodes = resolved.evaluatorNodes;
  const agents = nodes.map((node) => {
    const model = profile.evaluatorModels[node.model]!;
    const latencyStream = streams.stream(node.id, 'latency');
    return new HonestEvaluatorNode(
      resolved.tasks.map((task) => createSampler(model.latencyMs[task]!, latencyStream)),
      scoreCoefficients(model.scoreModel, qualityPoolFor(model.scoreModel, profile)),
      new NormalSampler(streams.stream(node.id, 'score')),
      node.speedFactor,
    );
  });
  return {
    agents,
    concurrency: nodes.map((node) => node.concurrency),
    ...nodeCosts(resolved, nodes, (node, task) => profile.evaluatorModels[node.model]!.latencyMs[task]!),
  };
}

function buildRouter(resolved: ResolvedScenario, profile: Profile, streams: RandomStreams, expectedCostUsd: Float64Array): Router {
  const routing = resolved.scenario.mechanism.routing;
  const rng = streams.stream('mechanism', 'routing');
  const nodes = resolved.inferenceNodes;
  switch (routing.policy) {
    case 'uniform':
      return new UniformRouter(nodes.length, rng);
    case 'quality-per-cost':
      return new WeightedRouter(
        nodes.map((node, i) => {
          const quality = expectationOverTasks(resolved, (task) => profile.inferenceModels[node.model]!.tasks[task]!.quality);
          return quality / Math.max(expectedCostUsd[i]!, Number.MIN_VALUE);
        }),
        rng,
      );
    case 'reputation':
      return new ReputationRouter(nodes.length, rng, routing.smoothing, routing.initial, routing.exponent);
  }
}
