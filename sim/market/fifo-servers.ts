/**
 * A set of servers, each with a concurrency limit and a FIFO queue. Queues
 * are intrusive linked lists through a caller-owned `next` array, so
 * enqueueing allocates nothing.
 */

export class FifoServers {
  readonly busy: Int32Array;
  readonly capacity: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  readonly queueLength: Int32Array;

  constructor(concurrency: ArrayLike<number>) {
    const n = concurrency.length;
    this.busy = new Int32Array(n);
    this.capacity = Int32Array.from(concurrency);
    this.head = new Int32Array(n).fill(-1);
    this.tail = new Int32Array(n).fill(-1);
    this.queueLength = new Int32Array(n);
  }

  hasFreeCapacity(server: number): boolean {
    return this.busy[server]! < this.capacity[server]!;
  }

  enqueue(server: number, item: number, next: Int32Array): void {
    next[item] = -1;
    const tail = this.tail[server]!;
    if (tail === -1) this.head[server] = item;
    else next[tail] = item;
    this.tail[server] = item;
    this.queueLength[server]!++;
  }

  /** Removes and returns the oldest queued item, or -1 when the queue is empty. */
  dequeue(server: number, next: Int32Array): number {
    const item = this.head[server]!;
    if (item === -1) return -1;
    const following = next[item]!;
    this.head[server] = following;
    if (following === -1) this.tail[server] = -1;
    this.queueLength[server]!--;
    return item;
  }
}
