/**
 * In-flight requests as parallel typed arrays indexed by slot, recycled
 * through a free list, so the request lifecycle allocates nothing per event.
 * Each request owns K evaluation jobs, numbered slot·K + j.
 */

export class RequestTable {
  capacity = 0;
  readonly k: number;
  task = new Int32Array(0);
  node = new Int32Array(0);
  arrivalMs = new Float64Array(0);
  serviceStartMs = new Float64Array(0);
  serviceMs = new Float64Array(0);
  quality = new Float64Array(0);
  pendingScores = new Int32Array(0);
  /** The first score of the round made public (NaN until one is), for copiers. */
  firstScore = new Float64Array(0);
  /** Next request in the same F node's FIFO queue, or -1. */
  nextInQueue = new Int32Array(0);

  jobEvaluator = new Int32Array(0);
  jobScore = new Float64Array(0);
  jobEnqueuedMs = new Float64Array(0);
  jobStartMs = new Float64Array(0);
  jobServiceMs = new Float64Array(0);
  /** Next job in the same evaluator's FIFO queue, or -1. */
  jobNextInQueue = new Int32Array(0);

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

  allocate(): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    this.inUse++;
    return this.free[--this.freeCount]!;
  }

  release(slot: number): void {
    this.inUse--;
    this.free[this.freeCount++] = slot;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const k = this.k;
    this.task = resized(this.task, capacity);
    this.node = resized(this.node, capacity);
    this.arrivalMs = resized(this.arrivalMs, capacity);
    this.serviceStartMs = resized(this.serviceStartMs, capacity);
    this.serviceMs = resized(this.serviceMs, capacity);
    this.quality = resized(this.quality, capacity);
    this.pendingScores = resized(this.pendingScores, capacity);
    this.firstScore = resized(this.firstScore, capacity);
    this.nextInQueue = resized(this.nextInQueue, capacity);
    this.jobEvaluator = resized(this.jobEvaluator, capacity * k);
    this.jobScore = resized(this.jobScore, capacity * k);
    this.jobEnqueuedMs = resized(this.jobEnqueuedMs, capacity * k);
    this.jobStartMs = resized(this.jobStartMs, capacity * k);
    this.jobServiceMs = resized(this.jobServiceMs, capacity * k);
    this.jobNextInQueue = resized(this.jobNextInQueue, capacity * k);
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

function resized<T extends Int32Array | Float64Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
