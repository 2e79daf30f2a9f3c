/**
 * A set of servers, each with a concurrency limit and a FIFO queue. Queues
 * are intrusive linked lists through a caller-owned `next` array, so
 * enqueueing allocates nothing.
 *
 * A server's state (busy, capacity, queue head, tail and length) is one
 * 8-slot record in one Int32Array: with 100,000 servers, each request
 * touches a random one, and one array per field would cost a cache miss
 * per field.
 */

const STRIDE = 8;
const BUSY = 0;
const CAPACITY = 1;
const HEAD = 2;
const TAIL = 3;
const QUEUE_LENGTH = 4;

export class FifoServers {
  private readonly records: Int32Array;

  constructor(concurrency: ArrayLike<number>) {
    const n = concurrency.length;
    this.records = new Int32Array(n * STRIDE);
    for (let server = 0; server < n; server++) {
      const at = server * STRIDE;
      this.records[at + CAPACITY] = concurrency[server]!;
      this.records[at + HEAD] = -1;
      this.records[at + TAIL] = -1;
    }
  }

  hasFreeCapacity(server: number): boolean {
    const at = server * STRIDE;
    return this.records[at + BUSY]! < this.records[at + CAPACITY]!;
  }

  /** A job starts on the server. */
  acquire(server: number): void {
    this.records[server * STRIDE + BUSY]!++;
  }

  /** A job finishes on the server. */
  release(server: number): void {
    this.records[server * STRIDE + BUSY]!--;
  }

  busy(server: number): number {
    return this.records[server * STRIDE + BUSY]!;
  }

  queueLength(server: number): number {
    return this.records[server * STRIDE + QUEUE_LENGTH]!;
  }

  enqueue(server: number, item: number, next: Int32Array): void {
    const r = this.records;
    const at = server * STRIDE;
    next[item] = -1;
    const tail = r[at + TAIL]!;
    if (tail === -1) r[at + HEAD] = item;
    else next[tail] = item;
    r[at + TAIL] = item;
    r[at + QUEUE_LENGTH]!++;
  }

  /** Removes and returns the oldest queued item, or -1 when the queue is empty. */
  dequeue(server: number, next: Int32Array): number {
    const r = this.records;
    const at = server * STRIDE;
    const item = r[at + HEAD]!;
    if (item === -1) return -1;
    const following = next[item]!;
    r[at + HEAD] = following;
    if (following === -1) r[at + TAIL] = -1;
    r[at + QUEUE_LENGTH]!--;
    return item;
  }
}
