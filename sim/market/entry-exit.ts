/**
 * Entry and exit (issue 18), kept only when a scenario declares
 * `economics.entry` or `economics.exit`: who is in the market, decided at
 * each full epoch's end (epoch-clock.ts), after the pool has paid it.
 *
 * - Each node's profit over the epoch is its revenue (USD) less its real
 *   cost over its time in the market (hardware accounting's busy and idle
 *   energy and hardware price, or without it its jobs' cost) and the stake
 *   slashed from it.
 * - Exit: a node leaves after `lossEpochs` epochs in a row at a loss, unless
 *   that would leave fewer than one inference node or K evaluators. It
 *   leaves as an ejected node does: no new work, its jobs under way finish.
 * - Entry: each candidate, in an order drawn from the entry stream, expects
 *   the epoch just ended to repeat with one more node in its role: its
 *   revenue is the role's revenue over the epoch ÷ (n + 1), n the nodes in
 *   or on their way, its jobs the role's jobs ÷ (n + 1), and its cost those
 *   jobs at its own expected service time and price plus its machine's
 *   idle and fixed cost over the epoch. It decides to join when horizonEpochs × that profit − the entry
 *   cost passes the threshold, and joins delayEpochs epochs later. n counts
 *   those already decided, so candidates do not all rush in on one signal.
 *
 * The draws of nodes already in the market do not move when others join:
 * every node draws from its own streams, and joins draw only from theirs.
 */
import type { StreamBank } from '../random/streams.js';
import type { EpochListener } from './epoch-clock.js';
import type { MarketMoney, RoleMoney } from './money-ledger.js';
import type { Role } from './role.js';

const IN = 0;
const CANDIDATE = 1;
const PENDING = 2;
const LEFT = 3;

/** When candidates join (a scenario's `economics.entry`). */
export interface EntryParameters {
  readonly horizonEpochs: number;
  readonly thresholdUsd: number;
  readonly entryCostUsd: number;
  readonly delayEpochs: number;
  readonly maxJoinsPerEpoch?: number | undefined;
}

/** When nodes leave (a scenario's `economics.exit`). */
export interface ExitParameters {
  readonly lossEpochs: number;
  readonly toleranceUsd: number;
}

/** What a role's nodes are expected to cost per job, for a candidate's estimate. */
export interface ExpectedJobCosts {
  /** Expected billed time of one job: the profile's mean latency × the node's speed factor. */
  readonly billedMs: Float64Array;
  /** Expected USD of one job without hardware accounting (billed time × the tier's price). */
  readonly jobUsd: Float64Array;
}

export interface EntryExitSetup {
  readonly entry: EntryParameters | null;
  readonly exit: ExitParameters | null;
  readonly epochMs: number;
  readonly bank: StreamBank;
  /** The entry stream: the order candidates decide in. */
  readonly stream: number;
  readonly inference: { readonly candidates: Uint8Array; readonly expected: ExpectedJobCosts };
  readonly evaluators: { readonly candidates: Uint8Array; readonly expected: ExpectedJobCosts };
}

/** One role's membership and the running sums its epoch profits are differences of. */
export class RoleMembership {
  readonly state: Uint8Array;
  /** Virtual time it joined: 0 for a node in from the start, NaN for one that never joined. */
  readonly joinedAtMs: Float64Array;
  /** Virtual time it left, NaN while in. */
  readonly leftAtMs: Float64Array;
  /** The token price when it left (the last settlement's), NaN while in. */
  readonly leftAtPriceUsd: Float64Array;
  /** What joining cost it, USD. */
  readonly entryCostUsd: Float64Array;
  /** For a pending candidate, the epoch at whose end it joins. */
  readonly joinsAtEpoch: Int32Array;
  readonly lossStreak: Int32Array;
  readonly profit: Float64Array;
  private readonly seen: Float64Array;
  /** Candidates in the order they decide this epoch. */
  readonly order: Int32Array;
  joins = 0;
  exits = 0;

  constructor(
    readonly role: Role,
    private readonly market: MarketMoney,
    readonly money: RoleMoney,
    readonly expected: ExpectedJobCosts,
    candidates: Uint8Array,
  ) {
    const n = candidates.length;
    this.state = Uint8Array.from(candidates, (c) => (c === 1 ? CANDIDATE : IN));
    this.joinedAtMs = Float64Array.from(candidates, (c) => (c === 1 ? Number.NaN : 0));
    this.leftAtMs = new Float64Array(n).fill(Number.NaN);
    this.leftAtPriceUsd = new Float64Array(n).fill(Number.NaN);
    this.entryCostUsd = new Float64Array(n);
    this.joinsAtEpoch = new Int32Array(n).fill(-1);
    this.lossStreak = new Int32Array(n);
    this.profit = new Float64Array(n);
    this.seen = new Float64Array(n * SEEN);
    this.order = new Int32Array(n);
    role.absent = Uint8Array.from(candidates);
    // Candidates wait outside: removed from the router or the evaluator selection before the run starts.
    for (let i = 0; i < n; i++) {
      if (candidates[i] !== 1) continue;
      role.chooser.remove(i);
      role.active--;
    }
  }

  isIn(node: number): boolean {
    return this.state[node] === IN && !this.role.ledger.isEjected(node);
  }

  isCandidate(node: number): boolean {
    return this.state[node] === CANDIDATE;
  }

  /** In the market now, or decided to join. */
  get committed(): number {
    let count = this.role.active;
    for (let i = 0; i < this.state.length; i++) if (this.state[i] === PENDING) count++;
    return count;
  }

  /** Sets each node's profit over the epoch [startMs, endMs] and moves the running sums on; returns the role's totals over the nodes in. */
  review(startMs: number, endMs: number): EpochTotals {
    const totals = { nodes: 0, revenueUsd: 0, rounds: 0 };
    for (let i = 0; i < this.state.length; i++) {
      if (this.state[i] !== IN) continue;
      const revenue = this.money.revenueUsd[i]! - this.seen[i * SEEN + REVENUE]!;
      this.profit[i] = revenue - this.costSince(i, Math.max(startMs, this.joinedAtMs[i]!), endMs) - this.slashedSince(i);
      this.moveOn(i, revenue);
      if (this.role.ledger.isEjected(i)) continue;
      totals.nodes++;
      totals.revenueUsd += revenue;
      totals.rounds += this.role.ledger.rounds(i) - this.seen[i * SEEN + ROUNDS_BEFORE]!;
    }
    for (let i = 0; i < this.state.length; i++) this.seen[i * SEEN + ROUNDS_BEFORE] = this.role.ledger.rounds(i);
    return totals;
  }

  private costSince(node: number, fromMs: number, toMs: number): number {
    const at = node * SEEN;
    const accounting = this.role.accounting;
    if (accounting === null) return this.role.ledger.trueCostUsdSum(node) - this.seen[at + COST]!;
    const busy = accounting.busySoFar(node);
    const busyMs = busy.busyMs - this.seen[at + BUSY_MS]!;
    const busyPricedMs = busy.busyPricedMs - this.seen[at + BUSY_PRICED_MS]!;
    return accounting.costOver(node, busyMs, busyPricedMs, busyMs, busyPricedMs, fromMs, toMs).totalCostUsd;
  }

  private slashedSince(node: number): number {
    return this.money.slashedUsd[node]! - this.seen[node * SEEN + SLASHED]!;
  }

  private moveOn(node: number, revenue: number): void {
    const at = node * SEEN;
    this.seen[at + REVENUE]! += revenue;
    this.seen[at + SLASHED] = this.money.slashedUsd[node]!;
    this.seen[at + COST] = this.role.ledger.trueCostUsdSum(node);
    const accounting = this.role.accounting;
    if (accounting === null) return;
    const busy = accounting.busySoFar(node);
    this.seen[at + BUSY_MS] = busy.busyMs;
    this.seen[at + BUSY_PRICED_MS] = busy.busyPricedMs;
  }

  join(node: number, nowMs: number, entryCostUsd: number): void {
    this.state[node] = IN;
    this.joinedAtMs[node] = nowMs;
    this.entryCostUsd[node] = entryCostUsd;
    this.role.absent![node] = 0;
    this.role.chooser.restore(node, this.role.reputation.value(node));
    this.role.active++;
    this.joins++;
  }

  pend(node: number, epoch: number): void {
    this.state[node] = PENDING;
    this.joinsAtEpoch[node] = epoch;
  }

  isDue(node: number, epoch: number): boolean {
    return this.state[node] === PENDING && this.joinsAtEpoch[node] === epoch;
  }

  leave(node: number, nowMs: number): void {
    this.state[node] = LEFT;
    this.leftAtMs[node] = nowMs;
    this.leftAtPriceUsd[node] = this.market.lastPriceUsd;
    this.role.absent![node] = 1;
    this.role.chooser.remove(node);
    this.role.active--;
    this.exits++;
  }
}

/** A role's sums over the nodes in the market through an epoch. */
export interface EpochTotals {
  readonly nodes: number;
  readonly revenueUsd: number;
  readonly rounds: number;
}

// The running sums a node's epoch profit is the difference of, one record of SEEN slots per node.
const REVENUE = 0;
const SLASHED = 1;
const COST = 2;
const BUSY_MS = 3;
const BUSY_PRICED_MS = 4;
const ROUNDS_BEFORE = 5;
const SEEN = 6;

export class EntryExit implements EpochListener {
  private inference: RoleMembership | null = null;
  private evaluators: RoleMembership | null = null;

  constructor(private readonly setup: EntryExitSetup) {}

  /** Binds the market's roles once they exist, taking the candidates out of them. */
  bind(inference: Role, evaluators: Role, money: MarketMoney): void {
    this.inference = new RoleMembership(inference, money, money.inference, this.setup.inference.expected, this.setup.inference.candidates);
    this.evaluators = new RoleMembership(
      evaluators,
      money,
      money.evaluators,
      this.setup.evaluators.expected,
      this.setup.evaluators.candidates,
    );
  }

  membership(isInference: boolean): RoleMembership {
    return (isInference ? this.inference : this.evaluators)!;
  }

  /** At a full epoch's end: profits, exits, the joins due, then the candidates' decisions. The run's last partial epoch decides nothing. */
  epochEnded(endMs: number, epoch: number, fraction: number): void {
    if (fraction < 1) return;
    const roles = [this.inference!, this.evaluators!];
    const totals = roles.map((members) => members.review(endMs - this.setup.epochMs, endMs));
    const exit = this.setup.exit;
    if (exit !== null) for (const members of roles) leaveAtLoss(members, exit, endMs);
    for (const members of roles) {
      for (let i = 0; i < members.state.length; i++) if (members.isDue(i, epoch)) members.join(i, endMs, this.setup.entry!.entryCostUsd);
    }
    const entry = this.setup.entry;
    if (entry !== null) roles.forEach((members, r) => this.decide(members, totals[r]!, entry, endMs, epoch));
  }

  /** Each candidate of the role, in an order drawn from the entry stream, weighs joining. */
  private decide(members: RoleMembership, totals: EpochTotals, entry: EntryParameters, endMs: number, epoch: number): void {
    const count = drawOrder(members, this.setup.bank, this.setup.stream);
    let decided = 0;
    let committed = members.committed;
    for (let j = 0; j < count; j++) {
      if (entry.maxJoinsPerEpoch !== undefined && decided >= entry.maxJoinsPerEpoch) return;
      const node = members.order[j]!;
      const profit = expectedProfit(members, node, totals, committed, endMs, this.setup.epochMs);
      if (!(entry.horizonEpochs * profit - entry.entryCostUsd > entry.thresholdUsd)) continue;
      decided++;
      committed++;
      if (entry.delayEpochs === 0) members.join(node, endMs, entry.entryCostUsd);
      else members.pend(node, epoch + entry.delayEpochs);
    }
  }
}

/** Each node in the market with lossEpochs losing epochs in a row leaves, in node order, while the role can spare it. */
function leaveAtLoss(members: RoleMembership, exit: ExitParameters, endMs: number): void {
  for (let i = 0; i < members.state.length; i++) {
    if (!members.isIn(i)) continue;
    members.lossStreak[i] = members.profit[i]! < -exit.toleranceUsd ? members.lossStreak[i]! + 1 : 0;
    if (members.lossStreak[i]! >= exit.lossEpochs && members.role.mayLose()) members.leave(i, endMs);
  }
}

/** Writes the role's candidates into `members.order` in a random order (Fisher–Yates on the entry stream); returns how many. */
function drawOrder(members: RoleMembership, bank: StreamBank, stream: number): number {
  let count = 0;
  for (let i = 0; i < members.state.length; i++) if (members.isCandidate(i)) members.order[count++] = i;
  for (let j = count - 1; j > 0; j--) {
    const k = Math.floor(bank.uniform(stream) * (j + 1));
    const swap = members.order[j]!;
    members.order[j] = members.order[k]!;
    members.order[k] = swap;
  }
  return count;
}

/**
 * A candidate's expected profit over the next epoch, `committed` nodes of
 * its role being in or on their way: the role's revenue and jobs over the
 * last epoch shared among them and it (demand, and a pool's emission, do
 * not grow with the nodes), less those jobs' cost at its own expected
 * service time and its machine's cost over the epoch.
 */
export function expectedProfit(
  members: RoleMembership,
  node: number,
  totals: EpochTotals,
  committed: number,
  nowMs: number,
  epochMs: number,
): number {
  if (totals.nodes === 0) return Number.NEGATIVE_INFINITY;
  const revenue = totals.revenueUsd / (committed + 1);
  const jobs = totals.rounds / (committed + 1);
  const accounting = members.role.accounting;
  if (accounting === null) return revenue - jobs * members.expected.jobUsd[node]!;
  const busyMs = Math.min(epochMs, jobs * members.expected.billedMs[node]!);
  const busyPricedMs = busyMs * accounting.meanPrice(node, nowMs, nowMs + epochMs);
  return revenue - accounting.costOver(node, busyMs, busyPricedMs, busyMs, busyPricedMs, nowMs, nowMs + epochMs).totalCostUsd;
}
