/**
 * In-flight requests indexed by slot, recycled through a free list, so the
 * request lifecycle allocates nothing per event. Each request owns K
 * evaluation jobs, numbered slot·K + j.
 *
 * A request's own fields are one 8-slot record (one cache line), and its
 * jobs' timings are records side by side: with tens of thousands of
 * requests in flight, one array per field would cost a cache miss per field
 * at every event. Scores and evaluator ids stay in arrays of their own,
 * contiguous per request, because consensus rules read them as a range.
 */
import { touchLines } from './cache-lines.js';
import { grown } from './grown-array.js';

const SLOT_STRIDE = 8;
const TASK = 0;
const NODE = 1;
const ARRIVAL_MS = 2;
const SERVICE_START_MS = 3;
const SERVICE_MS = 4;
const QUALITY = 5;
const FIRST_SCORE = 6;

const JOB_STRIDE = 3;
const JOB_ENQUEUED_MS = 0;
const JOB_START_MS = 1;
const JOB_SERVICE_MS = 2;

export class RequestTable {
  capacity = 0;
  readonly k: number;
  private slots = new Float64Array(0);
  private jobTimes = new Float64Array(0);
  jobEvaluator = new Int32Array(0);
  jobScore = new Float64Array(0);

  private free = new Int32Array(0);
  private freeCount = 0;
  private inUse = 0;

  constructor(k: number, initialCapacity = 256) {
    this.k = k;
    this.grow(initialCapacity);
  }

  get active(): number {
    return this.inUse;
  }

  /**
   * Loads what settling the request reads of its own records, ahead of use
   * (see Preloader): its fields, its jobs' timings, evaluators and scores,
   * four arrays whose misses overlap when loaded together. Changes nothing.
   */
  touch(slot: number): number {
    const k = this.k;
    const base = slot * k;
    const at = slot * SLOT_STRIDE;
    const ids = this.jobEvaluator;
    const scores = this.jobScore;
    const sum =
      this.slots[at]! + this.slots[at + SLOT_STRIDE - 1]! + ids[base]! + ids[base + k - 1]! + scores[base]! + scores[base + k - 1]!;
    return sum + touchLines(this.jobTimes, base * JOB_STRIDE, (base + k) * JOB_STRIDE);
  }

  /** Takes a free slot for a request of `task` routed to `node`, arriving now. */
  allocate(task: number, node: number, arrivalMs: number): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    this.inUse++;
    const slot = this.free[--this.freeCount]!;
    const at = slot * SLOT_STRIDE;
    this.slots[at + TASK] = task;
    this.slots[at + NODE] = node;
    this.slots[at + ARRIVAL_MS] = arrivalMs;
    return slot;
  }

  release(slot: number): void {
    this.inUse--;
    this.free[this.freeCount++] = slot;
  }

  task(slot: number): number {
    return this.slots[slot * SLOT_STRIDE + TASK]!;
  }
  node(slot: number): number {
    return this.slots[slot * SLOT_STRIDE + NODE]!;
  }
  arrivalMs(slot: number): number {
    return this.slots[slot * SLOT_STRIDE + ARRIVAL_MS]!;
  }
  /** Time between arrival and the start of inference. */
  waitMs(slot: number): number {
    const at = slot * SLOT_STRIDE;
    return this.slots[at + SERVICE_START_MS]! - this.slots[at + ARRIVAL_MS]!;
  }
  serviceMs(slot: number): number {
    return this.slots[slot * SLOT_STRIDE + SERVICE_MS]!;
  }
  /** True answer quality (set when inference completes). */
  quality(slot: number): number {
    return this.slots[slot * SLOT_STRIDE + QUALITY]!;
  }
  /** The first score of the round made public (NaN until one is), for copiers. */
  firstScore(slot: number): number {
    return this.slots[slot * SLOT_STRIDE + FIRST_SCORE]!;
  }

  startService(slot: number, startMs: number, serviceMs: number): void {
    const at = slot * SLOT_STRIDE;
    this.slots[at + SERVICE_START_MS] = startMs;
    this.slots[at + SERVICE_MS] = serviceMs;
  }

  /** The answer is ready: record its true quality. */
  answered(slot: number, quality: number): void {
    this.slots[slot * SLOT_STRIDE + QUALITY] = quality;
  }

  setFirstScore(slot: number, score: number): void {
    this.slots[slot * SLOT_STRIDE + FIRST_SCORE] = score;
  }

  /** A job joined its evaluator's queue at `enqueuedMs`, starts at `startMs` and takes `serviceMs`. */
  jobTimed(job: number, enqueuedMs: number, startMs: number, serviceMs: number): void {
    const at = job * JOB_STRIDE;
    this.jobTimes[at + JOB_ENQUEUED_MS] = enqueuedMs;
    this.jobTimes[at + JOB_START_MS] = startMs;
    this.jobTimes[at + JOB_SERVICE_MS] = serviceMs;
  }
  /** Time a job waited in its evaluator's queue. */
  jobWaitMs(job: number): number {
    const at = job * JOB_STRIDE;
    return this.jobTimes[at + JOB_START_MS]! - this.jobTimes[at + JOB_ENQUEUED_MS]!;
  }
  jobServiceMs(job: number): number {
    return this.jobTimes[job * JOB_STRIDE + JOB_SERVICE_MS]!;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const k = this.k;
    this.slots = grown(this.slots, capacity * SLOT_STRIDE);
    this.jobTimes = grown(this.jobTimes, capacity * k * JOB_STRIDE);
    this.jobEvaluator = grown(this.jobEvaluator, capacity * k);
    this.jobScore = grown(this.jobScore, capacity * k);
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    // Push new slots so that the lowest index is handed out first.
    let count = this.freeCount;
    for (let slot = capacity - 1; slot >= old; slot--) free[count++] = slot;
    this.free = free;
    this.freeCount = count;
    this.capacity = capacity;
  }
}
