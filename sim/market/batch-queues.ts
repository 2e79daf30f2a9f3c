/**
 * Servers that serve their jobs in batches. Each server keeps its waiting
 * jobs in arrival order and, whenever one of its slots is free, forms a
 * batch from the head of the queue by its policy:
 *
 * - `queued`: take what is queued, up to maxSize, as soon as a slot is free;
 * - `size`: wait until maxSize jobs are queued;
 * - `wait`: wait until the oldest queued job has waited maxWaitMs, then take up to maxSize;
 * - `size-or-wait`: whichever of the two comes first (a dynamic batcher's
 *   preferred size with a maximum queue delay).
 *
 * A batch of b jobs takes factor(b) × the mean of its jobs' own service
 * draws (each drawn as for a job served alone, on the node's hardware), the
 * factor from the model's latency-against-batch-size curve. Its jobs all
 * complete when the batch does. A `size` batcher that can never fill (the
 * demand has ended) would hold its jobs for ever: `drain` serves what is
 * left when nothing else can happen.
 *
 * Queue entries and batches live in typed-array pools recycled through free
 * lists, so serving allocates nothing per job. The owner is told of each job
 * when its batch completes (see BatchCompletion).
 */
import type { Environment } from '../engine/environment.js';
import type { BatchCurve } from '../profile/batch-latency.js';
import { grown } from './grown-array.js';

export type BatchPolicy = 'queued' | 'size' | 'wait' | 'size-or-wait';

/** How one server batches (a population's `batching`, with its model's curve). */
export interface BatchServerSpec {
  readonly policy: BatchPolicy;
  readonly maxSize: number;
  /** For `wait` and `size-or-wait`. */
  readonly maxWaitMs?: number | undefined;
  readonly curve: BatchCurve;
}

/**
 * Told of each job of a completed batch, in queue order, at the batch's
 * completion: the job, when its batch started, the batch's service time,
 * the job's share of it (service ÷ batch size) and when it joined the queue.
 */
export type BatchCompletion = (job: number, batchStartMs: number, batchServiceMs: number, shareMs: number, enqueuedMs: number) => void;

const NONE = 0;
const QUEUED = 1;
const SIZE = 2;
const WAIT = 3;
const SIZE_OR_WAIT = 4;
const POLICY_CODES: Readonly<Record<BatchPolicy, number>> = { queued: QUEUED, size: SIZE, wait: WAIT, 'size-or-wait': SIZE_OR_WAIT };

const PRIORITY_COMPLETION = 0;
/** A batch's wait runs out after the arrivals of the same instant, which may still join it. */
const PRIORITY_TIMER = 1;

export class BatchQueues {
  private readonly policy: Uint8Array;
  private readonly maxSize: Int32Array;
  private readonly maxWaitMs: Float64Array;
  private readonly concurrency: Int32Array;
  private readonly curves: (BatchCurve | null)[];
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly length: Int32Array;
  private readonly busy: Int32Array;
  private readonly timerPending: Uint8Array;
  /** Per server: batches completed and the jobs they held, for the mean batch size. */
  readonly batchesServed: Float64Array;
  readonly jobsServed: Float64Array;
  private readonly entries = new EntryPool();
  private readonly batches = new BatchPool();
  private readonly doneEvent: number;
  private readonly timerEvent: number;

  /**
   * @param specs        per server (index = the server's node index): its batching, or null for a server that serves jobs alone
   * @param concurrency  per server: how many batches it runs at once
   */
  constructor(
    private readonly env: Environment,
    name: string,
    specs: readonly (BatchServerSpec | null)[],
    concurrency: readonly number[],
    private readonly completed: BatchCompletion,
  ) {
    const n = specs.length;
    this.policy = Uint8Array.from(specs, (spec) => (spec === null ? NONE : POLICY_CODES[spec.policy]));
    this.maxSize = Int32Array.from(specs, (spec) => spec?.maxSize ?? 1);
    this.maxWaitMs = Float64Array.from(specs, (spec) => spec?.maxWaitMs ?? Number.POSITIVE_INFINITY);
    this.concurrency = Int32Array.from(concurrency);
    this.curves = specs.map((spec) => spec?.curve ?? null);
    this.head = new Int32Array(n).fill(-1);
    this.tail = new Int32Array(n).fill(-1);
    this.length = new Int32Array(n);
    this.busy = new Int32Array(n);
    this.timerPending = new Uint8Array(n);
    this.batchesServed = new Float64Array(n);
    this.jobsServed = new Float64Array(n);
    this.doneEvent = env.defineEventType(`${name}-batch-done`, this.onBatchDone.bind(this));
    this.timerEvent = env.defineEventType(`${name}-batch-wait`, this.onWaitOver.bind(this));
  }

  /** Whether the server batches (else its jobs go through the role's ServerTimelines). */
  batching(server: number): boolean {
    return this.policy[server] !== NONE;
  }

  /** A job joins the server's queue now, with its own service draw; it may start a batch at once. */
  enqueue(server: number, job: number, serviceDrawMs: number): void {
    const entry = this.entries.take(job, this.env.now, serviceDrawMs);
    if (this.length[server] === 0) this.head[server] = entry;
    else this.entries.next[this.tail[server]!] = entry;
    this.tail[server] = entry;
    this.length[server]!++;
    this.dispatch(server, false);
  }

  /**
   * Nothing else can happen: serves, as partial batches, the jobs left
   * waiting at servers with a free slot. Returns whether it started any.
   */
  drain(): boolean {
    let started = false;
    for (let server = 0; server < this.policy.length; server++) {
      if (this.length[server]! > 0 && this.busy[server]! < this.concurrency[server]!) {
        this.dispatch(server, true);
        started = true;
      }
    }
    return started;
  }

  /** Starts every batch the server's policy allows now (all that fit, when draining); arms the wait for the next. */
  private dispatch(server: number, draining: boolean): void {
    const now = this.env.now;
    while (this.busy[server]! < this.concurrency[server]! && this.length[server]! > 0) {
      if (!draining && !this.ready(server, now)) break;
      this.start(server, Math.min(this.length[server]!, this.maxSize[server]!));
    }
    const policy = this.policy[server]!;
    if (
      (policy === WAIT || policy === SIZE_OR_WAIT) &&
      this.length[server]! > 0 &&
      this.busy[server]! < this.concurrency[server]! &&
      this.timerPending[server] === 0
    ) {
      this.timerPending[server] = 1;
      this.env.scheduleAt(this.entries.enqueuedMs[this.head[server]!]! + this.maxWaitMs[server]!, this.timerEvent, server, PRIORITY_TIMER);
    }
  }

  /** Whether the server's policy starts a batch now from what is queued. */
  private ready(server: number, now: number): boolean {
    const policy = this.policy[server]!;
    if (policy === QUEUED) return true;
    const full = this.length[server]! >= this.maxSize[server]!;
    if (policy === SIZE) return full;
    // The same sum the wait was scheduled at, so a wait that ran out compares equal.
    const waited = now >= this.entries.enqueuedMs[this.head[server]!]! + this.maxWaitMs[server]!;
    return policy === WAIT ? waited : full || waited;
  }

  /** Starts a batch of the `size` jobs at the head of the server's queue. */
  private start(server: number, size: number): void {
    const entries = this.entries;
    const first = this.head[server]!;
    let last = first;
    let drawSum = entries.drawMs[first]!;
    for (let i = 1; i < size; i++) {
      last = entries.next[last]!;
      drawSum += entries.drawMs[last]!;
    }
    this.head[server] = entries.next[last]!;
    entries.next[last] = -1;
    this.length[server]! -= size;
    if (this.length[server] === 0) this.tail[server] = -1;
    const serviceMs = this.curves[server]!.factor(size) * (size === 1 ? drawSum : drawSum / size);
    const batch = this.batches.take(first, size, server, this.env.now, serviceMs);
    this.busy[server]!++;
    this.env.scheduleAt(this.env.now + serviceMs, this.doneEvent, batch, PRIORITY_COMPLETION);
  }

  private onBatchDone(batch: number): void {
    const batches = this.batches;
    const entries = this.entries;
    const server = batches.server[batch]!;
    const size = batches.size[batch]!;
    const startMs = batches.startMs[batch]!;
    const serviceMs = batches.serviceMs[batch]!;
    const shareMs = size === 1 ? serviceMs : serviceMs / size;
    this.busy[server]!--;
    this.batchesServed[server]!++;
    this.jobsServed[server]! += size;
    let entry = batches.first[batch]!;
    batches.release(batch);
    while (entry !== -1) {
      const next = entries.next[entry]!;
      this.completed(entries.job[entry]!, startMs, serviceMs, shareMs, entries.enqueuedMs[entry]!);
      entries.release(entry);
      entry = next;
    }
    this.dispatch(server, false);
  }

  private onWaitOver(server: number): void {
    this.timerPending[server] = 0;
    this.dispatch(server, false);
  }
}

/** Queue entries: a job, when it joined, its own service draw, and the next entry of its queue or batch (−1 for none). */
class EntryPool {
  job = new Int32Array(0);
  next = new Int32Array(0);
  enqueuedMs = new Float64Array(0);
  drawMs = new Float64Array(0);
  private free = -1;

  take(job: number, enqueuedMs: number, drawMs: number): number {
    if (this.free === -1) this.grow();
    const entry = this.free;
    this.free = this.next[entry]!;
    this.job[entry] = job;
    this.next[entry] = -1;
    this.enqueuedMs[entry] = enqueuedMs;
    this.drawMs[entry] = drawMs;
    return entry;
  }

  release(entry: number): void {
    this.next[entry] = this.free;
    this.free = entry;
  }

  private grow(): void {
    const old = this.job.length;
    const capacity = Math.max(256, old * 2);
    this.job = grown(this.job, capacity);
    this.next = grown(this.next, capacity);
    this.enqueuedMs = grown(this.enqueuedMs, capacity);
    this.drawMs = grown(this.drawMs, capacity);
    for (let entry = capacity - 1; entry >= old; entry--) {
      this.next[entry] = this.free;
      this.free = entry;
    }
  }
}

/** Batches in service: their first entry, size, server, start and service time. */
class BatchPool {
  first = new Int32Array(0);
  size = new Int32Array(0);
  server = new Int32Array(0);
  startMs = new Float64Array(0);
  serviceMs = new Float64Array(0);
  private nextFree = new Int32Array(0);
  private free = -1;

  take(first: number, size: number, server: number, startMs: number, serviceMs: number): number {
    if (this.free === -1) this.grow();
    const batch = this.free;
    this.free = this.nextFree[batch]!;
    this.first[batch] = first;
    this.size[batch] = size;
    this.server[batch] = server;
    this.startMs[batch] = startMs;
    this.serviceMs[batch] = serviceMs;
    return batch;
  }

  release(batch: number): void {
    this.nextFree[batch] = this.free;
    this.free = batch;
  }

  private grow(): void {
    const old = this.first.length;
    const capacity = Math.max(64, old * 2);
    this.first = grown(this.first, capacity);
    this.size = grown(this.size, capacity);
    this.server = grown(this.server, capacity);
    this.startMs = grown(this.startMs, capacity);
    this.serviceMs = grown(this.serviceMs, capacity);
    this.nextFree = grown(this.nextFree, capacity);
    for (let batch = capacity - 1; batch >= old; batch--) {
      this.nextFree[batch] = this.free;
      this.free = batch;
    }
  }
}
