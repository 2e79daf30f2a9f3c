/**
 * The PoQ market as a process on the engine. A request arrives, is routed
 * to an F node (queueing FIFO if the node is busy), is answered, is scored
 * by K evaluators sampled without replacement (each queueing at its own
 * node), optionally waits for a commit–reveal phase, and settles: the
 * scores are aggregated into a consensus, every participant is paid
 * R = α·quality − β·cost, costs may be audited and stake slashed,
 * reputations move and nodes may be ejected.
 *
 * All per-request state lives in typed arrays (RequestTable) and per-node
 * totals in ledgers, so the event loop allocates nothing. Observers get
 * RxJS streams (`settlements$`, `samples$`) that cost nothing unless
 * subscribed.
 */
import { Observable, Subject } from 'rxjs';
import type { EvaluatorBehaviour, InferenceBehaviour, RevealView } from '../../agents/behaviour.js';
import type { Environment } from '../engine/environment.js';
import { auditFlags, isMisreport, measuredCost } from '../mechanism/audit.js';
import type { ConsensusRule } from '../mechanism/consensus.js';
import { type CostScale, normalizeCost } from '../mechanism/cost-normalization.js';
import type { EvaluatorSelection } from '../mechanism/evaluator-selection.js';
import { Reputation } from '../mechanism/reputation.js';
import { agreement, costAwareReward, normalizeQuality } from '../mechanism/rewards.js';
import type { Router } from '../mechanism/routing.js';
import { Stake } from '../mechanism/stake.js';
import type { Sampler } from '../random/samplers.js';
import type { StreamBank } from '../random/streams.js';
import type { AuditSpec, ReputationSpec, StakeSpec } from '../scenario/defence-schema.js';
import type { RewardParameters } from '../scenario/schema.js';
import { FifoServers } from './fifo-servers.js';
import { NodeLedger, PairedSums } from './ledger.js';
import { NodeParameters } from './node-parameters.js';
import { RequestTable } from './request-table.js';

export interface NodeClass<B> {
  readonly agents: readonly B[];
  readonly concurrency: readonly number[];
  /** Index of the physical node whose queue each node uses (itself unless a Sybil identity). */
  readonly server: Int32Array;
  readonly costUsdPerMs: Float64Array;
  /** Expected cost of one request (or evaluation) over the task mix, in USD. */
  readonly expectedCostUsd: Float64Array;
  readonly costScale: CostScale;
  /** Each node's audit stream (used only when audits are on). */
  readonly auditStream: Int32Array;
}

export interface Defences {
  readonly audits: AuditSpec | null;
  readonly commitReveal: { readonly delayMs: Sampler; readonly stream: number } | null;
  readonly stake: StakeSpec;
  readonly reputation: ReputationSpec;
}

export interface MarketSetup {
  readonly mode: 'rounds' | 'poisson';
  /** Requests to generate; Infinity when the run is bounded by time or events instead. */
  readonly requestLimit: number;
  readonly interarrivalMs: Sampler;
  readonly arrivalStream: number;
  readonly task: Sampler;
  readonly taskStream: number;
  readonly bank: StreamBank;
  readonly inference: NodeClass<InferenceBehaviour>;
  readonly evaluators: NodeClass<EvaluatorBehaviour>;
  readonly router: Router;
  readonly evaluatorSelection: EvaluatorSelection;
  readonly evaluatorsPerRound: number;
  readonly consensus: ConsensusRule;
  readonly rewards: RewardParameters;
  readonly defences: Defences;
  /**
   * Each evaluator's honest calibration (score ≈ intercept + slope · quality):
   * what it would score in expectation if it were honest. The consensus of
   * those expectations is the reference that separates manipulation from the
   * evaluators' own miscalibration.
   */
  readonly honestScore: { readonly intercept: Float64Array; readonly slope: Float64Array };
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
const ERROR_WINDOWS = 10;

export class Market {
  readonly requests: RequestTable;
  readonly inferenceServers: FifoServers;
  private readonly inferenceParameters: NodeParameters;
  private readonly evaluatorParameters: NodeParameters;
  readonly evaluatorServers: FifoServers;
  readonly inferenceLedger: NodeLedger;
  readonly evaluatorLedger: NodeLedger;
  readonly inferenceReputation: Reputation;
  readonly evaluatorReputation: Reputation;
  readonly inferenceStake: Stake;
  readonly evaluatorStake: Stake;
  /** Index 0: (consensus, true quality) pairs over all rounds. */
  readonly consensusAccuracy = new PairedSums(1);
  /** Consensus absolute error in ten equal windows of the request budget (when it is finite): a learning curve. */
  readonly errorByWindow = new PairedSums(ERROR_WINDOWS);
  /** Index 0: (consensus, the mean honest expected score of the round's evaluators) pairs. */
  readonly honestReferenceAccuracy = new PairedSums(1);
  readonly honestErrorByWindow = new PairedSums(ERROR_WINDOWS);
  generated = 0;
  settled = 0;
  /** Sum of request time in system (arrival to settlement), for latency seen by requesters. */
  responseMsSum = 0;
  /** Sums over settled requests of true answer quality and of true inference cost, for quality per cost delivered. */
  trueQualitySum = 0;
  trueInferenceCostUsdSum = 0;
  activeInference: number;
  activeEvaluators: number;
  /** Ejections refused because they would leave fewer than one F node or K evaluators. */
  ejectionsRefused = 0;
  /** The consensus most recently published (NaN before the first settlement). */
  lastConsensus = Number.NaN;

  get inferenceAgents(): readonly InferenceBehaviour[] {
    return this.setup.inference.agents;
  }
  get evaluatorAgents(): readonly EvaluatorBehaviour[] {
    return this.setup.evaluators.agents;
  }

  private readonly settlementSubject = new Subject<Settlement>();
  private readonly sampleSubject = new Subject<SampleTick>();
  readonly settlements$: Observable<Settlement> = this.settlementSubject.asObservable();
  readonly samples$: Observable<SampleTick> = this.sampleSubject.asObservable();

  private readonly arrivalEvent: number;
  private readonly inferenceDoneEvent: number;
  private readonly evaluationDoneEvent: number;
  private readonly revealEvent: number;
  private readonly sampleEvent: number;
  private readonly k: number;
  private readonly scratch: Float64Array;
  private readonly others: Float64Array;
  private readonly otherEvaluators: Int32Array;
  /** Evaluator rewards of the round being settled, for `settlements$`. */
  private readonly roundRewards: Float64Array;
  private readonly revealView: RevealView = { previousConsensus: Number.NaN, firstRevealedScore: Number.NaN, answerNode: 0 };
  private readonly auditProbability: number;

  constructor(
    private readonly env: Environment,
    private readonly setup: MarketSetup,
  ) {
    const nF = setup.inference.agents.length;
    const nM = setup.evaluators.agents.length;
    this.k = setup.evaluatorsPerRound;
    this.requests = new RequestTable(this.k);
    this.inferenceParameters = new NodeParameters(setup.inference);
    this.evaluatorParameters = new NodeParameters({
      ...setup.evaluators,
      honestIntercept: setup.honestScore.intercept,
      honestSlope: setup.honestScore.slope,
    });
    this.inferenceServers = new FifoServers(setup.inference.concurrency);
    this.evaluatorServers = new FifoServers(setup.evaluators.concurrency);
    this.inferenceLedger = new NodeLedger(nF);
    this.evaluatorLedger = new NodeLedger(nM);
    this.inferenceReputation = new Reputation(nF, setup.defences.reputation);
    this.evaluatorReputation = new Reputation(nM, setup.defences.reputation);
    this.inferenceStake = new Stake(nF, setup.defences.stake.initial);
    this.evaluatorStake = new Stake(nM, setup.defences.stake.initial);
    this.activeInference = nF;
    this.activeEvaluators = nM;
    this.auditProbability = setup.defences.audits?.probability ?? 0;
    this.scratch = new Float64Array(this.k);
    this.others = new Float64Array(this.k);
    this.otherEvaluators = new Int32Array(this.k);
    this.roundRewards = new Float64Array(this.k);
    this.arrivalEvent = env.defineEventType('arrival', () => this.onArrival());
    this.inferenceDoneEvent = env.defineEventType('inference-done', (slot) => this.onInferenceDone(slot));
    this.evaluationDoneEvent = env.defineEventType('evaluation-done', (job) => this.onEvaluationDone(job));
    this.revealEvent = env.defineEventType('reveal', (slot) => this.settle(slot));
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
    const node = setup.router.pick();
    const server = this.inferenceParameters.server(node);
    const slot = requests.allocate(setup.task.sample(setup.taskStream), node, this.env.now);
    this.generated++;
    if (this.inferenceServers.hasFreeCapacity(server)) this.startInference(slot, node, server);
    else this.inferenceServers.enqueue(server, slot, requests.nextInQueue);
    if (setup.mode === 'poisson' && this.generated < setup.requestLimit) {
      this.env.schedule(setup.interarrivalMs.sample(setup.arrivalStream), this.arrivalEvent, 0, PRIORITY_ARRIVAL);
    }
  }

  private startInference(slot: number, node: number, server: number): void {
    const requests = this.requests;
    this.inferenceServers.acquire(server);
    const service = this.setup.inference.agents[node]!.serviceTimeMs(requests.task(slot));
    requests.startService(slot, this.env.now, service);
    this.env.schedule(service, this.inferenceDoneEvent, slot, PRIORITY_COMPLETION);
  }

  private onInferenceDone(slot: number): void {
    const setup = this.setup;
    const requests = this.requests;
    const node = requests.node(slot);
    const server = this.inferenceParameters.server(node);
    const task = requests.task(slot);
    const k = this.k;
    requests.answered(slot, setup.inference.agents[node]!.answerQuality(task), k);
    this.inferenceServers.release(server);
    const waiting = this.inferenceServers.dequeue(server, requests.nextInQueue);
    if (waiting !== -1) this.startInference(waiting, requests.node(waiting), server);

    const base = slot * k;
    setup.evaluatorSelection.sampleInto(requests.jobEvaluator, base, k);
    const now = this.env.now;
    for (let j = 0; j < k; j++) {
      const job = base + j;
      const evaluatorServer = this.evaluatorParameters.server(requests.jobEvaluator[job]!);
      requests.jobEnqueued(job, now);
      if (this.evaluatorServers.hasFreeCapacity(evaluatorServer)) this.startEvaluation(job, evaluatorServer, task);
      else this.evaluatorServers.enqueue(evaluatorServer, job, requests.jobNextInQueue);
    }
  }

  private startEvaluation(job: number, server: number, task: number): void {
    const requests = this.requests;
    this.evaluatorServers.acquire(server);
    const service = this.setup.evaluators.agents[requests.jobEvaluator[job]!]!.serviceTimeMs(task);
    requests.jobStarted(job, this.env.now, service);
    this.env.schedule(service, this.evaluationDoneEvent, job, PRIORITY_COMPLETION);
  }

  private onEvaluationDone(job: number): void {
    const requests = this.requests;
    const k = this.k;
    const slot = Math.floor(job / k);
    const evaluator = requests.jobEvaluator[job]!;
    const server = this.evaluatorParameters.server(evaluator);
    const score = this.setup.evaluators.agents[evaluator]!.score(requests.quality(slot), requests.task(slot), requests.node(slot));
    const lastScore = requests.scored(job, score);
    this.evaluatorServers.release(server);
    const waiting = this.evaluatorServers.dequeue(server, requests.jobNextInQueue);
    if (waiting !== -1) this.startEvaluation(waiting, server, requests.task(Math.floor(waiting / k)));
    if (lastScore) {
      const commitReveal = this.setup.defences.commitReveal;
      if (commitReveal === null) this.settle(slot);
      else this.env.schedule(commitReveal.delayMs.sample(commitReveal.stream), this.revealEvent, slot, PRIORITY_COMPLETION);
    }
  }

  /** Scores deferred to the reveal (copiers) are resolved from what is public at that moment. */
  private revealDeferredScores(slot: number): void {
    const requests = this.requests;
    const base = slot * this.k;
    const view = this.revealView;
    view.previousConsensus = this.lastConsensus;
    view.firstRevealedScore = this.setup.defences.commitReveal === null ? requests.firstScore(slot) : Number.NaN;
    view.answerNode = requests.node(slot);
    for (let j = 0; j < this.k; j++) {
      const job = base + j;
      if (requests.jobScore[job] !== requests.jobScore[job]) {
        requests.jobScore[job] = this.setup.evaluators.agents[requests.jobEvaluator[job]!]!.revealScore(view);
      }
    }
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
    const evaluatorIds = requests.jobEvaluator;
    this.revealDeferredScores(slot);

    const consensus = setup.consensus.aggregate(scores, evaluatorIds, base, k, this.scratch);
    const quality = normalizeQuality(consensus, rewards.quality);
    const truth = requests.quality(slot);

    const node = requests.node(slot);
    const inference = setup.inference;
    const waitMs = requests.waitMs(slot);
    const serviceMs = requests.serviceMs(slot);
    const billedMs = costSpec.basis === 'service' ? serviceMs : serviceMs + waitMs;
    const inferenceParameters = this.inferenceParameters;
    const trueCost = billedMs * inferenceParameters.costUsdPerMs(node);
    const inferenceAgent = inference.agents[node]!;
    const reportedCost = inferenceAgent.reportCost(trueCost);
    const cost = normalizeCost(costSpec.signal === 'request' ? reportedCost : inferenceParameters.expectedCostUsd(node), inference.costScale);
    const inferenceReward = costAwareReward(rewards.alpha, rewards.beta, quality, cost, rewards.clip);
    this.inferenceLedger.record(node, inferenceReward, quality, cost, reportedCost, trueCost, serviceMs, waitMs, quality, truth);
    const inferenceSlashed = this.auditProbability > 0 ? this.audit(inferenceParameters, this.inferenceLedger, this.inferenceStake, this.inferenceReputation, node, reportedCost, trueCost) : 0;
    setup.router.setReputation(node, this.inferenceReputation.record(node, quality));
    inferenceAgent.feedback(inferenceReward - inferenceSlashed);
    const honestReference = this.honestReference(base, truth);
    this.consensusAccuracy.add(0, consensus, truth);
    this.honestReferenceAccuracy.add(0, consensus, honestReference);
    if (this.setup.requestLimit < Number.POSITIVE_INFINITY) {
      const window = Math.min(ERROR_WINDOWS - 1, Math.floor((this.settled * ERROR_WINDOWS) / this.setup.requestLimit));
      this.errorByWindow.add(window, consensus, truth);
      this.honestErrorByWindow.add(window, consensus, honestReference);
    }
    this.trueQualitySum += truth;
    this.trueInferenceCostUsdSum += serviceMs * inferenceParameters.costUsdPerMs(node);

    const evaluators = setup.evaluators;
    const evaluatorParameters = this.evaluatorParameters;
    const leaveOneOut = !rewards.agreement.includeOwnScore;
    for (let j = 0; j < k; j++) {
      const job = base + j;
      const evaluator = evaluatorIds[job]!;
      const score = scores[job]!;
      const reference = leaveOneOut ? this.consensusWithout(base, j) : consensus;
      const agreed = agreement(score, reference, rewards.agreement);
      const jobWaitMs = requests.jobWaitMs(job);
      const jobServiceMs = requests.jobServiceMs(job);
      const jobBilledMs = costSpec.basis === 'service' ? jobServiceMs : jobServiceMs + jobWaitMs;
      const jobTrueCost = jobBilledMs * evaluatorParameters.costUsdPerMs(evaluator);
      const agent = evaluators.agents[evaluator]!;
      const jobReportedCost = agent.reportCost(jobTrueCost);
      const jobCost = normalizeCost(
        costSpec.signal === 'request' ? jobReportedCost : evaluatorParameters.expectedCostUsd(evaluator),
        evaluators.costScale,
      );
      const reward = costAwareReward(rewards.alpha, rewards.beta, agreed, jobCost, rewards.clip);
      this.evaluatorLedger.record(evaluator, reward, agreed, jobCost, jobReportedCost, jobTrueCost, jobServiceMs, jobWaitMs, score, truth);
      const slashed = this.auditProbability > 0 ? this.audit(evaluatorParameters, this.evaluatorLedger, this.evaluatorStake, this.evaluatorReputation, evaluator, jobReportedCost, jobTrueCost) : 0;
      setup.evaluatorSelection.setReputation(evaluator, this.evaluatorReputation.record(evaluator, agreed < 0 ? 0 : agreed));
      agent.feedback(reward - slashed);
      this.roundRewards[j] = reward;
    }
    setup.consensus.observe(scores, evaluatorIds, base, k, consensus);
    this.checkEjections(slot);

    if (this.settlementSubject.observed) this.emitSettlement(slot, consensus, inferenceReward);
    this.lastConsensus = consensus;
    this.responseMsSum += now - requests.arrivalMs(slot);
    this.settled++;
    requests.release(slot);
    if (setup.mode === 'rounds' && this.generated < setup.requestLimit) {
      this.env.schedule(0, this.arrivalEvent, 0, PRIORITY_ARRIVAL);
    }
  }

  /** Maybe re-measures a reported cost; flags, slashes and penalizes a misreport. Returns the stake slashed. */
  private audit(
    parameters: NodeParameters,
    ledger: NodeLedger,
    stake: Stake,
    reputation: Reputation,
    node: number,
    reportedCost: number,
    trueCost: number,
  ): number {
    const bank = this.setup.bank;
    const stream = parameters.auditStream(node);
    if (bank.uniform(stream) >= this.auditProbability) return 0;
    const audits = this.setup.defences.audits!;
    const measured = measuredCost(trueCost, audits.measurementNoise, bank.standardNormal(stream));
    const flagged = auditFlags(reportedCost, measured, audits.tolerance);
    const slashed = flagged ? stake.slash(node, audits.slash) : 0;
    if (flagged) reputation.penalize(node, audits.reputationPenalty);
    ledger.recordAudit(node, flagged, isMisreport(reportedCost, trueCost, audits.tolerance), slashed);
    return slashed;
  }

  /** Ejects the round's participants whose stake is gone or whose reputation fell below the threshold. */
  private checkEjections(slot: number): void {
    const defences = this.setup.defences;
    const ejectOnStake = defences.stake.ejectWhenExhausted && this.auditProbability > 0;
    if (!ejectOnStake && defences.reputation.ejectBelow === 0) return;
    const node = this.requests.node(slot);
    if (!this.inferenceLedger.isEjected(node)) {
      if ((ejectOnStake && this.inferenceStake.exhausted(node)) || this.inferenceReputation.belowThreshold(node)) {
        if (this.activeInference > 1) {
          this.setup.router.remove(node);
          this.activeInference--;
          this.inferenceLedger.markEjected(node, this.env.now);
        } else {
          this.ejectionsRefused++;
        }
      }
    }
    const base = slot * this.k;
    for (let j = 0; j < this.k; j++) {
      const evaluator = this.requests.jobEvaluator[base + j]!;
      if (this.evaluatorLedger.isEjected(evaluator)) continue;
      if ((ejectOnStake && this.evaluatorStake.exhausted(evaluator)) || this.evaluatorReputation.belowThreshold(evaluator)) {
        if (this.activeEvaluators > this.k) {
          this.setup.evaluatorSelection.remove(evaluator);
          this.activeEvaluators--;
          this.evaluatorLedger.markEjected(evaluator, this.env.now);
        } else {
          this.ejectionsRefused++;
        }
      }
    }
  }

  /** The mean of what the round's evaluators would score for this answer, in expectation, if they were honest. */
  private honestReference(base: number, truth: number): number {
    const parameters = this.evaluatorParameters;
    let sum = 0;
    for (let j = 0; j < this.k; j++) sum += parameters.honestExpectedScore(this.requests.jobEvaluator[base + j]!, truth);
    return sum / this.k;
  }

  /** Consensus of the round's other K − 1 scores (leave-one-out agreement). */
  private consensusWithout(base: number, excluded: number): number {
    const others = this.others;
    const otherEvaluators = this.otherEvaluators;
    let count = 0;
    for (let j = 0; j < this.k; j++) {
      if (j === excluded) continue;
      others[count] = this.requests.jobScore[base + j]!;
      otherEvaluators[count++] = this.requests.jobEvaluator[base + j]!;
    }
    return this.setup.consensus.aggregate(others, otherEvaluators, 0, count, this.scratch);
  }

  private emitSettlement(slot: number, consensus: number, inferenceReward: number): void {
    const requests = this.requests;
    const base = slot * this.k;
    this.settlementSubject.next({
      timeMs: this.env.now,
      task: requests.task(slot),
      inferenceNode: requests.node(slot),
      trueQuality: requests.quality(slot),
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
