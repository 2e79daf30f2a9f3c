/**
 * A set of FIFO servers, each with a concurrency limit, kept as the times
 * at which its slots next fall free (Lindley's recursion) instead of as a
 * queue of waiting jobs. A job that arrives at `t` starts at the earlier of
 * `t` and its server's earliest free slot, and holds that slot until it
 * completes. Served in arrival order, that is exactly a FIFO queue with c
 * servers, and it needs no event when a job starts or leaves the queue:
 * only the job's completion is an event, and only if the model has
 * something to do then.
 *
 * Each server's free times are a small min-heap of `concurrency` slots in
 * one Float64Array; with concurrency 1 (the default) it is one number.
 */

export class ServerTimelines {
  private readonly freeAt: Float64Array;
  private readonly offset: Int32Array;
  private readonly size: Int32Array;
  /** Every server has concurrency 1: its free time is freeAt[server], with no offset to look up. */
  private readonly allSingle: boolean;

  constructor(concurrency: ArrayLike<number>) {
    const n = concurrency.length;
    this.offset = new Int32Array(n);
    this.size = new Int32Array(n);
    let total = 0;
    for (let server = 0; server < n; server++) {
      this.offset[server] = total;
      this.size[server] = concurrency[server]!;
      total += concurrency[server]!;
    }
    this.freeAt = new Float64Array(total);
    this.allSingle = total === n;
  }

  /** Loads the server's earliest free time ahead of use (see Preloader); changes nothing. */
  touch(server: number): number {
    return this.freeAt[this.allSingle ? server : this.offset[server]!]!;
  }

  /**
   * Admits a job arriving at `arrivalMs` that needs `serviceMs` of service;
   * returns its start time. The job then holds the slot until start + service.
   */
  admit(server: number, arrivalMs: number, serviceMs: number): number {
    const heap = this.freeAt;
    if (this.allSingle) {
      const free = heap[server]!;
      const begins = free > arrivalMs ? free : arrivalMs;
      heap[server] = begins + serviceMs;
      return begins;
    }
    const root = this.offset[server]!;
    const earliest = heap[root]!;
    const start = earliest > arrivalMs ? earliest : arrivalMs;
    const freeAgain = start + serviceMs;
    const size = this.size[server]!;
    if (size === 1) {
      heap[root] = freeAgain;
      return start;
    }
    // Replace the earliest slot and sift it down (binary heap within the server's slots).
    let hole = 0;
    for (;;) {
      let child = 2 * hole + 1;
      if (child >= size) break;
      if (child + 1 < size && heap[root + child + 1]! < heap[root + child]!) child++;
      if (freeAgain <= heap[root + child]!) break;
      heap[root + hole] = heap[root + child]!;
      hole = child;
    }
    heap[root + hole] = freeAgain;
    return start;
  }
}
