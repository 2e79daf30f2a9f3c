/**
 * A judge cascade (`mechanism.cascade`) resolved against the network: the
 * evaluator nodes of each stage, and the checks it needs across the
 * scenario. Each stage names an evaluator population or model with at
 * least k nodes; the stages share no node; K (evaluatorsPerRound) is the
 * most a round uses, k₁ + k₂. What the cascade's fixed stages cannot
 * follow is refused: nodes that join or leave, evaluators drawn by
 * reputation, batched evaluations, and spot checks instead of PoQ (no
 * evaluator works).
 */
import { didYouMean } from '../input/suggest.js';
import type { CascadeStageSpec } from './cascade-schema.js';
import type { ProblemSink } from './hardware-tiers.js';
import type { ResolvedNode } from './resolved.js';
import type { Scenario } from './schema.js';

const CASCADE = ['mechanism', 'cascade'] as const;

/** Each stage's evaluator nodes, in node order (indices among the evaluator nodes). */
export interface CascadeStages {
  readonly first: readonly number[];
  readonly escalate: readonly number[];
}

/** The cascade's stages, or nothing when the scenario declares none or a check failed. */
export function cascadeStages(
  scenario: Scenario,
  evaluatorNodes: readonly ResolvedNode[],
  problems: ProblemSink,
): { cascadeStages?: CascadeStages } {
  const cascade = scenario.mechanism.cascade;
  if (cascade === undefined) return {};
  let found = 0;
  const count = () => found++;
  checkCombinations(scenario, evaluatorNodes, problems, count);
  const first = stageMembers(cascade.first, 'first', evaluatorNodes, problems, count);
  const escalate = stageMembers(cascade.escalate, 'escalate', evaluatorNodes, problems, count);
  if (first.some((node) => escalate.includes(node))) {
    problems.add(
      [...CASCADE, 'escalate'],
      `shares evaluator ${evaluatorNodes[escalate.find((n) => first.includes(n))!]!.id} with the first stage: the stages must not overlap`,
    );
    count();
  }
  const k = cascade.first.k + cascade.escalate.k;
  if (scenario.mechanism.evaluatorsPerRound !== k) {
    problems.add(
      ['mechanism', 'evaluatorsPerRound'],
      `K = ${scenario.mechanism.evaluatorsPerRound}, but a cascade's round uses at most first.k + escalate.k = ${k} evaluators: give evaluatorsPerRound: ${k}`,
    );
    count();
  }
  checkRuleAndAgreement(scenario, problems, count);
  return found === 0 ? { cascadeStages: { first, escalate } } : {};
}

/** The nodes a stage names, and the problem when it names none or too few. */
function stageMembers(
  stage: CascadeStageSpec,
  name: 'first' | 'escalate',
  nodes: readonly ResolvedNode[],
  problems: ProblemSink,
  count: () => void,
): number[] {
  const byPopulation = 'population' in stage;
  const wanted = byPopulation ? stage.population : stage.model;
  const members = nodes.flatMap((node, i) => ((byPopulation ? node.population : node.model) === wanted ? [i] : []));
  const path = [...CASCADE, name, byPopulation ? 'population' : 'model'];
  if (members.length === 0) {
    const known = [...new Set(nodes.map((node) => (byPopulation ? node.population : node.model)))];
    problems.add(path, `no evaluator ${byPopulation ? 'population' : 'model'} "${wanted}" in the network${didYouMean(wanted, known)}`);
    count();
  } else if (members.length < stage.k) {
    problems.add([...CASCADE, name, 'k'], `k = ${stage.k} is larger than the stage's ${members.length} evaluator nodes ("${wanted}")`);
    count();
  }
  return members;
}

/** Features a cascade's fixed stages cannot follow. */
function checkCombinations(scenario: Scenario, nodes: readonly ResolvedNode[], problems: ProblemSink, count: () => void): void {
  const mechanism = scenario.mechanism;
  const refuse = (path: readonly PropertyKey[], what: string) => {
    problems.add(path, `${what} cannot be combined with mechanism.cascade, whose stages draw uniformly from fixed members`);
    count();
  };
  if (mechanism.evaluatorSelection.policy !== 'uniform')
    refuse(['mechanism', 'evaluatorSelection', 'policy'], 'evaluator selection by reputation');
  if (scenario.economics?.entry !== undefined) refuse(['economics', 'entry'], 'entry');
  if (scenario.economics?.exit !== undefined) refuse(['economics', 'exit'], 'exit');
  if (mechanism.spotChecks?.mode === 'instead-of-poq')
    refuse(['mechanism', 'spotChecks', 'mode'], 'spot checks instead of PoQ (no evaluator works)');
  if (nodes.some((node) => node.batching !== null)) refuse(['network', 'evaluators'], 'evaluator batching');
}

/** Disagreement needs two scores; leave-one-out agreement, two scores in every consensus. */
function checkRuleAndAgreement(scenario: Scenario, problems: ProblemSink, count: () => void): void {
  const cascade = scenario.mechanism.cascade!;
  if ('disagreementAtLeast' in cascade.when && cascade.first.k < 2) {
    problems.add(
      [...CASCADE, 'when', 'disagreementAtLeast'],
      'disagreement is the range of the first stage’s scores: it needs first.k ≥ 2',
    );
    count();
  }
  if (scenario.mechanism.rewards.agreement.includeOwnScore) return;
  const smallest = cascade.consensusOf === 'escalation' ? Math.min(cascade.first.k, cascade.escalate.k) : cascade.first.k;
  if (smallest < 2) {
    problems.add(
      ['mechanism', 'rewards', 'agreement', 'includeOwnScore'],
      `leave-one-out agreement needs every consensus to be of ≥ 2 scores: first.k${cascade.consensusOf === 'escalation' ? ' and escalate.k' : ''} ≥ 2`,
    );
    count();
  }
}
