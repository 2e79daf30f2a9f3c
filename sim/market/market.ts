/**
 * The PoQ market as a process on the engine. A request arrives, is routed
 * to an F node (queueing FIFO if the node is busy), is answered, is scored
 * by K evaluators sampled without replacement (each queueing at its own
 * node), and settles: the scores are aggregated into a consensus, and the
 * F node and each evaluator are paid R = α·quality − β·cost.
 *
 * All per-request state lives in typed arrays (RequestTable) and per-node
 * totals in ledgers, so the event loop allocates nothing. Observers get
 * RxJS streams (`settlements$`, `samples$`) that cost nothing unless
 * subscribed.
 */
import { Observable, Subject } from 'rxjs';
import type { EvaluatorBehaviour, InferenceBehaviour } from '../../agents/behaviour.js';
import type { Environment } from '../engine/environment.js';
import type { ConsensusRule } from '../mechanism/consensus.js';
import { type CostScale, normalizeCost } from '../mechanism/cost-normalization.js';
import type { EvaluatorSampler } from '../mechanism/evaluator-selection.js';
import { agreement, costAwareReward, normalizeQuality } from '../mechanism/rewards.js';
import type { Router } from '../mechanism/routing.js';
import type { Sampler } from '../random/samplers.js';
import type { RewardParameters } from '../scenario/schema.js';
import { FifoServers } from './fifo-servers.js';
import { NodeLedger, PairedSums } from './ledger.js';
import { RequestTable } from './request-table.js';

export interface NodeClass<B> {
  readonly agents: readonly B[];
  readonly concurrency: readonly number[];
  readonly costUsdPerMs: Float64Array;
  /** Expected cost of one request (or evaluation) over the task mix, in USD. */
  readonly expectedCostUsd: Float64Array;
  readonly costScale: CostScale;
}

export interface MarketSetup {
  readonly mode: 'rounds' | 'poisson';
  /** Requests to generate; Infinity when the run is bounded by time or events instead. */
  readonly requestLimit: number;
  readonly interarrivalMs: Sampler;
  readonly arrivalStream: number;
  readonly task: Sampler;
  readonly taskStream: number;
  readonly inference: NodeClass<InferenceBehaviour>;
  readonly evaluators: NodeClass<EvaluatorBehaviour>;
  readonly router: Router;
  readonly evaluatorSampler: EvaluatorSampler;
  readonly evaluatorsPerRound: number;
  readonly consensus: ConsensusRule;
  readonly rewards: RewardParameters;
  /** Emit `samples$` every so many virtual milliseconds; 0 for never. */
  readonly sampleIntervalMs: number;
}

/** One settled round, emitted on `settlements$` while someone subscribes. */
export interface Settlement {
  readonly timeMs: number;
  readonly task: number;
  readonly inferenceNode: number;
  readonly trueQuality: number;
  readonly consensus: number;
  readonly inferenceReward: number;
  readonly evaluators: readonly number[];
  readonly scores: readonly number[];
  readonly evaluatorRewards: readonly number[];
}

export interface SampleTick {
  readonly timeMs: number;
  readonly settled: number;
}

const PRIORITY_COMPLETION = 0;
const PRIORITY_ARRIVAL = 1;
const PRIORITY_SAMPLE = 2;

export class Market {
  readonly requests: RequestTable;
  readonly inferenceServers: FifoServers;
  readonly evaluatorServers: FifoServers;
  readonly inferenceLedger: NodeLedger;
  readonly evaluatorLedger: NodeLedger;
  /** Per evaluator: (score, true quality) pairs. */
  readonly evaluatorAccuracy: PairedSums;
  /** Per F node: (normalized consensus quality, true quality) pairs. */
  readonly inferenceAccuracy: PairedSums;
  /** Index 0: (consensus, true quality) pairs over all rounds. */
  readonly consensusAccuracy = new PairedSums(1);
  generated = 0;
  settled = 0;
  /** Sum of request time in system (arrival to settlement), for latency seen by requesters. */
  responseMsSum = 0;

  private readonly settlementSubject = new Subject<Settlement>();
  private readonly sampleSubject = new Subject<SampleTick>();
  readonly settlements$: Observable<Settlement> = this.settlementSubject.asObservable();
  readonly samples$: Observable<SampleTick> = this.sampleSubject.asObservable();

  private readonly arrivalEvent: number;
  private readonly inferenceDoneEvent: number;
  private readonly evaluationDoneEvent: number;
  private readonly sampleEvent: number;
  private readonly k: number;
  private readonly scratch: Float64Array;
  private readonly others: Float64Array;
  /** Evaluator rewards of the round being settled, for `settlements$`. */
  private readonly roundRewards: Float64Array;

  constructor(
    private readonly env: Environment,
    private readonly setup: MarketSetup,
  ) {
    this.k = setup.evaluatorsPerRound;
    this.requests = new RequestTable(this.k);
    this.inferenceServers = new FifoServers(setup.inference.concurrency);
    this.evaluatorServers = new FifoServers(setup.evaluators.concurrency);
    this.inferenceLedger = new NodeLedger(setup.inference.agents.length);
    this.evaluatorLedger = new NodeLedger(setup.evaluators.agents.length);
    this.evaluatorAccuracy = new PairedSums(setup.evaluators.agents.length);
    this.inferenceAccuracy = new PairedSums(setup.inference.agents.length);
    this.scratch = new Float64Array(this.k);
    this.others = new Float64Array(this.k);
    this.roundRewards = new Float64Array(this.k);
    this.arrivalEvent = env.defineEventType('arrival', () => this.onArrival());
    this.inferenceDoneEvent = env.defineEventType('inference-done', (slot) => this.onInferenceDone(slot));
    this.evaluationDoneEvent = env.defineEventType('evaluation-done', (job) => this.onEvaluationDone(job));
    this.sampleEvent = env.defineEventType('sample', () => this.onSample());
  }

  /** Schedules the first arrival (and the first sample). */
  start(): void {
    const firstArrival = this.setup.mode === 'rounds' ? 0 : this.setup.interarrivalMs.sample(this.setup.arrivalStream);
    if (this.setup.requestLimit > 0) this.env.schedule(firstArrival, this.arrivalEvent, 0, PRIORITY_ARRIVAL);
    if (this.setup.sampleIntervalMs > 0) this.env.schedule(this.setup.sampleIntervalMs, this.sampleEvent, 0, PRIORITY_SAMPLE);
  }

  close(): void {
    this.settlementSubject.complete();
    this.sampleSubject.complete();
  }

  private onArrival(): void {
    const setup = this.setup;
    const requests = this.requests;
    const slot = requests.allocate();
    const node = setup.router.pick();
    requests.task[slot] = setup.task.sample(setup.taskStream);
    requests.node[slot] = node;
    requests.arrivalMs[slot] = this.env.now;
    this.generated++;
    if (this.inferenceServers.hasFreeCapacity(node)) this.startInference(slot, node);
    else this.inferenceServers.enqueue(node, slot, requests.nextInQueue);
    if (setup.mode === 'poisson' && this.generated < setup.requestLimit) {
      this.env.schedule(setup.interarrivalMs.sample(setup.arrivalStream), this.arrivalEvent, 0, PRIORITY_ARRIVAL);
    }
  }

  private startInference(slot: number, node: number): void {
    const requests = this.requests;
    this.inferenceServers.busy[node]!++;
    const service = this.setup.inference.agents[node]!.serviceTimeMs(requests.task[slot]!);
    requests.serviceStartMs[slot] = this.env.now;
    requests.serviceMs[slot] = service;
    this.env.schedule(service, this.inferenceDoneEvent, slot, PRIORITY_COMPLETION);
  }

  private onInferenceDone(slot: number): void {
    const requests = this.requests;
    const node = requests.node[slot]!;
    const task = requests.task[slot]!;
    requests.quality[slot] = this.setup.inference.agents[node]!.answerQuality(task);
    this.inferenceServers.busy[node]!--;
    const waiting = this.inferenceServers.dequeue(node, requests.nextInQueue);
    if (waiting !== -1) this.startInference(waiting, node);

    const k = this.k;
    const base = slot * k;
    requests.pendingScores[slot] = k;
    this.setup.evaluatorSampler.sampleInto(requests.jobEvaluator, base, k);
    const now = this.env.now;
    for (let j = 0; j < k; j++) {
      const job = base + j;
      const evaluator = requests.jobEvaluator[job]!;
      requests.jobEnqueuedMs[job] = now;
      if (this.evaluatorServers.hasFreeCapacity(evaluator)) this.startEvaluation(job, evaluator, task);
      else this.evaluatorServers.enqueue(evaluator, job, requests.jobNextInQueue);
    }
  }

  private startEvaluation(job: number, evaluator: number, task: number): void {
    const requests = this.requests;
    this.evaluatorServers.busy[evaluator]!++;
    const service = this.setup.evaluators.agents[evaluator]!.serviceTimeMs(task);
    requests.jobStartMs[job] = this.env.now;
    requests.jobServiceMs[job] = service;
    this.env.schedule(service, this.evaluationDoneEvent, job, PRIORITY_COMPLETION);
  }

  private onEvaluationDone(job: number): void {
    const requests = this.requests;
    const slot = Math.floor(job / this.k);
    const evaluator = requests.jobEvaluator[job]!;
    requests.jobScore[job] = this.setup.evaluators.agents[evaluator]!.score(requests.quality[slot]!, requests.task[slot]!);
    this.evaluatorServers.busy[evaluator]!--;
    const waiting = this.evaluatorServers.dequeue(evaluator, requests.jobNextInQueue);
    if (waiting !== -1) this.startEvaluation(waiting, evaluator, requests.task[Math.floor(waiting / this.k)]!);
    if (--requests.pendingScores[slot]! === 0) this.settle(slot);
  }

  private settle(slot: number): void {
    const setup = this.setup;
    const rewards = setup.rewards;
    const costSpec = rewards.cost;
    const requests = this.requests;
    const k = this.k;
    const base = slot * k;
    const now = this.env.now;
    const scores = requests.jobScore;

    const consensus = setup.consensus.aggregate(scores, base, k, this.scratch);
    const quality = normalizeQuality(consensus, rewards.quality);
    const truth = requests.quality[slot]!;

    const node = requests.node[slot]!;
    const inference = setup.inference;
    const waitMs = requests.serviceStartMs[slot]! - requests.arrivalMs[slot]!;
    const serviceMs = requests.serviceMs[slot]!;
    const billedMs = costSpec.basis === 'service' ? serviceMs : serviceMs + waitMs;
    const trueCost = billedMs * inference.costUsdPerMs[node]!;
    const reportedCost = inference.agents[node]!.reportCost(trueCost);
    const cost = normalizeCost(costSpec.signal === 'request' ? reportedCost : inference.expectedCostUsd[node]!, inference.costScale);
    const inferenceReward = costAwareReward(rewards.alpha, rewards.beta, quality, cost, rewards.clip);
    this.inferenceLedger.record(node, inferenceReward, quality, cost, reportedCost, trueCost, serviceMs, waitMs);
    setup.router.observe(node, quality);
    this.consensusAccuracy.add(0, consensus, truth);
    this.inferenceAccuracy.add(node, quality, truth);

    const evaluators = setup.evaluators;
    const leaveOneOut = !rewards.agreement.includeOwnScore;
    for (let j = 0; j < k; j++) {
      const job = base + j;
      const evaluator = requests.jobEvaluator[job]!;
      const score = scores[job]!;
      const reference = leaveOneOut ? this.consensusWithout(base, j) : consensus;
      const agreed = agreement(score, reference, rewards.agreement);
      const jobWaitMs = requests.jobStartMs[job]! - requests.jobEnqueuedMs[job]!;
      const jobServiceMs = requests.jobServiceMs[job]!;
      const jobBilledMs = costSpec.basis === 'service' ? jobServiceMs : jobServiceMs + jobWaitMs;
      const jobTrueCost = jobBilledMs * evaluators.costUsdPerMs[evaluator]!;
      const jobReportedCost = evaluators.agents[evaluator]!.reportCost(jobTrueCost);
      const jobCost = normalizeCost(
        costSpec.signal === 'request' ? jobReportedCost : evaluators.expectedCostUsd[evaluator]!,
        evaluators.costScale,
      );
      const reward = costAwareReward(rewards.alpha, rewards.beta, agreed, jobCost, rewards.clip);
      this.evaluatorLedger.record(evaluator, reward, agreed, jobCost, jobReportedCost, jobTrueCost, jobServiceMs, jobWaitMs);
      this.roundRewards[j] = reward;
      this.evaluatorAccuracy.add(evaluator, score, truth);
    }

    if (this.settlementSubject.observed) this.emitSettlement(slot, consensus, inferenceReward);
    this.responseMsSum += now - requests.arrivalMs[slot]!;
    this.settled++;
    requests.release(slot);
    if (setup.mode === 'rounds' && this.generated < setup.requestLimit) {
      this.env.schedule(0, this.arrivalEvent, 0, PRIORITY_ARRIVAL);
    }
  }

  /** Consensus of the round's other K − 1 scores (leave-one-out agreement). */
  private consensusWithout(base: number, excluded: number): number {
    const others = this.others;
    let count = 0;
    for (let j = 0; j < this.k; j++) if (j !== excluded) others[count++] = this.requests.jobScore[base + j]!;
    return this.setup.consensus.aggregate(others, 0, count, this.scratch);
  }

  private emitSettlement(slot: number, consensus: number, inferenceReward: number): void {
    const requests = this.requests;
    const base = slot * this.k;
    this.settlementSubject.next({
      timeMs: this.env.now,
      task: requests.task[slot]!,
      inferenceNode: requests.node[slot]!,
      trueQuality: requests.quality[slot]!,
      consensus,
      inferenceReward,
      evaluators: Array.from(requests.jobEvaluator.subarray(base, base + this.k)),
      scores: Array.from(requests.jobScore.subarray(base, base + this.k)),
      evaluatorRewards: Array.from(this.roundRewards),
    });
  }

  private onSample(): void {
    this.sampleSubject.next({ timeMs: this.env.now, settled: this.settled });
    if (this.env.pending > 0) this.env.schedule(this.setup.sampleIntervalMs, this.sampleEvent, 0, PRIORITY_SAMPLE);
  }
}
