/**
 * Builds a market from a resolved scenario and a stream bank: agents with
 * their own streams and behaviours, routing, evaluator selection,
 * consensus, defences, and the cost scales the reward rule uses. Samplers
 * are built once per (model, task) and shared by every node serving that
 * model.
 */
import type { EvaluatorNode, InferenceNode } from '../../agents/node.js';
import { type BehaviourContext, stackEvaluatorBehaviours, stackInferenceBehaviours } from '../../agents/stack-behaviours.js';
import { EvaluatorSamplers, HonestEvaluatorNode } from '../../agents/honest-evaluator-node.js';
import { InferenceSamplers, HonestInferenceNode } from '../../agents/honest-inference-node.js';
import { type CompositeScoreModel, compositeLine, compositeScoreModel, PROFILE_WEIGHTING } from '../profile/quality-composite.js';
import { qualityPoolFor, type ScoreCoefficients, scoreCoefficients } from '../profile/score-model.js';
import { type BatchLatency, BatchCurve } from '../profile/batch-latency.js';
import type { Profile } from '../profile/schema.js';
import type { Environment } from '../engine/environment.js';
import { consensusRule } from '../mechanism/consensus.js';
import { costScale } from '../mechanism/cost-normalization.js';
import { type EvaluatorSelection, ReputationEvaluatorSelection, UniformEvaluatorSelection } from '../mechanism/evaluator-selection.js';
import { ReputationRouter, type Router, UniformRouter, WeightedRouter } from '../mechanism/routing.js';
import { type Defences, Market, type MarketSetup } from '../market/market.js';
import type { BatchServerSpec } from '../market/batch-queues.js';
import type { RoleSetup } from '../market/role.js';
import { StreamBlocks } from '../market/stream-blocks.js';
import { createSampler, type Distribution } from '../random/distribution.js';
import { CategoricalSampler, ConstantSampler, ExponentialSampler } from '../random/samplers.js';
import type { StreamBank } from '../random/streams.js';
import type { EvaluatorBehaviourSpec, InferenceBehaviourSpec } from '../scenario/behaviour-schema.js';
import type { ResolvedNode, ResolvedScenario } from '../scenario/resolved.js';
import { runCells } from './cells.js';
import { roleHardware } from './hardware-setup.js';
import { MarketMoney } from '../market/money-ledger.js';
import { PoolLedger } from '../market/pool-ledger.js';
import { EpochClock, type EpochListener } from '../market/epoch-clock.js';
import { epochSecondsOf } from '../scenario/epochs.js';
import { entryExitOf } from './entry-exit-setup.js';
import { expectationOverTasks } from './task-expectation.js';
import { RewardControllerLedger } from '../market/reward-controller-ledger.js';
import { spotChecksOf, spotChecksReplacePoq } from './spot-check-setup.js';
import { GoldRounds } from '../market/gold-rounds.js';
import type { ConsensusSpec } from '../scenario/schema.js';
import { cascadeOf } from './cascade-setup.js';

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
  const { inference, evaluators } = buildRoleSetups(resolved, bank);
  const cellCount = runCells(resolved).cells.length;
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
    // Spot checks instead of PoQ: no evaluator is drawn, scores or is paid.
    evaluatorsPerRound: spotChecksReplacePoq(resolved) ? 0 : mechanism.evaluatorsPerRound,
    consensus: consensusRule(mechanism.consensus, resolved.evaluatorNodes.length),
    gold: goldRoundsOf(mechanism.consensus, bank),
    rewards: mechanism.rewards,
    defences: buildDefences(resolved, bank),
    cellCount,
    sampleIntervalMs: (scenario.output.timeseries?.intervalSeconds ?? 0) * 1000,
    ...economicsOf(resolved, bank),
    ...spotChecksOf(resolved, bank),
    ...cascadeOf(resolved, bank),
  };
}

/**
 * The money accounting, and what acts at epochs' ends with the clock that
 * ends them, for the scenario that declares them. The clock's listeners are
 * listed here, in the order they act: the pool pays the epoch, the
 * controller measures it (its payouts included), then who stays and who
 * joins is decided on what it paid.
 */
function economicsOf(
  resolved: ResolvedScenario,
  bank: StreamBank,
): Pick<MarketSetup, 'money' | 'pool' | 'controller' | 'epochs' | 'entryExit'> {
  const { scenario } = resolved;
  const rewards = scenario.mechanism.rewards;
  const inferenceNodes = resolved.inferenceNodes.length;
  const evaluatorNodes = resolved.evaluatorNodes.length;
  const money = scenario.economics ? new MarketMoney(scenario.economics.tokenPriceUsd, bank, inferenceNodes, evaluatorNodes) : null;
  const pool = rewards.pool === undefined ? null : new PoolLedger(rewards.pool, inferenceNodes, evaluatorNodes, money);
  const controller = rewards.controller === undefined ? null : new RewardControllerLedger(rewards.controller, rewards.alpha, rewards.beta);
  const entryExit = entryExitOf(resolved, bank);
  const listeners: EpochListener[] = [pool, controller, entryExit].filter((l) => l !== null);
  return {
    ...(money === null ? {} : { money }),
    ...(pool === null ? {} : { pool }),
    ...(controller === null ? {} : { controller }),
    ...(entryExit === null ? {} : { entryExit }),
    // Resolving checked that every epoch length declared is the same one.
    ...(listeners.length === 0 ? {} : { epochs: new EpochClock(epochSecondsOf(scenario)! * 1000, listeners) }),
  };
}

/** The inference and evaluator nodes of a scenario, each agent drawing from its own streams. */
export function buildRoleSetups(
  resolved: ResolvedScenario,
  bank: StreamBank,
): { inference: RoleSetup<InferenceNode, InferenceSamplers>; evaluators: RoleSetup<EvaluatorNode, EvaluatorSamplers> } {
  const profile = resolved.profile.profile;
  const operators = operatorIndex(resolved);
  const operatorOfInference = Int32Array.from(resolved.inferenceNodes, (node) => operators.get(node.operator)!);
  const cells = runCells(resolved);
  const context = (node: ResolvedNode): BehaviourContext => ({
    bank,
    nodeId: node.id,
    operatorOfInference,
    operator: operators.get(node.operator)!,
  });
  return {
    inference: { ...buildRole(resolved, bank, context, inferenceRecipe(resolved, profile, bank)), cell: cells.inference },
    evaluators: {
      ...buildRole(resolved, bank, context, evaluatorRecipe(resolved, profile, bank)),
      ...honestCalibration(resolved),
      cell: cells.evaluators,
    },
  };
}

/** Operators numbered in order of first appearance, inference nodes first, so rings span both roles. */
function operatorIndex(resolved: ResolvedScenario): Map<string, number> {
  const index = new Map<string, number>();
  for (const node of [...resolved.inferenceNodes, ...resolved.evaluatorNodes]) {
    if (!index.has(node.operator)) index.set(node.operator, index.size);
  }
  return index;
}

/** Cost bookkeeping shared by both roles. Expected costs are of the claimed model: what the mechanism believes. */
function nodeCosts(
  resolved: ResolvedScenario,
  nodes: readonly ResolvedNode[],
  bank: StreamBank,
  latency: (node: ResolvedNode, task: string) => Distribution,
) {
  const costUsdPerMs = Float64Array.from(nodes, (node) => node.costUsdPerMs);
  const hardware = roleHardware(resolved, nodes);
  // In the cost measure (USD unless the scenario chooses another), as the payment path prices a job.
  const expectedCostUsd = Float64Array.from(
    nodes,
    (node, i) =>
      expectationOverTasks(resolved, (task) => latency(node, task)) *
      (node.claimedSpeedFactor ?? node.speedFactor) *
      (hardware?.ratePerMs[i] ?? node.costUsdPerMs),
  );
  const audits = auditsOn(resolved);
  return {
    accounting: hardware?.accounting ?? null,
    concurrency: nodes.map((node) => node.concurrency),
    server: Int32Array.from(nodes, (node) => node.server),
    costUsdPerMs,
    expectedCostUsd,
    costScale: costScale(resolved.scenario.mechanism.rewards.cost, expectedCostUsd),
    auditStream: Int32Array.from(nodes, (node) => (audits ? bank.stream(node.id, 'audit') : -1)),
  };
}

/**
 * The samplers a role's nodes share, one bundle per model name, and what
 * each node's honest core draws from them with: the market draws for
 * honest nodes from these directly (see RoleNodes in role.ts).
 */
function honestCores<S>(count: number, build: (model: string) => S) {
  const samplers: S[] = [];
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
    samplersOf(model: string): S {
      let index = indexByName.get(model);
      if (index === undefined) {
        index = samplers.push(build(model)) - 1;
        indexByName.set(model, index);
      }
      return samplers[index]!;
    },
    record(node: number, model: string, latencyStream: number, drawStream: number, speedFactor: number): void {
      columns.samplerIndex[node] = indexByName.get(model)!;
      columns.speedFactor[node] = speedFactor;
      columns.latencyStream[node] = latencyStream;
      columns.drawStream[node] = drawStream;
    },
  };
}

const auditsOn = (resolved: ResolvedScenario) => (resolved.scenario.mechanism.audits?.probability ?? 0) > 0;

/** How one role's nodes are built: what differs between inference and evaluator nodes. */
interface RoleRecipe<A, S> {
  readonly nodes: readonly ResolvedNode[];
  /** The model whose samplers a node's honest core draws from (an inference node may serve another than it claims). */
  readonly samplerModel: (node: ResolvedNode) => string;
  readonly samplers: (model: string) => S;
  /** The purpose of a node's second stream, after its latency stream: what its honest core draws. */
  readonly drawPurpose: 'quality' | 'score';
  readonly honestNode: (samplers: S, latencyStream: number, drawStream: number, speedFactor: number) => A;
  readonly compose: (honest: A, behaviours: ResolvedNode['behaviours'], context: BehaviourContext) => A;
  /** The latency of the model a node claims, for its expected cost: what the mechanism believes. */
  readonly claimedLatency: (node: ResolvedNode, task: string) => Distribution;
  /** The model's latency against batch size, if the profile gives it. */
  readonly batchLatency: (model: string) => BatchLatency | undefined;
}

function inferenceRecipe(resolved: ResolvedScenario, profile: Profile, bank: StreamBank): RoleRecipe<InferenceNode, InferenceSamplers> {
  const taskProfile = (model: string, task: string) => profile.inferenceModels[model]!.tasks[task]!;
  return {
    nodes: resolved.inferenceNodes,
    samplerModel: (node) => node.servedModel,
    samplers: (model) =>
      new InferenceSamplers(
        resolved.tasks.map((task) => createSampler(taskProfile(model, task).latencyMs, bank)),
        resolved.tasks.map((task) => createSampler(taskProfile(model, task).quality, bank)),
      ),
    drawPurpose: 'quality',
    honestNode: (samplers, latencyStream, drawStream, speedFactor) =>
      new HonestInferenceNode(samplers, latencyStream, drawStream, speedFactor),
    compose: (honest, behaviours, context) => stackInferenceBehaviours(honest, behaviours as readonly InferenceBehaviourSpec[], context),
    claimedLatency: (node, task) => taskProfile(node.model, task).latencyMs,
    batchLatency: (model) => profile.inferenceModels[model]!.batchLatency,
  };
}

function evaluatorRecipe(resolved: ResolvedScenario, profile: Profile, bank: StreamBank): RoleRecipe<EvaluatorNode, EvaluatorSamplers> {
  const latency = (model: string, task: string) => profile.evaluatorModels[model]!.latencyMs[task]!;
  return {
    nodes: resolved.evaluatorNodes,
    samplerModel: (node) => node.model,
    samplers: (model) =>
      new EvaluatorSamplers(
        resolved.tasks.map((task) => createSampler(latency(model, task), bank)),
        coefficientsOf(profile, model),
        bank,
        compositeOf(resolved, model),
      ),
    drawPurpose: 'score',
    honestNode: (samplers, latencyStream, drawStream, speedFactor) =>
      new HonestEvaluatorNode(samplers, latencyStream, drawStream, speedFactor),
    compose: (honest, behaviours, context) => stackEvaluatorBehaviours(honest, behaviours as readonly EvaluatorBehaviourSpec[], context),
    claimedLatency: (node, task) => latency(node.model, task),
    batchLatency: (model) => profile.evaluatorModels[model]!.batchLatency,
  };
}

/** Builds one role's nodes: shared samplers, each node's honest core in its stream block, its behaviours around it. */
function buildRole<A, S>(
  resolved: ResolvedScenario,
  bank: StreamBank,
  context: (node: ResolvedNode) => BehaviourContext,
  recipe: RoleRecipe<A, S>,
): Omit<RoleSetup<A, S>, 'cell'> {
  const nodes = recipe.nodes;
  const cores = honestCores(nodes.length, recipe.samplers);
  // Samplers are built before any block opens, so nothing they might register lands in a node's block.
  for (const node of nodes) cores.samplersOf(recipe.samplerModel(node));
  const honest = new Uint8Array(nodes.length);
  const streamBlocks = new StreamBlocks(bank, nodes.length, auditsOn(resolved));
  const agents = streamBlocks.fill(nodes, (i) => {
    const node = nodes[i]!;
    const model = recipe.samplerModel(node);
    const latencyStream = bank.stream(node.id, 'latency');
    const drawStream = bank.stream(node.id, recipe.drawPurpose);
    const core = recipe.honestNode(cores.samplersOf(model), latencyStream, drawStream, node.speedFactor);
    cores.record(i, model, latencyStream, drawStream, node.speedFactor);
    const agent = recipe.compose(core, node.behaviours, context(node));
    honest[i] = agent === core ? 1 : 0;
    return agent;
  });
  return {
    agents,
    honest,
    samplers: cores.samplers,
    ...cores.columns,
    streamBlocks,
    ...nodeCosts(resolved, nodes, bank, recipe.claimedLatency),
    ...batchingOf(nodes, recipe),
  };
}

/**
 * How each node's server batches, with its served model's curve tabulated
 * up to the largest batch it forms; nothing when no node batches, so a
 * market without batching is built as it always was.
 */
function batchingOf<A, S>(nodes: readonly ResolvedNode[], recipe: RoleRecipe<A, S>): { batching?: (BatchServerSpec | null)[] } {
  if (nodes.every((node) => node.batching === null)) return {};
  const curves = new Map<string, BatchCurve>();
  const curveOf = (model: string, maxSize: number) => {
    const key = `${model}\u0000${maxSize}`;
    let curve = curves.get(key);
    if (!curve) curves.set(key, (curve = new BatchCurve(recipe.batchLatency(model)!.points, maxSize)));
    return curve;
  };
  return {
    batching: nodes.map((node) =>
      node.batching === null
        ? null
        : {
            policy: node.batching.policy,
            maxSize: node.batching.maxSize,
            maxWaitMs: node.batching.maxWaitMs,
            curve: curveOf(recipe.samplerModel(node), node.batching.maxSize),
          },
    ),
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

/** The composite of an evaluator model with quality dimensions, weighted as the scenario says; null without dimensions. */
function compositeOf(resolved: ResolvedScenario, model: string): CompositeScoreModel | null {
  const dimensions = resolved.profile.profile.evaluatorModels[model]!.dimensions;
  if (dimensions === undefined) return null;
  const weighting = resolved.scenario.mechanism.qualityDimensions ?? PROFILE_WEIGHTING;
  return compositeScoreModel(resolved.profile.profile, dimensions, resolved.tasks, weighting);
}

/**
 * Each evaluator's honest calibration line (score ≈ intercept + slope ·
 * quality), for the honest reference. A composite's line differs by task:
 * its mean over the scenario's task mix stands for it.
 */
function honestCalibration(resolved: ResolvedScenario): { honestIntercept: Float64Array; honestSlope: Float64Array } {
  const profile = resolved.profile.profile;
  const composites = new Map<string, ScoreCoefficients>();
  const lineOf = (model: string): ScoreCoefficients => {
    const composite = compositeOf(resolved, model);
    if (composite === null) return coefficientsOf(profile, model);
    let line = composites.get(model);
    if (!line) composites.set(model, (line = mixedCompositeLine(resolved, composite)));
    return line;
  };
  const coefficients = resolved.evaluatorNodes.map((node) => lineOf(node.model));
  return {
    honestIntercept: Float64Array.from(coefficients, (c) => c.intercept),
    honestSlope: Float64Array.from(coefficients, (c) => c.slope),
  };
}

function mixedCompositeLine(resolved: ResolvedScenario, composite: CompositeScoreModel): ScoreCoefficients {
  const total = resolved.taskWeights.reduce((sum, w) => sum + w, 0);
  let intercept = 0;
  let slope = 0;
  resolved.tasks.forEach((_, t) => {
    const line = compositeLine(composite, t);
    intercept += (resolved.taskWeights[t]! / total) * line.intercept;
    slope += (resolved.taskWeights[t]! / total) * line.slope;
  });
  return { intercept, slope, noiseSd: Number.NaN };
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

/** Gold rounds, with their own stream, only when multiplicative trust declares `gold` (else nothing is drawn). */
function goldRoundsOf(consensus: ConsensusSpec, bank: StreamBank): GoldRounds | null {
  if (consensus.rule !== 'multiplicative-trust' || consensus.gold === undefined) return null;
  return new GoldRounds(bank, bank.stream('mechanism', 'gold-rounds'), consensus.gold);
}
