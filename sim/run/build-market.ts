/**
 * Builds a market from a resolved scenario and a stream bank: agents with
 * their own streams and behaviours, routing, evaluator selection,
 * consensus, defences, and the cost scales the reward rule uses. Samplers
 * are built once per (model, task) and shared by every node serving that
 * model.
 */
import type { EvaluatorBehaviour, InferenceBehaviour } from '../../agents/behaviour.js';
import { type BehaviourContext, composeEvaluator, composeInference } from '../../agents/compose.js';
import { EvaluatorSamplers, HonestEvaluatorNode } from '../../agents/honest-evaluator-node.js';
import { InferenceSamplers, HonestInferenceNode } from '../../agents/honest-inference-node.js';
import { qualityPoolFor, type ScoreCoefficients, scoreCoefficients } from '../profile/score-model.js';
import type { Profile } from '../profile/schema.js';
import type { Environment } from '../engine/environment.js';
import { consensusRule } from '../mechanism/consensus.js';
import { costScale } from '../mechanism/cost-normalization.js';
import { type EvaluatorSelection, ReputationEvaluatorSelection, UniformEvaluatorSelection } from '../mechanism/evaluator-selection.js';
import { ReputationRouter, type Router, UniformRouter, WeightedRouter } from '../mechanism/routing.js';
import { type Defences, Market, type MarketSetup, type NodeClass } from '../market/market.js';
import type { StreamBlocks } from '../market/node-parameters.js';
import { createSampler, type Distribution, moments } from '../random/distribution.js';
import { CategoricalSampler, ConstantSampler, ExponentialSampler } from '../random/samplers.js';
import type { StreamBank } from '../random/streams.js';
import type { EvaluatorBehaviourSpec, InferenceBehaviourSpec } from '../scenario/behaviour-schema.js';
import type { ResolvedNode, ResolvedScenario } from '../scenario/resolved.js';

export function buildMarket(resolved: ResolvedScenario, bank: StreamBank, env: Environment): Market {
  return new Market(env, marketSetup(resolved, bank));
}

/**
 * What a market is built from: plain data and the components that draw from `bank`.
 *
 * The mechanism's rules and the market declare their parameter types
 * themselves (ConsensusParameters, RewardParameters, AuditParameters, …);
 * the scenario's parsed sections are handed to them as they are, so a
 * schema that drifts from what a rule takes fails the typecheck here.
 */
export function marketSetup(resolved: ResolvedScenario, bank: StreamBank): MarketSetup {
  const { scenario } = resolved;
  const mechanism = scenario.mechanism;
  const demand = scenario.demand;
  const { inference, evaluators } = buildNodeClasses(resolved, bank);
  return {
    mode: demand.mode,
    requestLimit: scenario.stop.requests ?? Number.POSITIVE_INFINITY,
    interarrivalMs: demand.mode === 'poisson' ? new ExponentialSampler(bank, 1000 / demand.ratePerSecond!) : new ConstantSampler(0),
    arrivalStream: bank.stream('demand', 'arrivals'),
    task: new CategoricalSampler(bank, resolved.taskWeights),
    taskStream: bank.stream('demand', 'task'),
    bank,
    inference,
    evaluators,
    router: buildRouter(resolved, bank, inference.expectedCostUsd),
    evaluatorSelection: buildEvaluatorSelection(resolved, bank),
    evaluatorsPerRound: mechanism.evaluatorsPerRound,
    consensus: consensusRule(mechanism.consensus, resolved.evaluatorNodes.length),
    rewards: mechanism.rewards,
    defences: buildDefences(resolved, bank),
    honestScore: honestCalibration(resolved),
    sampleIntervalMs: (scenario.output.timeseriesIntervalSeconds ?? 0) * 1000,
  };
}

/** The F and M nodes of a scenario, each agent drawing from its own streams. */
export function buildNodeClasses(
  resolved: ResolvedScenario,
  bank: StreamBank,
): { inference: NodeClass<InferenceBehaviour, InferenceSamplers>; evaluators: NodeClass<EvaluatorBehaviour, EvaluatorSamplers> } {
  const profile = resolved.profile.profile;
  const operators = operatorIndex(resolved);
  const operatorOfInference = Int32Array.from(resolved.inferenceNodes, (node) => operators.get(node.operator)!);
  const context = (node: ResolvedNode): BehaviourContext => ({
    bank,
    nodeId: node.id,
    operatorOfInference,
    operator: operators.get(node.operator)!,
  });
  return {
    inference: inferenceClass(resolved, profile, bank, context),
    evaluators: evaluatorClass(resolved, profile, bank, context),
  };
}

/** Operators numbered in order of first appearance, F nodes first, so rings span both roles. */
function operatorIndex(resolved: ResolvedScenario): Map<string, number> {
  const index = new Map<string, number>();
  for (const node of [...resolved.inferenceNodes, ...resolved.evaluatorNodes]) {
    if (!index.has(node.operator)) index.set(node.operator, index.size);
  }
  return index;
}

/** Expected value of a per-task distribution under the scenario's task mix. */
function expectationOverTasks(resolved: ResolvedScenario, byTask: (task: string) => Distribution): number {
  const total = resolved.taskWeights.reduce((sum, w) => sum + w, 0);
  return resolved.tasks.reduce((sum, task, i) => sum + (resolved.taskWeights[i]! / total) * moments(byTask(task)).mean, 0);
}

/** Cost bookkeeping shared by both roles. Expected costs are of the claimed model: what the mechanism believes. */
function nodeCosts(
  resolved: ResolvedScenario,
  nodes: readonly ResolvedNode[],
  bank: StreamBank,
  latency: (node: ResolvedNode, task: string) => Distribution,
) {
  const costUsdPerMs = Float64Array.from(nodes, (node) => node.costUsdPerMs);
  const expectedCostUsd = Float64Array.from(
    nodes,
    (node) => expectationOverTasks(resolved, (task) => latency(node, task)) * node.speedFactor * node.costUsdPerMs,
  );
  const audits = auditsOn(resolved);
  return {
    concurrency: nodes.map((node) => node.concurrency),
    server: Int32Array.from(nodes, (node) => node.server),
    costUsdPerMs,
    expectedCostUsd,
    costScale: costScale(resolved.scenario.mechanism.rewards.cost, expectedCostUsd),
    auditStream: Int32Array.from(nodes, (node) => (audits ? bank.stream(node.id, 'audit') : -1)),
  };
}

/**
 * One block of streams per node, sized for an honest node's (its audit
 * stream when audits are on, then its latency and quality or score
 * streams), so that the market finds a node's generator states from its
 * index and loads them ahead of use. Behaviours' extra streams go after the
 * blocks. Layout only: a stream's draws depend on its key, never on where
 * its state lies.
 */
function reserveStreamBlocks(resolved: ResolvedScenario, bank: StreamBank, count: number): StreamBlocks {
  const auditFirst = auditsOn(resolved);
  const size = (auditFirst ? 1 : 0) + 2;
  return { first: bank.reserveBlocks(count, size), size, auditFirst };
}

/** Builds each node's agent with its streams registered into its block, its audit stream first. */
function agentsInBlocks<B>(
  resolved: ResolvedScenario,
  bank: StreamBank,
  nodes: readonly ResolvedNode[],
  build: (node: ResolvedNode, i: number) => B,
): { agents: B[]; streamBlocks: StreamBlocks } {
  const blocks = reserveStreamBlocks(resolved, bank, nodes.length);
  const agents = nodes.map((node, i) => {
    bank.openBlock(blocks.first + i * blocks.size, blocks.size);
    try {
      if (blocks.auditFirst) bank.stream(node.id, 'audit');
      return build(node, i);
    } finally {
      bank.closeBlock();
    }
  });
  return { agents, streamBlocks: blocks };
}

/**
 * The samplers a role's nodes share, one bundle per model name, and what
 * each node's honest core draws from them with: the market draws for nodes
 * without behaviours from these directly.
 */
function honestCores<M>(count: number, build: (model: string) => M) {
  const samplers: M[] = [];
  const indexByName = new Map<string, number>();
  const columns = {
    samplerIndex: new Int32Array(count),
    speedFactor: new Float64Array(count),
    latencyStream: new Int32Array(count),
    drawStream: new Int32Array(count),
  };
  return {
    samplers,
    columns,
    samplersOf(name: string): M {
      let index = indexByName.get(name);
      if (index === undefined) {
        index = samplers.push(build(name)) - 1;
        indexByName.set(name, index);
      }
      return samplers[index]!;
    },
    record(node: number, name: string, core: { readonly latencyStream: number; readonly speedFactor: number }, drawStream: number): void {
      columns.samplerIndex[node] = indexByName.get(name)!;
      columns.speedFactor[node] = core.speedFactor;
      columns.latencyStream[node] = core.latencyStream;
      columns.drawStream[node] = drawStream;
    },
  };
}

const auditsOn = (resolved: ResolvedScenario) => (resolved.scenario.mechanism.audits?.probability ?? 0) > 0;


function inferenceClass(
  resolved: ResolvedScenario,
  profile: Profile,
  bank: StreamBank,
  context: (node: ResolvedNode) => BehaviourContext,
): NodeClass<InferenceBehaviour, InferenceSamplers> {
  const nodes = resolved.inferenceNodes;
  const taskProfile = (model: string, task: string) => profile.inferenceModels[model]!.tasks[task]!;
  const cores = honestCores(
    nodes.length,
    (model) =>
      new InferenceSamplers(
        resolved.tasks.map((task) => createSampler(taskProfile(model, task).latencyMs, bank)),
        resolved.tasks.map((task) => createSampler(taskProfile(model, task).quality, bank)),
      ),
  );
  // Samplers are built before any block opens, so nothing they might register lands in a node's block.
  for (const node of nodes) cores.samplersOf(node.servedModel);
  const { agents, streamBlocks } = agentsInBlocks(resolved, bank, nodes, (node, i) => {
    const honest = new HonestInferenceNode(cores.samplersOf(node.servedModel), bank.stream(node.id, 'latency'), bank.stream(node.id, 'quality'), node.speedFactor);
    cores.record(i, node.servedModel, honest, honest.qualityStream);
    return composeInference(honest, node.behaviours as readonly InferenceBehaviourSpec[], context(node));
  });
  return {
    agents,
    plain: Uint8Array.from(agents, (agent) => (agent instanceof HonestInferenceNode ? 1 : 0)),
    samplers: cores.samplers,
    ...cores.columns,
    streamBlocks,
    ...nodeCosts(resolved, nodes, bank, (node, task) => taskProfile(node.model, task).latencyMs),
  };
}

function evaluatorClass(
  resolved: ResolvedScenario,
  profile: Profile,
  bank: StreamBank,
  context: (node: ResolvedNode) => BehaviourContext,
): NodeClass<EvaluatorBehaviour, EvaluatorSamplers> {
  const nodes = resolved.evaluatorNodes;
  const cores = honestCores(
    nodes.length,
    (model) =>
      new EvaluatorSamplers(
        resolved.tasks.map((task) => createSampler(profile.evaluatorModels[model]!.latencyMs[task]!, bank)),
        coefficientsOf(profile, model),
        bank,
      ),
  );
  // As for F nodes, samplers are built before any block opens.
  for (const node of nodes) cores.samplersOf(node.model);
  const { agents, streamBlocks } = agentsInBlocks(resolved, bank, nodes, (node, i) => {
    const honest = new HonestEvaluatorNode(cores.samplersOf(node.model), bank.stream(node.id, 'latency'), bank.stream(node.id, 'score'), node.speedFactor);
    cores.record(i, node.model, honest, honest.scoreStream);
    return composeEvaluator(honest, node.behaviours as readonly EvaluatorBehaviourSpec[], context(node));
  });
  return {
    agents,
    plain: Uint8Array.from(agents, (agent) => (agent instanceof HonestEvaluatorNode ? 1 : 0)),
    samplers: cores.samplers,
    ...cores.columns,
    streamBlocks,
    ...nodeCosts(resolved, nodes, bank, (node, task) => profile.evaluatorModels[node.model]!.latencyMs[task]!),
  };
}

/** An evaluator model's score coefficients, computed once per (profile, model): the profile's quality pool is a sum over all its models. */
const coefficientsByProfile = new WeakMap<Profile, Map<string, ScoreCoefficients>>();
function coefficientsOf(profile: Profile, model: string): ScoreCoefficients {
  let byModel = coefficientsByProfile.get(profile);
  if (!byModel) coefficientsByProfile.set(profile, (byModel = new Map<string, ScoreCoefficients>()));
  let coefficients = byModel.get(model);
  if (!coefficients) {
    const scoreModel = profile.evaluatorModels[model]!.scoreModel;
    byModel.set(model, (coefficients = scoreCoefficients(scoreModel, qualityPoolFor(scoreModel, profile))));
  }
  return coefficients;
}

function honestCalibration(resolved: ResolvedScenario): { intercept: Float64Array; slope: Float64Array } {
  const profile = resolved.profile.profile;
  const coefficients = resolved.evaluatorNodes.map((node) => coefficientsOf(profile, node.model));
  return { intercept: Float64Array.from(coefficients, (c) => c.intercept), slope: Float64Array.from(coefficients, (c) => c.slope) };
}

function buildRouter(resolved: ResolvedScenario, bank: StreamBank, expectedCostUsd: Float64Array): Router {
  const mechanism = resolved.scenario.mechanism;
  const routing = mechanism.routing;
  const profile = resolved.profile.profile;
  const stream = bank.stream('mechanism', 'routing');
  const nodes = resolved.inferenceNodes;
  switch (routing.policy) {
    case 'uniform':
      return new UniformRouter(nodes.length, bank, stream);
    case 'quality-per-cost':
      return new WeightedRouter(
        nodes.map((node, i) => {
          const quality = expectationOverTasks(resolved, (task) => profile.inferenceModels[node.model]!.tasks[task]!.quality);
          return quality / Math.max(expectedCostUsd[i]!, Number.MIN_VALUE);
        }),
        bank,
        stream,
      );
    case 'reputation':
      return new ReputationRouter(nodes.length, bank, stream, mechanism.reputation.initial, routing.exponent);
  }
}

function buildEvaluatorSelection(resolved: ResolvedScenario, bank: StreamBank): EvaluatorSelection {
  const mechanism = resolved.scenario.mechanism;
  const selection = mechanism.evaluatorSelection;
  const stream = bank.stream('mechanism', 'evaluator-selection');
  const pool = resolved.evaluatorNodes.length;
  return selection.policy === 'uniform'
    ? new UniformEvaluatorSelection(pool, bank, stream)
    : new ReputationEvaluatorSelection(pool, bank, stream, mechanism.reputation.initial, selection.exponent);
}

function buildDefences(resolved: ResolvedScenario, bank: StreamBank): Defences {
  const mechanism = resolved.scenario.mechanism;
  const commitReveal = mechanism.commitReveal?.enabled ? mechanism.commitReveal : null;
  return {
    audits: mechanism.audits && mechanism.audits.probability > 0 ? mechanism.audits : null,
    commitReveal: commitReveal && {
      delayMs: createSampler(commitReveal.revealDelayMs, bank),
      stream: bank.stream('mechanism', 'reveal'),
    },
    stake: mechanism.stake,
    reputation: mechanism.reputation,
  };
}
