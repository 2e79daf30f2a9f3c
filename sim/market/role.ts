/**
 * One role of the market (the inference nodes that answer, or the evaluator nodes that
 * score): its nodes (their agents, and the samplers their honest cores
 * share), the constants kept per node, their queues, ledgers, reputations
 * and stakes, and the component that chooses them for work (the router, or
 * the evaluator selection). The market holds one of each and pays both
 * through the same path (see payments.ts).
 *
 * The nodes' side (InferenceNodes, EvaluatorNodes) hides the market's one
 * performance trick: the two draw paths (see RoleNodes).
 */
import type { EvaluatorNode, InferenceNode, RevealView } from '../../agents/node.js';
import type { EvaluatorSamplers } from '../../agents/honest-evaluator-node.js';
import type { InferenceSamplers } from '../../agents/honest-inference-node.js';
import type { CostScale } from '../mechanism/cost-normalization.js';
import { Reputation, type ReputationParameters } from '../mechanism/reputation.js';
import { Stake, type StakeParameters } from '../mechanism/stake.js';
import type { BatchServerSpec } from './batch-queues.js';
import type { HardwareAccounting } from './hardware-accounting.js';
import { NodeLedger } from './ledger.js';
import { type NodeParameterColumns, NodeParameters } from './node-parameters.js';
import { ServerTimelines } from './server-timelines.js';
import type { StreamBlocks } from './stream-blocks.js';

/** What chooses a role's nodes for work: the router (F) or the evaluator selection (M). */
export interface NodeChooser {
  setReputation(node: number, reputation: number): void;
  remove(node: number): void;
  /** Puts a removed node back, at its current reputation (a candidate joining). */
  restore(node: number, reputation: number): void;
}

/** What a role is built from: its nodes' agents and queues, and the constants the market keeps per node (see NodeParameters). */
export interface RoleSetup<A, S> extends NodeParameterColumns {
  readonly agents: readonly A[];
  /** The sampler bundles the nodes' honest cores share, indexed by the `samplerIndex` column. */
  readonly samplers: readonly S[];
  readonly concurrency: readonly number[];
  /** Per node, how its server batches (the spec of a Sybil identity's first node counts), or null to serve jobs alone; absent when none batches. */
  readonly batching?: readonly (BatchServerSpec | null)[];
  readonly costScale: CostScale;
  /** Where the nodes' generator states lie in the bank: loaded ahead of use. */
  readonly streamBlocks: StreamBlocks;
  /** Energy and cost accounting in the chosen cost measure; absent when the scenario uses none (costs are USD from costUsdPerMs). */
  readonly accounting?: HardwareAccounting | null;
}

/** The defences' constants a role's records start from. */
export interface RoleDefences {
  readonly stake: StakeParameters;
  readonly reputation: ReputationParameters;
}

/**
 * A role's nodes, as the market asks them to work and tells them their pay.
 *
 * Two draw paths, one result. A node that declares no behaviour (its
 * agent is its honest core: NodeParameters.isHonest) draws from its role's
 * shared samplers with the streams and speed factor kept in its parameter
 * record, and its agent object is never looked up; any other node is asked
 * through its agent. Why: with many nodes every
 * object a request touches is a cache miss, and the parameter record is
 * already loaded (see Preloader), so the honest path saves a miss per call.
 * Both paths draw the same numbers from the same streams in the same order,
 * so results do not depend on which is taken (test/market/honest-nodes.test.ts
 * sends every node through its agent and compares). Every draw a handler
 * makes goes through these methods, so handlers have one path.
 *
 * inference and evaluator nodes each write the methods out, alike: V8 keeps type feedback
 * per function, and a call site shared by both roles would see the agent
 * classes of both, too many to inline, so that every call would box its
 * numbers on the heap.
 */
export abstract class RoleNodes<A = unknown, S = unknown> {
  constructor(
    readonly agents: readonly A[],
    /** The sampler bundles the nodes' honest cores share, indexed by the `samplerIndex` column. */
    readonly samplers: readonly S[],
    protected readonly parameters: NodeParameters,
  ) {}

  /** Time the node takes to serve (inference node) or evaluate (evaluator node) one item of `task`, excluding any wait in its queue. */
  abstract serviceTimeMs(node: number, task: number): number;
  /** The cost the node reports for work whose true cost is `trueCostUsd` (an honest node reports it as it is). */
  abstract reportCost(node: number, trueCostUsd: number): number;
  /** Tells the node its profit for a settled round (an honest node ignores it). */
  abstract feedback(node: number, profit: number): void;
}

/** The inference nodes. */
export class InferenceNodes extends RoleNodes<InferenceNode, InferenceSamplers> {
  serviceTimeMs(node: number, task: number): number {
    const parameters = this.parameters;
    if (!parameters.isHonest(node)) return this.agents[node]!.serviceTimeMs(task);
    return this.samplers[parameters.samplerIndex(node)]!.serviceTimeMs(task, parameters.latencyStream(node), parameters.speedFactor(node));
  }

  /** True quality of the answer the node returns for a request of `task`. */
  answerQuality(node: number, task: number): number {
    const parameters = this.parameters;
    if (!parameters.isHonest(node)) return this.agents[node]!.answerQuality(task);
    return this.samplers[parameters.samplerIndex(node)]!.answerQuality(task, parameters.drawStream(node));
  }

  reportCost(node: number, trueCostUsd: number): number {
    return this.parameters.isHonest(node) ? trueCostUsd : this.agents[node]!.reportCost(trueCostUsd);
  }

  feedback(node: number, profit: number): void {
    if (!this.parameters.isHonest(node)) this.agents[node]!.feedback(profit);
  }
}

/** The evaluator nodes. */
export class EvaluatorNodes extends RoleNodes<EvaluatorNode, EvaluatorSamplers> {
  serviceTimeMs(node: number, task: number): number {
    const parameters = this.parameters;
    if (!parameters.isHonest(node)) return this.agents[node]!.serviceTimeMs(task);
    return this.samplers[parameters.samplerIndex(node)]!.serviceTimeMs(task, parameters.latencyStream(node), parameters.speedFactor(node));
  }

  /** The score the node submits for an answer of true quality `quality` by inference node `answerNode`; NaN defers it to the reveal. */
  score(node: number, quality: number, task: number, answerNode: number): number {
    const parameters = this.parameters;
    if (!parameters.isHonest(node)) return this.agents[node]!.score(quality, task, answerNode);
    return this.samplers[parameters.samplerIndex(node)]!.score(quality, task, parameters.drawStream(node));
  }

  /** The score of a deferred evaluation (only a node with behaviours defers). */
  revealScore(node: number, view: RevealView): number {
    return this.agents[node]!.revealScore(view);
  }

  reportCost(node: number, trueCostUsd: number): number {
    return this.parameters.isHonest(node) ? trueCostUsd : this.agents[node]!.reportCost(trueCostUsd);
  }

  feedback(node: number, profit: number): void {
    if (!this.parameters.isHonest(node)) this.agents[node]!.feedback(profit);
  }
}

/**
 * One role's records. A single class for both roles, so that the code
 * shared by both (payments, preloading, ejections) sees one shape; only
 * `nodes` differs.
 */
export class Role<N extends RoleNodes = RoleNodes> {
  readonly nodes: N;
  readonly parameters: NodeParameters;
  readonly servers: ServerTimelines;
  readonly ledger: NodeLedger;
  readonly reputation: Reputation;
  readonly stake: Stake;
  readonly costScale: CostScale;
  readonly streamBlocks: StreamBlocks;
  readonly accounting: HardwareAccounting | null;
  /** Nodes in the market: not ejected, not yet to join, not gone (issue 18's entry and exit). */
  active: number;
  /** Per node, non-zero while it is outside the market (a candidate, or a node that left); null without entry and exit. */
  absent: Uint8Array | null = null;

  /**
   * @param nodes      builds the role's nodes on its parameter records
   * @param chooser    told each node's reputation, and which nodes are ejected
   * @param minActive  ejections that would leave fewer active nodes are refused (1 inference node; K evaluators)
   */
  constructor(
    setup: RoleSetup<unknown, unknown>,
    nodes: (parameters: NodeParameters) => N,
    defences: RoleDefences,
    readonly chooser: NodeChooser,
    private readonly minActive: number,
    /** True for the inference nodes' role. */
    readonly isInference: boolean,
  ) {
    const n = setup.agents.length;
    this.parameters = new NodeParameters(setup);
    this.nodes = nodes(this.parameters);
    this.servers = new ServerTimelines(setup.concurrency);
    this.ledger = new NodeLedger(n);
    this.reputation = new Reputation(n, defences.reputation);
    this.stake = new Stake(n, defences.stake.initial);
    this.costScale = setup.costScale;
    this.streamBlocks = setup.streamBlocks;
    this.accounting = setup.accounting ?? null;
    this.active = n;
  }

  /**
   * Ejects the node when its stake is gone (if `onStake`) or its reputation
   * fell below the threshold, unless that would leave fewer than the
   * minimum active. Returns true when an ejection was due and refused.
   */
  ejectIfDue(node: number, nowMs: number, onStake: boolean): boolean {
    if (this.ledger.isEjected(node) || (this.absent !== null && this.absent[node] !== 0)) return false;
    if (!((onStake && this.stake.exhausted(node)) || this.reputation.belowThreshold(node))) return false;
    if (this.active <= this.minActive) return true;
    this.chooser.remove(node);
    this.active--;
    this.ledger.markEjected(node, nowMs);
    return false;
  }

  /** Whether one more node may go (eject or leave) without leaving fewer than the minimum active. */
  mayLose(): boolean {
    return this.active > this.minActive;
  }
}
