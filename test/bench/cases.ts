/**
 * Benchmark cases: scenarios built in code on the shipped paper profile.
 * Each returns scenario YAML; the harness resolves and runs it.
 */

const PAPER_MODELS = ['llama-3.2-3b', 'gemma-2-2b', 'tinyllama-1.1b', 'qwen2-1.5b', 'phi-3-mini'];
const PAPER_EVALUATORS = ['sts-distilroberta', 'ce-minilm', 'ce-deberta'];

function populations(models: readonly string[], total: number, extra = ''): string {
  const per = Math.floor(total / models.length);
  return models
    .map((model, i) => `    - { model: ${model}, count: ${i === models.length - 1 ? total - per * (models.length - 1) : per}${extra} }`)
    .join('\n');
}

/** The paper baseline (5 inference and 3 evaluator nodes, K = 3, mean consensus) at a given number of rounds. */
export function paperBaseline(rounds: number): string {
  return `
name: bench-paper-baseline
seed: 20251218
profile: paper-rtx4090
demand: { mode: rounds }
stop: { requests: ${rounds} }
network:
  inference:
${populations(PAPER_MODELS, 5)}
  evaluators:
${populations(PAPER_EVALUATORS, 3)}
mechanism:
  evaluatorsPerRound: 3
  rewards: { cost: { signal: model-mean } }
`;
}

/** A large network with Poisson demand and queueing. */
export function poissonNetwork(inferenceNodes: number, evaluatorNodes: number, requests: number, ratePerSecond: number): string {
  return `
name: bench-poisson-network
seed: 7
profile: paper-rtx4090
demand: { mode: poisson, ratePerSecond: ${ratePerSecond} }
stop: { requests: ${requests} }
network:
  inference:
${populations(PAPER_MODELS, inferenceNodes)}
  evaluators:
${populations(PAPER_EVALUATORS, evaluatorNodes)}
mechanism:
  evaluatorsPerRound: 3
`;
}

/**
 * The same network with batching at every node: evaluators wait up to
 * 10 ms for batches of up to 16, inference nodes take up to 4 queued
 * requests whenever they free.
 */
export function batchingNetwork(inferenceNodes: number, evaluatorNodes: number, requests: number, ratePerSecond: number): string {
  return poissonNetwork(inferenceNodes, evaluatorNodes, requests, ratePerSecond)
    .replace('name: bench-poisson-network', 'name: bench-batching-network')
    .replace(
      populations(PAPER_MODELS, inferenceNodes),
      populations(PAPER_MODELS, inferenceNodes, ', batching: { policy: queued, maxSize: 4 }'),
    )
    .replace(
      populations(PAPER_EVALUATORS, evaluatorNodes),
      populations(PAPER_EVALUATORS, evaluatorNodes, ', batching: { policy: size-or-wait, maxSize: 16, maxWaitMs: 10 }'),
    );
}

/** Every defence: trust weighting, commit–reveal, audits, reputation-weighted routing and selection, ejection unless turned off. */
const DEFENCES = (ejection: boolean) => `  consensus: { rule: trust-weighted }
  commitReveal: { enabled: true }
  audits: { probability: 0.1, slash: 1 }
  reputation: { ejectBelow: ${ejection ? 0.3 : 0} }${ejection ? '' : '\n  stake: { ejectWhenExhausted: false }'}
  evaluatorSelection: { policy: reputation }
  routing: { policy: reputation }`;

/**
 * The same network with a fifth of its nodes adversarial (misreporting,
 * adaptive and colluding inference nodes; boosting, sabotaging, intermittent, lazy,
 * copying and colluding evaluators) and every defence on. The honest twin is
 * off: it is a second run by design, not overhead per event.
 * `ejection: false` keeps every defence but ejection (for low reputation
 * or exhausted stake); see the scaling cases below for why.
 */
export function adversarialNetwork(
  inferenceNodes: number,
  evaluatorNodes: number,
  requests: number,
  ratePerSecond: number,
  { ejection = true, defences = true }: { ejection?: boolean; defences?: boolean } = {},
): string {
  const f = inferenceNodes / 10;
  const m = evaluatorNodes / 20;
  return `
name: bench-adversarial-network
seed: 7
profile: paper-rtx4090
demand: { mode: poisson, ratePerSecond: ${ratePerSecond} }
stop: { requests: ${requests} }
analysis: { honestTwin: never }
network:
  inference:
${populations(PAPER_MODELS, inferenceNodes - 2 * f)}
    - { name: misreporters, model: gemma-2-2b, count: ${f / 2}, behaviour: { kind: misreport-cost, factor: 0.5 } }
    - { name: learners, model: llama-3.2-3b, count: ${f / 2}, behaviour: { kind: adaptive, tune: misreport-factor, grid: [0.5, 0.75, 1] } }
    - { name: ring-f, model: tinyllama-1.1b, count: ${f}, operator: ring }
  evaluators:
${populations(PAPER_EVALUATORS, evaluatorNodes - 4 * m)}
    - { name: boosters, model: sts-distilroberta, count: ${m / 2}, behaviour: { kind: boost, amount: 0.2 } }
    - { name: saboteurs, model: sts-distilroberta, count: ${m / 2}, behaviour: { kind: sabotage, amount: 0.2 } }
    - { name: intermittent, model: sts-distilroberta, count: ${m / 2}, behaviour: { kind: intermittent, probability: 0.3, attack: { kind: noise, sd: 0.2 } } }
    - { name: lazy, model: ce-minilm, count: ${m / 2}, behaviour: { kind: lazy, score: uniform } }
    - { name: copiers, model: ce-minilm, count: ${m}, behaviour: { kind: copy } }
    - { name: ring-m, model: sts-distilroberta, count: ${m}, operator: ring, behaviour: { kind: collude, boost: 0.3, sabotage: 0.1 } }
mechanism:
  evaluatorsPerRound: 3
${defences ? DEFENCES(ejection) : '  audits: { probability: 0.1, slash: 1 }\n  stake: { ejectWhenExhausted: false }'}
`;
}

export interface BenchCase {
  readonly name: string;
  readonly description: string;
  readonly yaml: () => string;
}

/** The shipped scenario on the locally calibrated profile (fitted and empirical distributions). */
export function locallyCalibrated(rounds: number): string {
  return `
name: bench-local-calibrated
seed: 11
profile: local-cpu
demand: { mode: rounds }
stop: { requests: ${rounds} }
network:
  inference: [{ model: lead3-window8, count: 1 }, { model: lead1-window3, count: 1 }]
  evaluators: [{ model: glove-sif, count: 1 }, { model: glove-sif-prompt, count: 1 }]
mechanism: { evaluatorsPerRound: 2 }
`;
}

export const CASES: readonly BenchCase[] = [
  { name: 'baseline-100k', description: 'paper baseline, 100,000 rounds', yaml: () => paperBaseline(100_000) },
  { name: 'baseline-1m', description: 'paper baseline, 1,000,000 rounds', yaml: () => paperBaseline(1_000_000) },
  {
    name: 'network-10k',
    description: '8,000 inference + 2,000 evaluator nodes, 1,000,000 Poisson requests (2,000/s), FIFO queues',
    yaml: () => poissonNetwork(8_000, 2_000, 1_000_000, 2_000),
  },
  {
    name: 'network-10k-batch',
    description: 'the same with batching at every node (evaluators up to 16 within 10 ms, inference up to 4 queued)',
    yaml: () => batchingNetwork(8_000, 2_000, 1_000_000, 2_000),
  },
  {
    name: 'network-10k-adv',
    description: 'the same with 20% adversarial nodes of nine kinds and every defence on',
    yaml: () => adversarialNetwork(8_000, 2_000, 1_000_000, 2_000),
  },
  {
    name: 'calibrated-1m',
    description: 'locally calibrated profile (issue 5), 1,000,000 rounds',
    yaml: () => locallyCalibrated(1_000_000),
  },
];

/**
 * Scaling runs (`npm run bench:scale`, not part of `npm run bench`): the
 * adversarial network from 1,000 to 100,000 agents (80% inference, 20% evaluator nodes, a fifth
 * adversarial), each with 10,000,000 requests. Demand grows with the
 * network (a quarter of a request per inference node per second, as in
 * network-10k), so every size runs at the same utilization and the number
 * of requests in flight grows with the number of agents.
 *
 * Two mechanisms at every size. Undefended: the paper's mechanism (mean
 * consensus, uniform routing and selection) with audits and slashing.
 * Defended: every defence (trust weighting, commit–reveal, audits,
 * reputation-weighted routing and selection) except ejection.
 *
 * Ejection is off in both. It is permanent, and every node, honest ones
 * included, is eventually ejected on a long enough run: its reputation, a
 * moving average of noisy outcomes, dips below the threshold, or audits'
 * false positives (measurement noise) slash its stake away. 10,000,000
 * requests are 12,500 per inference node of the 1,000-agent network, enough to eject
 * all but one inference node, whose queue then grows without bound (millions of
 * requests waiting, and memory with them). That is a finding about the
 * mechanism's settings, not a cost of the simulator, and it would make the
 * sizes incomparable.
 */
function scalingCase(agents: number, requests: number, defended: boolean): BenchCase {
  const inference = (agents * 4) / 5;
  const evaluators = agents / 5;
  const size = `${agents >= 1_000_000 ? `${agents / 1_000_000}m` : agents >= 1000 ? `${agents / 1000}k` : agents}${requests === 10_000_000 ? '' : `-${requests / 1_000_000}m`}`;
  return {
    name: `scale-${size}${defended ? '-defended' : ''}`,
    description: `${agents.toLocaleString('en-US')} agents (${inference.toLocaleString('en-US')} inference + ${evaluators.toLocaleString('en-US')} evaluator, 20% adversarial, ${defended ? 'every defence on but ejection' : 'mean consensus with audits'}), ${requests.toLocaleString('en-US')} requests`,
    yaml: () => adversarialNetwork(inference, evaluators, requests, inference / 4, { ejection: false, defences: defended }),
  };
}

export const SCALING_AGENTS = [1_000, 3_000, 10_000, 30_000, 100_000] as const;

export const SCALING_CASES: readonly BenchCase[] = [
  ...SCALING_AGENTS.map((agents) => scalingCase(agents, 10_000_000, false)),
  ...SCALING_AGENTS.map((agents) => scalingCase(agents, 10_000_000, true)),
  // The largest network at a tenth of the requests: peak memory should not depend on the number of requests.
  scalingCase(100_000, 1_000_000, false),
  scalingCase(100_000, 1_000_000, true),
];

/**
 * The largest run, measured once by name (`npm run bench:scale scale-1m-100m`), never by default: a million
 * agents and a hundred million requests take minutes and gigabytes. `poq-sim check` estimates its memory first.
 */
export const LARGEST_CASE: BenchCase = scalingCase(1_000_000, 100_000_000, false);
