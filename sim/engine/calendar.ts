/**
 * The event calendar: pending events ordered by (time, priority, insertion
 * sequence). A calendar queue (Brown, 1988) in the style of a one-rung
 * ladder queue: time is cut into buckets of equal width, and events wait in
 * their bucket, unsorted, until the calendar reaches it.
 *
 * - Buckets: a rung of up to 4,096 buckets from `rungStart`. Scheduling an
 *   event appends it to its bucket (found by one multiplication).
 * - Overflow: events beyond the rung, appended unsorted. When every bucket
 *   has been used, a new rung is laid over the overflow's earliest events.
 * - Batch: the contents of the bucket being used, sorted by a counting sort
 *   on time. Popping reads the batch's head.
 * - Near: a small min-heap for events scheduled into a bucket already
 *   emptied into the batch (in a market, mostly the next arrival).
 *
 * The bucket of a time is monotone in time, so every batch and near event
 * is earlier than every event still in a bucket, and those earlier than
 * every overflow event: the earliest event is the earlier of the batch's
 * head and the heap's root.
 *
 * Why: in a market, tens of thousands of events are pending, most scheduled
 * far ahead (inference takes seconds while requests arrive every few
 * microseconds). In a heap each pop is a chain of unpredictable comparisons
 * through its levels; here scheduling is an append, a batch is sorted in
 * linear time, and popping is a read. Buckets are sized from the measured
 * event rate (about 64 events each), which keeps the batch's time window
 * short, and with it the near heap small. Its cost per event barely grows
 * with the number pending (docs/performance.md has the measurements against
 * the heap it replaced).
 *
 * Events are stored as parallel typed arrays rather than objects so that
 * scheduling and popping allocate nothing; the arrays grow when full.
 * Priority and sequence are packed into one float64 "order" key
 * (priority · 2^44 + sequence), exact while priority < 512 and fewer than
 * 2^44 events have been scheduled, so a comparison is two float compares.
 * Events come out in exactly (time, priority, sequence) order: the keys
 * decide, not the tiers' arrangement.
 *
 * The near heap is 4-ary, and `pop()` taking its root leaves the root slot
 * vacant: a handler that schedules an event right away drops it into the
 * root (one sift-down instead of a sift-down for the pop and a sift-up for
 * the push). The vacancy is filled from the last leaf only if the next call
 * is not a push.
 */
import { BucketStore } from './bucket-store.js';
import { EventArrays, sortEventsByTime } from './event-arrays.js';

const SEQUENCE_SPAN = 2 ** 44;
export const MAX_PRIORITY = 511;
/** Events per bucket the width aims for: small enough to keep the batch's window short, large enough to amortize a bucket. */
const EVENTS_PER_BUCKET = 64;
const MAX_BUCKETS = 4096;
/** Pops a rung must have seen for its event rate to size the next rung's buckets. */
const MIN_POPS_FOR_RATE = 4 * EVENTS_PER_BUCKET;

export class Calendar {
  private sequence = 0;

  /** The near heap. */
  private readonly heap: EventArrays;
  private count = 0;
  /** True when the root slot holds an event already popped, to be replaced by the next push. */
  private rootVacant = false;

  /** The sorted contents of the bucket in use, read from `batchHead` to `batchEnd`. */
  private readonly batch: EventArrays;
  private batchHead = 0;
  private batchEnd = 0;
  /** Where a bucket's events are gathered before they are sorted into the batch. */
  private readonly staging: EventArrays;

  /** The rung: event time t belongs to bucket ⌊(t − rungStart) · inverseWidth⌋. Buckets below nextBucket are used up. */
  private rungStart = 0;
  private inverseWidth = 0;
  private bucketCount = 0;
  private nextBucket = 0;
  private readonly buckets = new BucketStore(MAX_BUCKETS);
  /** Pops since `rateSince` (a rung's start): the event rate that sizes the next rung's buckets. */
  private ratePops = 0;
  private rateSince = 0;
  /** The last bucket width measured from the event rate (0 before the first), and whether the rung uses it. */
  private measuredWidth = 0;
  private rungFromRate = false;

  private readonly overflow: EventArrays;
  private overflowCount = 0;
  private overflowMin = Number.POSITIVE_INFINITY;
  private overflowMaxFinite = Number.NEGATIVE_INFINITY;

  /** Fields of the event most recently removed by `pop()`. */
  poppedTime = 0;
  poppedType = 0;
  poppedPayload = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(4, initialCapacity);
    this.heap = new EventArrays(capacity);
    this.batch = new EventArrays(capacity);
    this.staging = new EventArrays(capacity);
    this.overflow = new EventArrays(capacity);
  }

  get size(): number {
    return this.batchEnd - this.batchHead + (this.rootVacant ? this.count - 1 : this.count) + this.buckets.events + this.overflowCount;
  }

  /** Time of the earliest pending event, or +Infinity when empty. */
  peekTime(): number {
    if (this.rootVacant) this.fillVacantRoot();
    if (this.batchHead === this.batchEnd && this.count === 0) this.refill();
    const heapTime = this.count > 0 ? this.heap.times[0]! : Number.POSITIVE_INFINITY;
    if (this.batchHead === this.batchEnd) return heapTime;
    const batchTime = this.batch.times[this.batchHead]!;
    return batchTime < heapTime ? batchTime : heapTime;
  }

  push(time: number, priority: number, type: number, payload: number): void {
    const order = priority * SEQUENCE_SPAN + this.sequence++;
    const position = (time - this.rungStart) * this.inverseWidth;
    if (position < this.nextBucket) this.pushNear(time, order, type, payload);
    else if (position < this.bucketCount) this.buckets.add(Math.floor(position), time, order, type, payload);
    else this.pushOverflow(time, order, type, payload); // beyond the rung, or NaN (a time of +Infinity)
  }

  private pushOverflow(time: number, order: number, type: number, payload: number): void {
    const overflow = this.overflow;
    if (this.overflowCount === overflow.capacity) overflow.ensure(this.overflowCount + 1, this.overflowCount);
    const at = this.overflowCount++;
    overflow.times[at] = time;
    overflow.orders[at] = order;
    overflow.types[at] = type;
    overflow.payloads[at] = payload;
    if (time < this.overflowMin) this.overflowMin = time;
    if (time > this.overflowMaxFinite && time < Number.POSITIVE_INFINITY) this.overflowMaxFinite = time;
  }

  private pushNear(time: number, order: number, type: number, payload: number): void {
    if (this.rootVacant) {
      this.rootVacant = false;
      this.siftDown(0, time, order, type, payload);
      return;
    }
    const heap = this.heap;
    if (this.count === heap.capacity) heap.ensure(this.count + 1, this.count);
    const times = heap.times;
    const orders = heap.orders;
    const types = heap.types;
    const payloads = heap.payloads;
    // Sift the hole up from the end, moving parents down, then write once.
    let hole = this.count++;
    while (hole > 0) {
      const parent = (hole - 1) >> 2;
      const parentTime = times[parent]!;
      if (parentTime < time || (parentTime === time && orders[parent]! < order)) break;
      times[hole] = parentTime;
      orders[hole] = orders[parent]!;
      types[hole] = types[parent]!;
      payloads[hole] = payloads[parent]!;
      hole = parent;
    }
    times[hole] = time;
    orders[hole] = order;
    types[hole] = type;
    payloads[hole] = payload;
  }

  /** Removes the earliest event into `poppedTime/Type/Payload`. Returns false when empty. */
  pop(): boolean {
    if (this.rootVacant) this.fillVacantRoot();
    this.ratePops++;
    if (this.batchHead === this.batchEnd) {
      if (this.count > 0) {
        this.popRoot();
        return true;
      }
      this.refill();
      if (this.batchHead === this.batchEnd) return false;
    } else if (this.count > 0) {
      const heap = this.heap;
      const batch = this.batch;
      const head = this.batchHead;
      const heapTime = heap.times[0]!;
      const batchTime = batch.times[head]!;
      if (heapTime < batchTime || (heapTime === batchTime && heap.orders[0]! < batch.orders[head]!)) {
        this.popRoot();
        return true;
      }
    }
    const batch = this.batch;
    const head = this.batchHead++;
    this.poppedTime = batch.times[head]!;
    this.poppedType = batch.types[head]!;
    this.poppedPayload = batch.payloads[head]!;
    return true;
  }

  private popRoot(): void {
    const heap = this.heap;
    this.poppedTime = heap.times[0]!;
    this.poppedType = heap.types[0]!;
    this.poppedPayload = heap.payloads[0]!;
    this.rootVacant = true;
  }

  /** With the batch and the near heap empty: sorts the next non-empty bucket into the batch, laying a new rung when none is left. */
  private refill(): void {
    // A rung laid before the event rate was known is relaid as soon as it is: its buckets may be far too wide.
    if (!this.rungFromRate && this.ratePops >= MIN_POPS_FOR_RATE && this.buckets.events > 0) this.returnBucketsToOverflow();
    for (;;) {
      const buckets = this.buckets;
      while (this.nextBucket < this.bucketCount && buckets.sizeOf(this.nextBucket) === 0) this.nextBucket++;
      if (this.nextBucket < this.bucketCount) {
        const m = buckets.drainInto(this.nextBucket++, this.staging);
        this.sortIntoBatch(m);
        return;
      }
      if (this.overflowCount === 0) return;
      if (!(this.overflowMin < Number.POSITIVE_INFINITY)) {
        this.batchEverythingAtInfinity();
        return;
      }
      this.layRung();
    }
  }

  /**
   * Lays a new rung from the overflow's earliest event: buckets as wide as
   * the event rate says about 64 events take, as many as cover the
   * overflow's finite times, at most 4,096. The rate is measured over at
   * least 256 pops; until there is one, a bucket per overflow event on
   * average (then relaid once the rate is known, see refill). Overflow events
   * within the rung move into their buckets; later ones stay.
   */
  private layRung(): void {
    const start = this.overflowMin;
    const elapsed = start - this.rateSince;
    if (this.ratePops >= MIN_POPS_FOR_RATE && elapsed > 0 && elapsed < Number.POSITIVE_INFINITY) {
      this.measuredWidth = (EVENTS_PER_BUCKET * elapsed) / this.ratePops;
      this.rateSince = start;
      this.ratePops = 0;
    }
    let width = this.measuredWidth;
    this.rungFromRate = width > 0;
    if (!this.rungFromRate) width = (this.overflowMaxFinite - start) / Math.min(MAX_BUCKETS, this.overflowCount);
    if (!(width > 0 && width < Number.POSITIVE_INFINITY)) width = 1;
    this.rungStart = start;
    this.inverseWidth = 1 / width;
    this.bucketCount = Math.min(MAX_BUCKETS, Math.floor((this.overflowMaxFinite - start) * this.inverseWidth) + 1);
    if (!(this.bucketCount >= 1)) this.bucketCount = 1;
    this.nextBucket = 0;

    const overflow = this.overflow;
    const { times, orders, types, payloads } = overflow;
    let kept = 0;
    let min = Number.POSITIVE_INFINITY;
    let maxFinite = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.overflowCount; i++) {
      const time = times[i]!;
      const position = (time - start) * this.inverseWidth;
      if (position < this.bucketCount) {
        this.buckets.add(Math.floor(position), time, orders[i]!, types[i]!, payloads[i]!);
        continue;
      }
      // Stays in the overflow, compacted towards its front (kept ≤ i).
      times[kept] = time;
      orders[kept] = orders[i]!;
      types[kept] = types[i]!;
      payloads[kept] = payloads[i]!;
      kept++;
      if (time < min) min = time;
      if (time > maxFinite && time < Number.POSITIVE_INFINITY) maxFinite = time;
    }
    this.overflowCount = kept;
    this.overflowMin = min;
    this.overflowMaxFinite = maxFinite;
  }

  /** Moves every event still in a bucket back to the overflow, ending the rung. */
  private returnBucketsToOverflow(): void {
    const staging = this.staging;
    for (let bucket = this.nextBucket; bucket < this.bucketCount; bucket++) {
      if (this.buckets.sizeOf(bucket) === 0) continue;
      const m = this.buckets.drainInto(bucket, staging);
      for (let i = 0; i < m; i++) this.pushOverflow(staging.times[i]!, staging.orders[i]!, staging.types[i]!, staging.payloads[i]!);
    }
    this.nextBucket = this.bucketCount;
  }

  /**
   * Only events at +Infinity remain: they become the batch (in order of
   * priority and sequence), and every later push of a finite time goes to
   * the near heap, ahead of them.
   */
  private batchEverythingAtInfinity(): void {
    const m = this.overflowCount;
    const overflow = this.overflow;
    this.staging.ensure(m, 0);
    for (let i = 0; i < m; i++) this.staging.copyFrom(overflow, i, i);
    this.overflowCount = 0;
    this.overflowMin = Number.POSITIVE_INFINITY;
    this.overflowMaxFinite = Number.NEGATIVE_INFINITY;
    this.rungStart = Number.POSITIVE_INFINITY;
    this.inverseWidth = 1;
    this.bucketCount = 0;
    this.nextBucket = 0;
    this.sortIntoBatch(m);
  }

  private sortIntoBatch(m: number): void {
    sortEventsByTime(this.staging, m, this.batch);
    this.batchHead = 0;
    this.batchEnd = m;
  }

  /** Moves the last leaf into the vacant root and sifts it down. */
  private fillVacantRoot(): void {
    this.rootVacant = false;
    const last = --this.count;
    if (last === 0) return;
    const heap = this.heap;
    this.siftDown(0, heap.times[last]!, heap.orders[last]!, heap.types[last]!, heap.payloads[last]!);
  }

  /** Places an event at `hole` or below it, moving the smallest child up while it is earlier than the event. */
  private siftDown(hole: number, time: number, order: number, type: number, payload: number): void {
    const heap = this.heap;
    const times = heap.times;
    const orders = heap.orders;
    const types = heap.types;
    const payloads = heap.payloads;
    const count = this.count;
    for (;;) {
      const first = 4 * hole + 1;
      if (first >= count) break;
      let child = first;
      let childTime = times[first]!;
      let childOrder = orders[first]!;
      const end = first + 4 < count ? first + 4 : count;
      for (let c = first + 1; c < end; c++) {
        const t = times[c]!;
        if (t < childTime || (t === childTime && orders[c]! < childOrder)) {
          child = c;
          childTime = t;
          childOrder = orders[c]!;
        }
      }
      if (time < childTime || (time === childTime && order < childOrder)) break;
      times[hole] = childTime;
      orders[hole] = childOrder;
      types[hole] = types[child]!;
      payloads[hole] = payloads[child]!;
      hole = child;
    }
    times[hole] = time;
    orders[hole] = order;
    types[hole] = type;
    payloads[hole] = payload;
  }
}
