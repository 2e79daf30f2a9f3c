/**
 * The model both engines run in `npm run bench:compare`: a poq-sim scenario
 * (Poisson requests, inference nodes with FIFO queues and lognormal service, K
 * evaluators per request, mean consensus, cost-aware rewards, all nodes
 * honest), and the same model as plain JSON for the SimPy reference.
 *
 * The JSON carries the scenario's own parameters (distribution specs as the
 * profile declares them, prices, counts, K, α, β), not poq-sim's derived
 * numbers: the reference derives lognormal and beta parameters, score
 * coefficients and cost scales itself, so agreement checks those too.
 */
import type { Distribution } from '../../../sim/random/distribution.js';
import { moments } from '../../../sim/random/distribution.js';
import type { ResolvedNode, ResolvedScenario } from '../../../sim/scenario/resolved.js';

const MODELS = ['llama-3.2-3b', 'gemma-2-2b', 'tinyllama-1.1b', 'qwen2-1.5b', 'phi-3-mini'];
const EVALUATORS = ['sts-distilroberta', 'ce-minilm', 'ce-deberta'];

export interface CompareSize {
  /** Requests per replication. */
  readonly requests: number;
  /** Nodes per inference model (five models). */
  readonly nodesPerModel: number;
  /** Nodes per evaluator model (three models). */
  readonly evaluatorsPerModel: number;
  /** Utilization of the slowest inference model's nodes under uniform routing; sets the arrival rate. */
  readonly peakUtilization: number;
}

export const DEFAULT_SIZE: CompareSize = { requests: 20_000, nodesPerModel: 4, evaluatorsPerModel: 2, peakUtilization: 0.7 };

/** Mean service time in ms of the slowest inference model over an even task mix (read from the profile). */
function slowestMeanServiceMs(profile: ResolvedScenario['profile']['profile']): number {
  return Math.max(
    ...MODELS.map((model) => {
      const tasks = Object.values(profile.inferenceModels[model]!.tasks);
      return tasks.reduce((sum, task) => sum + moments(task.latencyMs).mean, 0) / tasks.length;
    }),
  );
}

/** The comparison scenario as YAML; `rate` in requests per second. */
export function compareScenarioYaml(size: CompareSize, ratePerSecond: number, seed: number): string {
  const populations = (models: readonly string[], count: number) =>
    models.map((model) => `    - { model: ${model}, count: ${count} }`).join('\n');
  return `
name: bench-simpy-compare
seed: ${seed}
profile: paper-rtx4090
demand: { mode: poisson, ratePerSecond: ${ratePerSecond} }
stop: { requests: ${size.requests} }
network:
  inference:
${populations(MODELS, size.nodesPerModel)}
  evaluators:
${populations(EVALUATORS, size.evaluatorsPerModel)}
mechanism:
  routing: { policy: uniform }
  evaluatorsPerRound: 3
  consensus: { rule: mean }
`;
}

/** Arrival rate at which the slowest model's nodes are busy `peakUtilization` of the time. */
export function compareRate(size: CompareSize, profile: ResolvedScenario['profile']['profile']): number {
  const inferenceNodes = MODELS.length * size.nodesPerModel;
  return (size.peakUtilization * inferenceNodes * 1000) / slowestMeanServiceMs(profile);
}

interface PopulationSpec {
  readonly model: string;
  readonly count: number;
  readonly concurrency: number;
  readonly costUsdPerMs: number;
  readonly speedFactor: number;
  readonly latencyMs: Record<string, Distribution>;
}

export interface ReferenceSpec {
  readonly requests: number;
  readonly replications: number;
  readonly seed: number;
  readonly ratePerSecond: number;
  readonly k: number;
  readonly alpha: number;
  readonly beta: number;
  readonly tasks: readonly { readonly name: string; readonly weight: number }[];
  readonly inference: readonly (PopulationSpec & { readonly quality: Record<string, Distribution> })[];
  readonly evaluators: readonly (PopulationSpec & {
    readonly score: { correlation: number; scoreMean: number; scoreSd: number; referencePool: [number, number] | null };
  })[];
  /** True-quality distributions of every inference model and task of the profile: the pool score models are standardized over. */
  readonly qualityPool: readonly Distribution[];
}

/** Groups a role's nodes by model, checking that every node of a model is alike (the reference assumes it). */
function byModel(nodes: readonly ResolvedNode[]): ResolvedNode[][] {
  const groups = new Map<string, ResolvedNode[]>();
  for (const node of nodes) groups.set(node.model, [...(groups.get(node.model) ?? []), node]);
  for (const group of groups.values()) {
    const first = group[0]!;
    if (
      group.some((n) => n.concurrency !== first.concurrency || n.costUsdPerMs !== first.costUsdPerMs || n.speedFactor !== first.speedFactor)
    ) {
      throw new Error(`the reference model needs the nodes of ${first.model} to be alike`);
    }
  }
  return [...groups.values()];
}

/** The scenario's model as JSON for simpy_reference.py. Throws if the scenario uses a feature the reference does not model. */
export function referenceSpec(resolved: ResolvedScenario, replications: number): ReferenceSpec {
  const { scenario } = resolved;
  const mechanism = scenario.mechanism;
  const rewards = mechanism.rewards;
  const unsupported = [
    scenario.demand.mode !== 'poisson' && 'demand.mode',
    mechanism.routing.policy !== 'uniform' && 'mechanism.routing',
    mechanism.evaluatorSelection.policy !== 'uniform' && 'mechanism.evaluatorSelection',
    mechanism.consensus.rule !== 'mean' && 'mechanism.consensus',
    rewards.quality.method !== 'identity' && 'rewards.quality',
    (rewards.cost.method !== 'minmax' || rewards.cost.signal !== 'request' || rewards.cost.basis !== 'service' || !rewards.cost.clip) &&
      'rewards.cost',
    (rewards.agreement.form !== 'absolute' || !rewards.agreement.includeOwnScore) && 'rewards.agreement',
    rewards.clip !== 'none' && 'rewards.clip',
    mechanism.commitReveal?.enabled && 'mechanism.commitReveal',
    (mechanism.audits?.probability ?? 0) > 0 && 'mechanism.audits',
    mechanism.reputation.ejectBelow > 0 && 'mechanism.reputation',
    [...resolved.inferenceNodes, ...resolved.evaluatorNodes].some((n) => n.behaviours.length > 0) && 'behaviours',
    [resolved.inferenceNodes, resolved.evaluatorNodes].some((nodes) => nodes.some((n, i) => n.server !== i)) && 'sybil',
    scenario.stop.requests === undefined && 'stop.requests',
  ].filter((field): field is string => typeof field === 'string');
  if (unsupported.length > 0) throw new Error(`the SimPy reference does not model ${unsupported.join(', ')}`);

  const profile = resolved.profile.profile;
  const population = (nodes: readonly ResolvedNode[]) => ({
    model: nodes[0]!.model,
    count: nodes.length,
    concurrency: nodes[0]!.concurrency,
    costUsdPerMs: nodes[0]!.costUsdPerMs,
    speedFactor: nodes[0]!.speedFactor,
  });
  const perTask = <T>(value: (task: string) => T): Record<string, T> =>
    Object.fromEntries(resolved.tasks.map((task) => [task, value(task)]));
  return {
    requests: scenario.stop.requests!,
    replications,
    seed: typeof scenario.seed === 'number' ? scenario.seed : 1,
    ratePerSecond: scenario.demand.ratePerSecond!,
    k: mechanism.evaluatorsPerRound,
    alpha: rewards.alpha,
    beta: rewards.beta,
    tasks: resolved.tasks.map((name, i) => ({ name, weight: resolved.taskWeights[i]! })),
    inference: byModel(resolved.inferenceNodes).map((nodes) => {
      const tasks = profile.inferenceModels[nodes[0]!.model]!.tasks;
      return { ...population(nodes), latencyMs: perTask((t) => tasks[t]!.latencyMs), quality: perTask((t) => tasks[t]!.quality) };
    }),
    evaluators: byModel(resolved.evaluatorNodes).map((nodes) => {
      const model = profile.evaluatorModels[nodes[0]!.model]!;
      const score = model.scoreModel;
      const pool = score.referencePool;
      return {
        ...population(nodes),
        latencyMs: perTask((t) => model.latencyMs[t]!),
        score: {
          correlation: score.correlation.value,
          scoreMean: score.scoreMean.value,
          scoreSd: score.scoreSd.value,
          referencePool: pool === 'profile' ? null : [pool.qualityMean, pool.qualitySd],
        },
      };
    }),
    qualityPool: Object.values(profile.inferenceModels).flatMap((model) => Object.values(model.tasks).map((task) => task.quality)),
  };
}
