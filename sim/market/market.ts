/**
 * The PoQ market as a process on the engine. A request arrives, is routed
 * to an inference node (queueing FIFO if the node is busy), is answered, is scored
 * by K evaluators sampled without replacement (each queueing at its own
 * node), optionally waits for a commit–reveal phase, and settles: the
 * scores are aggregated into a consensus, every participant is paid
 * R = α·quality − β·cost, costs may be audited, answers spot-checked
 * (re-executed by a verifier) and stake slashed, reputations move and nodes
 * may be ejected. With spot checks instead of PoQ no evaluator is drawn
 * (K = 0) and the claimed model's prior stands in for the consensus. Under
 * a judge cascade (cascade.ts) a round's first stage scores, and its
 * escalation stage too when the cascade's rule fires on those scores, at
 * an event of its own once they are in; the round then uses k₁ or k₁ + k₂
 * of its K = k₁ + k₂ job slots.
 *
 * Three events per request: its arrival, the end of its inference and the
 * end of its last evaluation (plus the reveal under commit–reveal). Queues
 * are kept as the times each server falls free (ServerTimelines), so a job
 * starting or leaving a queue is not an event; an evaluator's draws still
 * come in the order its jobs run, so results are the same as with an event
 * per job (exactly the same with concurrency 1).
 *
 * Nodes that batch (a population's `batching`) are served instead by
 * BatchQueues, whose batches form and complete as events of their own; an
 * evaluation round with a batched job is scored when its last batch
 * completes (PendingRounds), and a `size` batcher left holding jobs when
 * nothing else can happen is drained (`drain`).
 *
 * Each role (inference nodes, evaluator nodes) is one Role (role.ts): the constants,
 * queues, ledgers, reputations and stakes of its nodes, and its nodes
 * themselves, which a handler asks for every draw. A round's participants
 * are paid in one loop through one path (payments.ts); how well the
 * consensus tracked the truth is counted in a ConsensusTally.
 *
 * All per-request state lives in typed arrays (RequestTable) and per-node
 * state in typed arrays of each role, so the event loop allocates nothing.
 * Observers get RxJS streams (`settlements$`, `samples$`) that cost nothing
 * unless subscribed.
 */
import { type Observable, Subject } from 'rxjs';
import type { EvaluatorNode, InferenceNode, RevealView } from '../../agents/node.js';
import type { EvaluatorSamplers } from '../../agents/honest-evaluator-node.js';
import type { InferenceSamplers } from '../../agents/honest-inference-node.js';
import type { Environment } from '../engine/environment.js';
import type { AuditParameters } from '../mechanism/audit.js';
import { type ConsensusRule, trustWeightsOf } from '../mechanism/consensus.js';
import type { MultiplicativeTrustConsensus } from '../mechanism/multiplicative-trust.js';
import type { GoldRounds } from './gold-rounds.js';
import type { EvaluatorSelection } from '../mechanism/evaluator-selection.js';
import type { ReputationParameters } from '../mechanism/reputation.js';
import { agreement, normalizeQuality, type RewardParameters } from '../mechanism/rewards.js';
import type { Router } from '../mechanism/routing.js';
import type { StakeParameters } from '../mechanism/stake.js';
import type { Sampler } from '../random/samplers.js';
import type { StreamBank } from '../random/streams.js';
import { BatchQueues } from './batch-queues.js';
import { ConsensusTally } from './consensus-tally.js';
import { LedgerEntry } from './ledger.js';
import type { MarketMoney } from './money-ledger.js';
import type { EpochClock } from './epoch-clock.js';
import type { EntryExit } from './entry-exit.js';
import type { PoolLedger } from './pool-ledger.js';
import type { RewardControllerLedger } from './reward-controller-ledger.js';
import { Payments } from './payments.js';
import { PendingRounds } from './pending-rounds.js';
import { Preloader } from './preload.js';
import type { QualityPrior } from './quality-prior.js';
import type { SpotChecks } from './spot-checks.js';
import type { Cascade } from './cascade.js';
import { RoundSeries } from './round-series.js';
import { RequestTable } from './request-table.js';
import { EvaluatorNodes, InferenceNodes, Role, type RoleSetup } from './role.js';

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
  readonly inference: RoleSetup<InferenceNode, InferenceSamplers>;
  /**
   * The evaluators, with each one's honest calibration (score ≈ intercept +
   * slope · quality, the honestIntercept and honestSlope columns): what it
   * would score in expectation if it were honest. The consensus of those
   * expectations is the reference that separates manipulation from the
   * evaluators' own miscalibration.
   */
  readonly evaluators: RoleSetup<EvaluatorNode, EvaluatorSamplers>;
  readonly router: Router;
  readonly evaluatorSelection: EvaluatorSelection;
  readonly evaluatorsPerRound: number;
  readonly consensus: ConsensusRule;
  readonly rewards: RewardParameters;
  readonly defences: Defences;
  /** Cells (role, population, model) the nodes' `cell` columns index, for the round series. */
  readonly cellCount: number;
  /** Emit `samples$` every so many virtual milliseconds; 0 for never. */
  readonly sampleIntervalMs: number;
  /** Rewards valued in USD (`economics:`); absent or null when the scenario keeps no money accounting. */
  readonly money?: MarketMoney | null;
  /** The pool's books (`mechanism.rewards.pool`); absent or null when rewards are paid per round. */
  readonly pool?: PoolLedger | null;
  /** Ends epochs for the pool, the controller and entry and exit; absent or null when the scenario declares none of them. */
  readonly epochs?: EpochClock | null;
  /** Who joins and leaves (`economics.entry`, `economics.exit`); absent or null when the network's make-up is fixed. Needs `money`. */
  readonly entryExit?: EntryExit | null;
  /** Moves α or β at each full epoch's end (`mechanism.rewards.controller`), one of the clock's listeners; absent or null without one. */
  readonly controller?: RewardControllerLedger | null;
  /** Re-executions of inference jobs (`mechanism.spotChecks`); absent or null without them. */
  readonly spotChecks?: SpotChecks | null;
  /**
   * Spot checks instead of PoQ: no evaluator works (evaluatorsPerRound is 0)
   * and each round's quality is the claimed model's prior; absent or null
   * when evaluators score.
   */
  readonly qualityPrior?: QualityPrior | null;
  /** Gold rounds, when multiplicative trust is anchored on them; null or absent otherwise. */
  readonly gold?: GoldRounds | null;
  /** A judge cascade (`mechanism.cascade`), whose K is evaluatorsPerRound; absent or null when every round's K evaluators score at once. */
  readonly cascade?: Cascade | null;
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

/** The role's batching servers, or null when none of its nodes batches. */
function batchQueues(
  env: Environment,
  name: string,
  role: RoleSetup<unknown, unknown>,
  completed: ConstructorParameters<typeof BatchQueues>[4],
): BatchQueues | null {
  const batching = role.batching;
  if (batching === undefined || batching.every((spec) => spec === null)) return null;
  return new BatchQueues(env, name, batching, role.concurrency, completed);
}

export class Market {
  readonly requests: RequestTable;
  readonly inference: Role<InferenceNodes>;
  readonly evaluators: Role<EvaluatorNodes>;
  readonly tally: ConsensusTally;
  /** Each round's contributions over time, per cell and for the run: the steady-state intervals come from it. */
  readonly series: RoundSeries;
  generated = 0;
  settled = 0;
  /** Sum of request time in system (arrival to settlement), for latency seen by requesters. */
  responseMsSum = 0;
  /** Ejections refused because they would leave fewer than one inference node or K evaluators. */
  ejectionsRefused = 0;
  /** The consensus most recently published (NaN before the first settlement). */
  lastConsensus = Number.NaN;
  /** Whether a sampling tick is scheduled. */
  private sampling = false;

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
  private readonly payments: Payments;
  /** The ledger entry of the participant being paid, reused for every one. */
  private readonly entry = new LedgerEntry();
  private readonly scratch: Float64Array;
  private readonly others: Float64Array;
  private readonly otherEvaluators: Int32Array;
  /** Rewards of the round being settled, its inference node's first, for `settlements$`. */
  private readonly rewards: Float64Array;
  private readonly revealView: RevealView = { previousConsensus: Number.NaN, firstRevealedScore: Number.NaN, answerNode: 0 };
  /** Whether an exhausted stake ejects: only audits and spot checks slash. */
  private readonly ejectOnStake: boolean;
  private readonly preload: Preloader;
  /** The role's batching servers, null when none of its nodes batches (then nothing of batching runs). */
  readonly inferenceBatches: BatchQueues | null;
  /** Rewards valued in USD; null without `economics:`. */
  readonly money: MarketMoney | null;
  /** The pool's books; null when rewards are paid per round. */
  readonly pool: PoolLedger | null;
  /** Ends epochs; null without a pool, a controller or entry and exit. */
  readonly epochs: EpochClock | null;
  /** Who is in the market; null when its make-up is fixed. */
  readonly entryExit: EntryExit | null;
  /** The reward controller; null without one. */
  readonly controller: RewardControllerLedger | null;
  /** The evaluators' weights when the consensus rule reports them (multiplicative trust); null otherwise. */
  readonly trust: MultiplicativeTrustConsensus | null;
  /** Gold rounds, the only ones anchored trust learns from; null unless `gold` is declared. */
  readonly gold: GoldRounds | null;
  readonly evaluatorBatches: BatchQueues | null;
  /** Rounds waiting for batched evaluations (created with evaluator batching). */
  private readonly pendingRounds: PendingRounds | null;
  /** Re-executions of inference jobs; null without `mechanism.spotChecks`. */
  readonly spotChecks: SpotChecks | null;
  /** Stands in for the consensus when no evaluator works; null when evaluators score. */
  private readonly qualityPrior: QualityPrior | null;
  /** The handler a scored round goes to: settle, or the reveal's wait. */
  private readonly roundScored: (slot: number) => void;
  /** The judge cascade; null when every round's K evaluators score at once. */
  readonly cascade: Cascade | null;
  /** The event at which a cascade's first stage has scored; -1 without a cascade. */
  private readonly cascadeDecideEvent: number;
  /** The round being settled: its first job in the consensus and how many enter it (0 and K without a cascade). */
  private consensusFrom = 0;
  private consensusCount: number;

  constructor(
    private readonly env: Environment,
    private readonly setup: MarketSetup,
  ) {
    const defences = setup.defences;
    this.k = setup.evaluatorsPerRound;
    this.requests = new RequestTable(this.k);
    const { inference, evaluators } = setup;
    this.inference = new Role(
      inference,
      (p) => new InferenceNodes(inference.agents, inference.samplers, p),
      defences,
      setup.router,
      1,
      true,
    );
    // Under a cascade each stage must keep its k members: no evaluator is ejected (each ejection due is refused and counted).
    this.evaluators = new Role(
      evaluators,
      (p) => new EvaluatorNodes(evaluators.agents, evaluators.samplers, p),
      defences,
      setup.evaluatorSelection,
      (setup.cascade ?? null) === null ? this.k : evaluators.agents.length,
      false,
    );
    this.tally = new ConsensusTally(setup.requestLimit);
    this.series = new RoundSeries(setup.cellCount);
    this.money = setup.money ?? null;
    this.pool = setup.pool ?? null;
    this.epochs = setup.epochs ?? null;
    this.entryExit = setup.entryExit ?? null;
    // Candidates wait outside until they join: taken out of the router and the evaluator selection before the run starts.
    this.entryExit?.bind(this.inference, this.evaluators, this.money!);
    const spotChecks = setup.spotChecks ?? null;
    this.spotChecks = spotChecks;
    this.payments = new Payments(setup.rewards, defences.audits, setup.bank, this.series, env, this.money, this.pool, spotChecks);
    this.qualityPrior = setup.qualityPrior ?? null;
    this.controller = setup.controller ?? null;
    this.trust = trustWeightsOf(setup.consensus);
    this.gold = setup.gold ?? null;
    this.controller?.attach({
      inference: this.inference.ledger,
      evaluators: this.evaluators.ledger,
      pool: this.pool,
      payments: this.payments,
    });
    this.preload = new Preloader(this.requests, this.inference, this.evaluators);
    this.ejectOnStake = defences.stake.ejectWhenExhausted && ((defences.audits?.probability ?? 0) > 0 || spotChecks !== null);
    this.scratch = new Float64Array(this.k);
    this.others = new Float64Array(this.k);
    this.otherEvaluators = new Int32Array(this.k);
    this.rewards = new Float64Array(this.k + 1);
    // The handlers are the methods themselves (bound), not closures around them: a closure would be one more
    // function for V8 to compile, with the whole handler inlined into it a second time. Without commit–reveal a
    // round settles as soon as it is scored.
    this.arrivalEvent = env.defineEventType('arrival', this.onArrival.bind(this));
    this.inferenceDoneEvent = env.defineEventType('inference-done', this.onInferenceDone.bind(this));
    this.roundScored = setup.defences.commitReveal === null ? this.settle.bind(this) : this.awaitReveal.bind(this);
    this.roundScoredEvent = env.defineEventType('round-scored', this.roundScored);
    this.revealEvent = env.defineEventType('reveal', this.settle.bind(this));
    this.sampleEvent = env.defineEventType('sample', this.onSample.bind(this));
    // Defined last, and only when used, so that a run without batching has the event types it always had.
    this.inferenceBatches = batchQueues(env, 'inference', inference, this.answerBatched.bind(this));
    this.evaluatorBatches = batchQueues(env, 'evaluation', evaluators, this.evaluationBatched.bind(this));
    this.pendingRounds = this.evaluatorBatches === null ? null : new PendingRounds();
    this.cascade = setup.cascade ?? null;
    this.consensusCount = this.k;
    this.cascadeDecideEvent = this.cascade === null ? -1 : env.defineEventType('cascade-decide', this.onCascadeDecide.bind(this));
  }

  /**
   * Nothing else can happen (the calendar is empty): batching servers that
   * wait for full batches serve what they hold. Returns whether any batch
   * started, so the run goes on.
   */
  drain(): boolean {
    const inference = this.inferenceBatches?.drain() ?? false;
    const evaluation = this.evaluatorBatches?.drain() ?? false;
    const started = inference || evaluation;
    if (started && this.setup.sampleIntervalMs > 0 && !this.sampling) this.scheduleSample();
    return started;
  }

  /** Schedules the first arrival (and the first sample). */
  start(): void {
    const firstArrival = this.setup.mode === 'rounds' ? 0 : this.setup.interarrivalMs.sample(this.setup.arrivalStream);
    if (this.setup.requestLimit > 0) this.env.schedule(firstArrival, this.arrivalEvent, 0, PRIORITY_ARRIVAL);
    if (this.setup.sampleIntervalMs > 0) this.scheduleSample();
  }

  private scheduleSample(): void {
    this.sampling = true;
    this.env.schedule(this.setup.sampleIntervalMs, this.sampleEvent, 0, PRIORITY_SAMPLE);
  }

  close(): void {
    this.epochs?.finish(this.env.now);
    this.series.finish(this.env.now);
    this.settlementSubject.complete();
    this.sampleSubject.complete();
  }

  /**
   * A request arrives and is routed to an inference node, which serves it when its
   * queue lets it. The answer's quality is drawn with its service time: a
   * node serves its requests in arrival order, so its quality draws come in
   * the same order as if drawn when each answer is ready.
   */
  private onArrival(): void {
    const setup = this.setup;
    const now = this.env.now;
    if (this.epochs !== null && now > this.epochs.nextEndMs) this.epochs.advance(now);
    const node = setup.router.pick();
    // The node's records, server and streams are loaded together before use (see Preloader).
    this.preload.inferenceDispatch(node);
    const task = setup.task.sample(setup.taskStream);
    const slot = this.requests.allocate(task, node, now);
    this.generated++;
    const { nodes, servers, parameters } = this.inference;
    const service = nodes.serviceTimeMs(node, task);
    const quality = nodes.answerQuality(node, task);
    const server = parameters.server(node);
    const batches = this.inferenceBatches;
    if (batches !== null && batches.batching(server)) {
      this.requests.answered(slot, quality);
      batches.enqueue(server, slot, service);
    } else {
      const start = servers.admit(server, now, service);
      this.requests.startService(slot, start, service);
      this.requests.answered(slot, quality);
      this.env.scheduleAt(start + service, this.inferenceDoneEvent, slot, PRIORITY_COMPLETION);
    }
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
    if (this.cascade !== null) return this.dispatchFirstStage(slot);
    const requests = this.requests;
    const k = this.k;
    const base = slot * k;
    const jobEvaluator = requests.jobEvaluator;
    // The evaluators do not depend on the request, so they are drawn and their records loaded before the
    // request's own record is read: its cache miss then overlaps theirs instead of preceding them.
    this.setup.evaluatorSelection.sampleInto(jobEvaluator, base, k);
    this.preload.evaluatorDispatch(jobEvaluator, base, k);
    const node = requests.node(slot);
    const task = requests.task(slot);
    const quality = requests.quality(slot);
    const { nodes, servers, parameters } = this.evaluators;
    const now = this.env.now;
    let lastCompletion = now;
    // The first score made public: the earliest completion, ties to the earlier start, then the earlier job.
    let firstScore = Number.NaN;
    let firstCompletion = Number.POSITIVE_INFINITY;
    let firstStart = Number.POSITIVE_INFINITY;
    let firstJob = -1;
    const batches = this.evaluatorBatches;
    let batched = 0;
    for (let j = 0; j < k; j++) {
      const job = base + j;
      const evaluator = jobEvaluator[job]!;
      const service = nodes.serviceTimeMs(evaluator, task);
      const server = parameters.server(evaluator);
      if (batches !== null && batches.batching(server)) {
        // Timed and offered as the first score when its batch completes (evaluationBatched).
        requests.jobScore[job] = nodes.score(evaluator, quality, task, node);
        batches.enqueue(server, job, service);
        batched++;
        continue;
      }
      const start = servers.admit(server, now, service);
      requests.jobTimed(job, now, start, service);
      const score = nodes.score(evaluator, quality, task, node);
      requests.jobScore[job] = score;
      const completion = start + service;
      if (completion > lastCompletion) lastCompletion = completion;
      if (score === score && (completion < firstCompletion || (completion === firstCompletion && start < firstStart))) {
        firstScore = score;
        firstCompletion = completion;
        firstStart = start;
        firstJob = j;
      }
    }
    requests.setFirstScore(slot, firstScore);
    if (batched === 0) this.env.scheduleAt(lastCompletion, this.roundScoredEvent, slot, PRIORITY_COMPLETION);
    else this.pendingRounds!.open(slot, batched, lastCompletion, firstCompletion, firstStart, firstJob);
  }

  /**
   * Under a cascade, the answer is ready: the first stage's k₁ evaluators
   * are drawn and their jobs admitted, and the cascade decides when the
   * last of them completes. Evaluator batching is refused with a cascade,
   * so every job is served alone.
   */
  private dispatchFirstStage(slot: number): void {
    const cascade = this.cascade!;
    const base = slot * this.k;
    cascade.sampleFirst(this.requests.jobEvaluator, base);
    this.preload.evaluatorDispatch(this.requests.jobEvaluator, base, cascade.firstK);
    const lastCompletion = this.dispatchJobs(slot, 0, cascade.firstK, true);
    this.env.scheduleAt(lastCompletion, this.cascadeDecideEvent, slot, PRIORITY_COMPLETION);
  }

  /** The first stage has scored: the round escalates (its escalation stage's jobs admitted now) or is scored as it is. */
  private onCascadeDecide(slot: number): void {
    const cascade = this.cascade!;
    const requests = this.requests;
    const base = slot * this.k;
    if (!cascade.decide(slot, requests.jobScore, requests.jobEvaluator, base)) return this.roundScored(slot);
    this.preload.evaluatorDispatch(requests.jobEvaluator, base + cascade.firstK, cascade.escalateK);
    const lastCompletion = this.dispatchJobs(slot, cascade.firstK, cascade.escalateK, false);
    this.env.scheduleAt(lastCompletion, this.roundScoredEvent, slot, PRIORITY_COMPLETION);
  }

  /**
   * Admits jobs from..from+count−1 of the round at `slot` to their
   * evaluators' queues now and draws their scores; with `offersFirst`, the
   * earliest completion's score is the round's first public one. Returns
   * when the last completes.
   */
  private dispatchJobs(slot: number, from: number, count: number, offersFirst: boolean): number {
    const requests = this.requests;
    const base = slot * this.k;
    const node = requests.node(slot);
    const task = requests.task(slot);
    const quality = requests.quality(slot);
    const { nodes, servers, parameters } = this.evaluators;
    const now = this.env.now;
    let lastCompletion = now;
    let firstScore = Number.NaN;
    let firstCompletion = Number.POSITIVE_INFINITY;
    for (let j = from; j < from + count; j++) {
      const job = base + j;
      const evaluator = requests.jobEvaluator[job]!;
      const service = nodes.serviceTimeMs(evaluator, task);
      const start = servers.admit(parameters.server(evaluator), now, service);
      requests.jobTimed(job, now, start, service);
      const score = nodes.score(evaluator, quality, task, node);
      requests.jobScore[job] = score;
      const completion = start + service;
      if (completion > lastCompletion) lastCompletion = completion;
      if (score === score && completion < firstCompletion) {
        firstScore = score;
        firstCompletion = completion;
      }
    }
    if (offersFirst) requests.setFirstScore(slot, firstScore);
    return lastCompletion;
  }

  /**
   * An inference batch completed: the request's answer is ready. Its service
   * time is its share of the batch's (what it costs); its wait, the rest of
   * its time at the node (see recordBatchedTimes).
   */
  private answerBatched(slot: number, batchStartMs: number, batchServiceMs: number, shareMs: number): void {
    this.requests.startService(slot, batchStartMs + (batchServiceMs - shareMs), shareMs);
    this.onInferenceDone(slot);
  }

  /**
   * An evaluation batch completed: the job's times are recorded, its score
   * offered as the round's first public one, and the round is scored once
   * its last job is done.
   *
   * A batched job's service time is its share of the batch (batch time ÷
   * size: what it costs, and what it adds to its node's busy time); its wait
   * is the rest of its time at the node: queueing, waiting for the batch to
   * form, and the part of the batch's run spent on the other jobs. Wait plus
   * service is its time at the node. The start recorded is when the batch
   * started plus the others' part, so a batch of one records exactly what a
   * job served alone would.
   */
  private evaluationBatched(job: number, batchStartMs: number, batchServiceMs: number, shareMs: number, enqueuedMs: number): void {
    const requests = this.requests;
    const pending = this.pendingRounds!;
    const slot = Math.floor(job / this.k);
    requests.jobTimed(job, enqueuedMs, batchStartMs + (batchServiceMs - shareMs), shareMs);
    const score = requests.jobScore[job]!;
    const now = this.env.now;
    if (score === score && pending.offerFirst(slot, now, batchStartMs, job - slot * this.k)) requests.setFirstScore(slot, score);
    if (pending.completeOne(slot) > 0) return;
    const lastKnown = pending.lastKnownMs(slot);
    if (lastKnown > now) this.env.scheduleAt(lastKnown, this.roundScoredEvent, slot, PRIORITY_COMPLETION);
    else this.roundScored(slot);
  }

  /** Under commit–reveal, the round's last evaluation completed: it settles when the scores are revealed. */
  private awaitReveal(slot: number): void {
    const commitReveal = this.setup.defences.commitReveal!;
    this.env.schedule(commitReveal.delayMs.sample(commitReveal.stream), this.revealEvent, slot, PRIORITY_COMPLETION);
  }

  /** Scores deferred to the reveal (copiers) are resolved from what is public at that moment. */
  private revealDeferredScores(slot: number, used: number): void {
    const requests = this.requests;
    const base = slot * this.k;
    const view = this.revealView;
    view.previousConsensus = this.lastConsensus;
    view.firstRevealedScore = this.setup.defences.commitReveal === null ? requests.firstScore(slot) : Number.NaN;
    view.answerNode = requests.node(slot);
    for (let j = 0; j < used; j++) {
      const job = base + j;
      if (requests.jobScore[job] !== requests.jobScore[job]) {
        requests.jobScore[job] = this.evaluators.nodes.revealScore(requests.jobEvaluator[job]!, view);
      }
    }
  }

  /** Settles a round: its consensus, every participant's payment, the consensus rule's learning, ejections. */
  private settle(slot: number): void {
    const requests = this.requests;
    const k = this.k;
    const base = slot * k;
    const evaluatorIds = requests.jobEvaluator;
    const cascade = this.cascade;
    // The evaluators the round used, and the scores its consensus is of: all K of them without a cascade.
    const used = cascade === null ? k : cascade.participants(slot);
    const from = cascade === null ? 0 : cascade.consensusFrom(slot);
    const count = cascade === null ? k : cascade.consensusCount(slot);
    this.consensusFrom = from;
    this.consensusCount = count;
    this.preload.settledRequest(slot);
    this.preload.settlement(requests.node(slot), evaluatorIds, base, used);
    this.revealDeferredScores(slot, used);
    if (this.epochs !== null && this.env.now > this.epochs.nextEndMs) this.epochs.advance(this.env.now);
    const prior = this.qualityPrior;
    const consensus =
      prior === null
        ? this.setup.consensus.aggregate(requests.jobScore, evaluatorIds, base + from, count, this.scratch)
        : prior.quality(requests.node(slot), requests.task(slot));
    const honestError = this.tallyRound(slot, consensus);
    // Participant 0 is the inference node, participant j + 1 the round's evaluator j; all are paid through one path, in that order.
    for (let p = 0; p <= used; p++) this.rewards[p] = this.payParticipant(slot, p, consensus);
    // Trust learns from every round's consensus, or, anchored, from gold rounds only; spot checks instead of PoQ score nothing.
    if (prior === null && this.gold === null) this.setup.consensus.observe(requests.jobScore, evaluatorIds, base + from, count, consensus);
    else if (prior === null) this.observeGold(slot);
    if (cascade !== null) this.countCascadeCosts(slot, base);
    this.checkEjections(slot, used);
    if (this.settlementSubject.observed) this.emitSettlement(slot, consensus, used);
    this.lastConsensus = consensus;
    const responseMs = this.env.now - requests.arrivalMs(slot);
    this.responseMsSum += responseMs;
    this.endRoundSeries(slot, consensus, honestError, responseMs);
    this.settled++;
    requests.release(slot);
    if (this.setup.mode === 'rounds' && this.generated < this.setup.requestLimit) {
      this.env.schedule(0, this.arrivalEvent, 0, PRIORITY_ARRIVAL);
    }
  }

  /**
   * Pays participant `p` of the round (0: its inference node; j + 1: its evaluator
   * j) and returns its reward. One call site for both roles keeps the
   * payment path compiled once.
   */
  private payParticipant(slot: number, p: number, consensus: number): number {
    const requests = this.requests;
    const reputationOutcome = p === 0 ? this.describeAnswer(slot, consensus) : this.describeEvaluation(slot, p - 1, consensus);
    const role = p === 0 ? this.inference : this.evaluators;
    const node = p === 0 ? requests.node(slot) : requests.jobEvaluator[slot * this.k + p - 1]!;
    return this.payments.pay(role, node, this.entry, reputationOutcome);
  }

  /** Fills the ledger entry with what the inference node did: the quality the consensus found. Returns its reputation outcome. */
  private describeAnswer(slot: number, consensus: number): number {
    const requests = this.requests;
    const quality = normalizeQuality(consensus, this.setup.rewards.quality);
    const entry = this.entry;
    entry.quality = quality;
    entry.serviceMs = requests.serviceMs(slot);
    entry.waitMs = requests.waitMs(slot);
    entry.pairX = quality;
    entry.pairY = requests.quality(slot);
    entry.task = requests.task(slot);
    return quality;
  }

  /**
   * Fills the ledger entry with what evaluator j did: its agreement with the
   * consensus (or with the others', leave-one-out). Returns its reputation
   * outcome, the agreement floored at 0.
   */
  private describeEvaluation(slot: number, j: number, consensus: number): number {
    const requests = this.requests;
    const rule = this.setup.rewards.agreement;
    const base = slot * this.k;
    const job = base + j;
    const score = requests.jobScore[job]!;
    const agreed = agreement(score, rule.includeOwnScore ? consensus : this.consensusWithout(base, j), rule);
    const entry = this.entry;
    entry.quality = agreed;
    entry.serviceMs = requests.jobServiceMs(job);
    entry.waitMs = requests.jobWaitMs(job);
    entry.pairX = score;
    entry.pairY = requests.quality(slot);
    return agreed < 0 ? 0 : agreed;
  }

  /**
   * Anchored trust learns only on a gold round: each evaluator whose score
   * enters the consensus (all K without a cascade) against what it would
   * score honestly on the item.
   */
  private observeGold(slot: number): void {
    if (!this.gold!.draw()) return;
    const requests = this.requests;
    const base = slot * this.k + this.consensusFrom;
    const count = this.consensusCount;
    const truth = requests.quality(slot);
    const references = this.scratch;
    for (let j = 0; j < count; j++) references[j] = this.evaluators.parameters.honestExpectedScore(requests.jobEvaluator[base + j]!, truth);
    this.trust!.observeAgainst(requests.jobScore, requests.jobEvaluator, base, count, references);
  }

  /** A cascade's settled round: what each stage's jobs cost, at the evaluators' hourly prices. */
  private countCascadeCosts(slot: number, base: number): void {
    const cascade = this.cascade!;
    const requests = this.requests;
    const parameters = this.evaluators.parameters;
    const used = cascade.participants(slot);
    let first = 0;
    let escalation = 0;
    for (let j = 0; j < used; j++) {
      const job = base + j;
      const cost = requests.jobServiceMs(job) * parameters.costUsdPerMs(requests.jobEvaluator[job]!);
      if (j < cascade.firstK) first += cost;
      else escalation += cost;
    }
    cascade.settle(slot, requests.task(slot), first, escalation);
  }

  /** Counts the round's consensus against the truth and against the honest reference; returns the latter's error. */
  private tallyRound(slot: number, consensus: number): number {
    const requests = this.requests;
    const base = slot * this.k + this.consensusFrom;
    const count = this.consensusCount;
    const truth = requests.quality(slot);
    const evaluators = this.evaluators.parameters;
    let honestSum = 0;
    for (let j = 0; j < count; j++) honestSum += evaluators.honestExpectedScore(requests.jobEvaluator[base + j]!, truth);
    const trueCost = requests.serviceMs(slot) * this.inference.parameters.costUsdPerMs(requests.node(slot));
    // Without evaluators (spot checks instead of PoQ) no honest evaluator could have scored: the reference is the truth.
    const honestReference = count === 0 ? truth : honestSum / count;
    this.tally.add(this.settled, consensus, truth, honestReference, trueCost);
    return Math.abs(consensus - honestReference);
  }

  /** Closes the round in the run's series: its response time, consensus errors, and the true quality and cost delivered. */
  private endRoundSeries(slot: number, consensus: number, honestError: number, responseMs: number): void {
    const requests = this.requests;
    const truth = requests.quality(slot);
    const trueCost = requests.serviceMs(slot) * this.inference.parameters.costUsdPerMs(requests.node(slot));
    this.series.endRound(this.env.now, responseMs, Math.abs(consensus - truth), honestError, truth, trueCost);
  }

  /** Ejects the round's participants whose stake is gone or whose reputation fell below the threshold. */
  private checkEjections(slot: number, used: number): void {
    if (!this.ejectOnStake && this.setup.defences.reputation.ejectBelow === 0) return;
    const now = this.env.now;
    const requests = this.requests;
    for (let p = 0; p <= used; p++) {
      const role = p === 0 ? this.inference : this.evaluators;
      const node = p === 0 ? requests.node(slot) : requests.jobEvaluator[slot * this.k + p - 1]!;
      if (role.ejectIfDue(node, now, this.ejectOnStake)) this.ejectionsRefused++;
    }
  }

  /**
   * Consensus of the round's other scores (leave-one-out agreement): of the
   * scores its consensus is of, job `excluded`'s left out when it is one.
   */
  private consensusWithout(base: number, excluded: number): number {
    const others = this.others;
    const otherEvaluators = this.otherEvaluators;
    let count = 0;
    const from = this.consensusFrom;
    for (let j = from; j < from + this.consensusCount; j++) {
      if (j === excluded) continue;
      others[count] = this.requests.jobScore[base + j]!;
      otherEvaluators[count++] = this.requests.jobEvaluator[base + j]!;
    }
    return this.setup.consensus.aggregate(others, otherEvaluators, 0, count, this.scratch);
  }

  private emitSettlement(slot: number, consensus: number, used: number): void {
    const requests = this.requests;
    const base = slot * this.k;
    this.settlementSubject.next({
      timeMs: this.env.now,
      task: requests.task(slot),
      inferenceNode: requests.node(slot),
      trueQuality: requests.quality(slot),
      consensus,
      inferenceReward: this.rewards[0]!,
      evaluators: Array.from(requests.jobEvaluator.subarray(base, base + used)),
      scores: Array.from(requests.jobScore.subarray(base, base + used)),
      evaluatorRewards: Array.from(this.rewards.subarray(1, 1 + used)),
    });
  }

  private onSample(): void {
    this.sampleSubject.next({ timeMs: this.env.now, settled: this.settled });
    this.sampling = false;
    if (this.env.pending > 0) this.scheduleSample();
  }
}
