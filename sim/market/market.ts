/**
 * The PoQ market as a process on the engine. A request arrives, is routed
 * to an F node (queueing FIFO if the node is busy), is answered, is scored
 * by K evaluators sampled without replacement (each queueing at its own
 * node), optionally waits for a commit–reveal phase, and settles: the
 * scores are aggregated into a consensus, every participant is paid
 * R = α·quality − β·cost, costs may be audited and stake slashed,
 * reputations move and nodes may be ejected.
 *
 * Three events per request: its arrival, the end of its inference and the
 * end of its last evaluation (plus the reveal under commit–reveal). Queues
 * are kept as the times each server falls free (ServerTimelines), so a job
 * starting or leaving a queue is not an event; an evaluator's draws still
 * come in the order its jobs run, so results are the same as with an event
 * per job (exactly the same with concurrency 1).
 *
 * All per-request state lives in typed arrays (RequestTable) and per-node
 * totals in ledgers, so the event loop allocates nothing. Observers get
 * RxJS streams (`settlements$`, `samples$`) that cost nothing unless
 * subscribed.
 */
import { type Observable, Subject } from 'rxjs';
import type { EvaluatorBehaviour, InferenceBehaviour, RevealView } from '../../agents/behaviour.js';
import type { EvaluatorSamplers } from '../../agents/honest-evaluator-node.js';
import type { InferenceSamplers } from '../../agents/honest-inference-node.js';
import type { Environment } from '../engine/environment.js';
import { type AuditParameters, auditFlags, isMisreport, measuredCost } from '../mechanism/audit.js';
import type { ConsensusRule } from '../mechanism/consensus.js';
import { type CostScale, normalizeCost } from '../mechanism/cost-normalization.js';
import type { EvaluatorSelection } from '../mechanism/evaluator-selection.js';
import { Reputation, type ReputationParameters } from '../mechanism/reputation.js';
import { agreement, costAwareReward, normalizeQuality, type RewardParameters } from '../mechanism/rewards.js';
import type { Router } from '../mechanism/routing.js';
import { Stake, type StakeParameters } from '../mechanism/stake.js';
import type { Sampler } from '../random/samplers.js';
import type { StreamBank } from '../random/streams.js';
import { NodeLedger, PairedSums } from './ledger.js';
import { type NodeParameterColumns, NodeParameters } from './node-parameters.js';
import { Preloader } from './preload.js';
import { RequestTable } from './request-table.js';
import { ServerTimelines } from './server-timelines.js';

/** A role's nodes: their agents and queues, and the constants the market keeps per node (see NodeParameters). */
export interface NodeClass<B, M> extends NodeParameterColumns {
  readonly agents: readonly B[];
  /** The sampler bundles the nodes' honest cores share, indexed by the `samplerIndex` column. */
  readonly samplers: readonly M[];
  readonly concurrency: readonly number[];
  readonly costScale: CostScale;
}

export interface Defences {
  readonly audits: AuditParameters | null;
  readonly commitReveal: { readonly delayMs: Sampler; readonly stream: number } | null;
  readonly stake: StakeParameters;
  readonly reputation: ReputationParameters;
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
  readonly inference: NodeClass<InferenceBehaviour, InferenceSamplers>;
  readonly evaluators: NodeClass<EvaluatorBehaviour, EvaluatorSamplers>;
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
  readonly inferenceServers: ServerTimelines;
  private readonly inferenceParameters: NodeParameters;
  private readonly evaluatorParameters: NodeParameters;
  readonly evaluatorServers: ServerTimelines;
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
  private readonly roundScoredEvent: number;
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
  private readonly preload: Preloader;

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
    this.inferenceServers = new ServerTimelines(setup.inference.concurrency);
    this.evaluatorServers = new ServerTimelines(setup.evaluators.concurrency);
    this.inferenceLedger = new NodeLedger(nF);
    this.evaluatorLedger = new NodeLedger(nM);
    this.inferenceReputation = new Reputation(nF, setup.defences.reputation);
    this.evaluatorReputation = new Reputation(nM, setup.defences.reputation);
    this.inferenceStake = new Stake(nF, setup.defences.stake.initial);
    this.evaluatorStake = new Stake(nM, setup.defences.stake.initial);
    this.preload = new Preloader(
      setup.bank,
      this.requests,
      { parameters: this.inferenceParameters, servers: this.inferenceServers, ledger: this.inferenceLedger, reputation: this.inferenceReputation },
      { parameters: this.evaluatorParameters, servers: this.evaluatorServers, ledger: this.evaluatorLedger, reputation: this.evaluatorReputation },
    );
    this.activeInference = nF;
    this.activeEvaluators = nM;
    this.auditProbability = setup.defences.audits?.probability ?? 0;
    this.scratch = new Float64Array(this.k);
    this.others = new Float64Array(this.k);
    this.otherEvaluators = new Int32Array(this.k);
    this.roundRewards = new Float64Array(this.k);
    this.arrivalEvent = env.defineEventType('arrival', () => this.onArrival());
    this.inferenceDoneEvent = env.defineEventType('inference-done', (slot) => this.onInferenceDone(slot));
    this.roundScoredEvent = env.defineEventType('round-scored', (slot) => this.onRoundScored(slot));
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
    const now = this.env.now;
    const node = setup.router.pick();
    // The node's records, server and streams are loaded together before use (see Preloader).
    this.preload.inferenceDispatch(node);
    const task = setup.task.sample(setup.taskStream);
    const slot = requests.allocate(task, node, now);
    this.generated++;
    const parameters = this.inferenceParameters;
    // The answer's quality is drawn with its service time: a node serves its requests in arrival order, so its
    // quality draws come in the same order as if drawn when each answer is ready, and the node is touched once.
    // A node without behaviours draws from its samplers with its own streams, without touching its object.
    let service: number;
    let quality: number;
    if (parameters.plain(node)) {
      const model = setup.inference.samplers[parameters.samplerIndex(node)]!;
      service = model.serviceTimeMs(task, parameters.latencyStream(node), parameters.speedFactor(node));
      quality = model.answerQuality(task, parameters.drawStream(node));
    } else {
      const agent = setup.inference.agents[node]!;
      service = agent.serviceTimeMs(task);
      quality = agent.answerQuality(task);
    }
    const start = this.inferenceServers.admit(parameters.server(node), now, service);
    requests.startService(slot, start, service);
    requests.answered(slot, quality);
    this.env.scheduleAt(start + service, this.inferenceDoneEvent, slot, PRIORITY_COMPLETION);
    if (setup.mode === 'poisson' && this.generated < setup.requestLimit) {
      this.env.schedule(setup.interarrivalMs.sample(setup.arrivalStream), this.arrivalEvent, 0, PRIORITY_ARRIVAL);
    }
  }

  /**
   * The answer is ready: K evaluators are drawn and each job is admitted to
   * its evaluator's queue. Its start, service and score are settled now (an
   * evaluator's jobs run in arrival order, so its draws come in the same
   * order as if each were drawn when the job ran), and the round is
   * scheduled to settle when its last evaluation completes.
   */
  private onInferenceDone(slot: number): void {
    const setup = this.setup;
    const requests = this.requests;
    const k = this.k;
    const base = slot * k;
    const jobEvaluator = requests.jobEvaluator;
    const jobScore = requests.jobScore;
    // The evaluators do not depend on the request, so they are drawn and their records loaded before the
    // request's own record is read: its cache miss then overlaps theirs instead of preceding them.
    setup.evaluatorSelection.sampleInto(jobEvaluator, base, k);
    this.preload.evaluatorDispatch(jobEvaluator, base, k);
    const node = requests.node(slot);
    const task = requests.task(slot);
    const quality = requests.quality(slot);
    const agents = setup.evaluators.agents;
    const models = setup.evaluators.samplers;
    const parameters = this.evaluatorParameters;
    const now = this.env.now;
    let lastCompletion = now;
    // The first score made public: the earliest completion, ties to the earlier start, then the earlier job.
    let firstScore = Number.NaN;
    let firstCompletion = Number.POSITIVE_INFINITY;
    let firstStart = Number.POSITIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      const job = base + j;
      const evaluator = jobEvaluator[job]!;
      // As for F nodes, a node without behaviours draws from its samplers without touching its object.
      const plain = parameters.plain(evaluator);
      const model = models[parameters.samplerIndex(evaluator)]!;
      const service = plain
        ? model.serviceTimeMs(task, parameters.latencyStream(evaluator), parameters.speedFactor(evaluator))
        : agents[evaluator]!.serviceTimeMs(task);
      const start = this.evaluatorServers.admit(parameters.server(evaluator), now, service);
      requests.jobTimed(job, now, start, service);
      const score = plain ? model.score(quality, parameters.drawStream(evaluator)) : agents[evaluator]!.score(quality, task, node);
      jobScore[job] = score;
      const completion = start + service;
      if (completion > lastCompletion) lastCompletion = completion;
      if (score === score && (completion < firstCompletion || (completion === firstCompletion && start < firstStart))) {
        firstScore = score;
        firstCompletion = completion;
        firstStart = start;
      }
    }
    requests.setFirstScore(slot, firstScore);
    this.env.scheduleAt(lastCompletion, this.roundScoredEvent, slot, PRIORITY_COMPLETION);
  }

  /** The round's last evaluation completed: settle it, or wait for the reveal under commit–reveal. */
  private onRoundScored(slot: number): void {
    const commitReveal = this.setup.defences.commitReveal;
    if (commitReveal === null) this.settle(slot);
    else this.env.schedule(commitReveal.delayMs.sample(commitReveal.stream), this.revealEvent, slot, PRIORITY_COMPLETION);
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
    this.preload.settledRequest(slot);
    this.preload.settlement(requests.node(slot), evaluatorIds, base, k);
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
    // A node without behaviours reports its true cost and ignores feedback: its object is not even looked up.
    const inferenceAgent = inferenceParameters.plain(node) ? null : inference.agents[node]!;
    const reportedCost = inferenceAgent === null ? trueCost : inferenceAgent.reportCost(trueCost);
    const cost = normalizeCost(costSpec.signal === 'request' ? reportedCost : inferenceParameters.expectedCostUsd(node), inference.costScale);
    const inferenceReward = costAwareReward(rewards.alpha, rewards.beta, quality, cost, rewards.clip);
    this.inferenceLedger.record(node, inferenceReward, quality, cost, reportedCost, trueCost, serviceMs, waitMs, quality, truth);
    const inferenceSlashed = this.auditProbability > 0 ? this.audit(inferenceParameters, this.inferenceLedger, this.inferenceStake, this.inferenceReputation, node, reportedCost, trueCost) : 0;
    setup.router.setReputation(node, this.inferenceReputation.record(node, quality));
    if (inferenceAgent !== null) inferenceAgent.feedback(inferenceReward - inferenceSlashed);
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
      // As for the F node, a plain evaluator's object is not even looked up.
      const agent = evaluatorParameters.plain(evaluator) ? null : evaluators.agents[evaluator]!;
      const jobReportedCost = agent === null ? jobTrueCost : agent.reportCost(jobTrueCost);
      const jobCost = normalizeCost(
        costSpec.signal === 'request' ? jobReportedCost : evaluatorParameters.expectedCostUsd(evaluator),
        evaluators.costScale,
      );
      const reward = costAwareReward(rewards.alpha, rewards.beta, agreed, jobCost, rewards.clip);
      this.evaluatorLedger.record(evaluator, reward, agreed, jobCost, jobReportedCost, jobTrueCost, jobServiceMs, jobWaitMs, score, truth);
      const slashed = this.auditProbability > 0 ? this.audit(evaluatorParameters, this.evaluatorLedger, this.evaluatorStake, this.evaluatorReputation, evaluator, jobReportedCost, jobTrueCost) : 0;
      setup.evaluatorSelection.setReputation(evaluator, this.evaluatorReputation.record(evaluator, agreed < 0 ? 0 : agreed));
      if (agent !== null) agent.feedback(reward - slashed);
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
