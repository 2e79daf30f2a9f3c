/**
 * The calendar's buckets: each an append-only list of events, stored in
 * chunks of 32 events drawn from one shared pool and returned to it when
 * the bucket is emptied. Appending writes next to the bucket's last event
 * and emptying reads chunk by chunk, so both stream through memory, and the
 * pool's size follows the number of events pending, not the number of
 * buckets times the largest bucket.
 */
import { EventArrays } from './event-arrays.js';

const CHUNK = 32;

export class BucketStore {
  private readonly pool = new EventArrays(64 * CHUNK);
  /** Per chunk: the bucket's next chunk. */
  private nextChunk = new Int32Array(64);
  private freeChunks = new Int32Array(64);
  private freeCount = 0;
  /** Chunks ever taken from the pool: chunk ids below this exist. */
  private chunksMade = 0;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly size: Int32Array;
  /** Events in all buckets. */
  events = 0;

  constructor(maxBuckets: number) {
    this.head = new Int32Array(maxBuckets);
    this.tail = new Int32Array(maxBuckets);
    this.size = new Int32Array(maxBuckets);
  }

  sizeOf(bucket: number): number {
    return this.size[bucket]!;
  }

  add(bucket: number, time: number, order: number, type: number, payload: number): void {
    const n = this.size[bucket]!;
    const within = n % CHUNK;
    let chunk: number;
    if (within === 0) {
      chunk = this.takeChunk();
      if (n === 0) this.head[bucket] = chunk;
      else this.nextChunk[this.tail[bucket]!] = chunk;
      this.tail[bucket] = chunk;
    } else {
      chunk = this.tail[bucket]!;
    }
    const at = chunk * CHUNK + within;
    const pool = this.pool;
    pool.times[at] = time;
    pool.orders[at] = order;
    pool.types[at] = type;
    pool.payloads[at] = payload;
    this.size[bucket] = n + 1;
    this.events++;
  }

  /** Moves the bucket's events, in the order they were added, to the front of `target`; returns how many. */
  drainInto(bucket: number, target: EventArrays): number {
    const n = this.size[bucket]!;
    target.ensure(n, 0);
    const pool = this.pool;
    let chunk = this.head[bucket]!;
    for (let copied = 0; copied < n;) {
      const base = chunk * CHUNK;
      const take = n - copied < CHUNK ? n - copied : CHUNK;
      for (let i = 0; i < take; i++) target.copyFrom(pool, base + i, copied + i);
      copied += take;
      const next = this.nextChunk[chunk]!;
      this.freeChunks[this.freeCount++] = chunk;
      chunk = next;
    }
    this.size[bucket] = 0;
    this.events -= n;
    return n;
  }

  private takeChunk(): number {
    if (this.freeCount > 0) return this.freeChunks[--this.freeCount]!;
    const chunk = this.chunksMade++;
    if (chunk === this.nextChunk.length) {
      const chunks = 2 * this.nextChunk.length;
      this.pool.ensure(chunks * CHUNK, chunk * CHUNK);
      const next = new Int32Array(chunks);
      next.set(this.nextChunk);
      this.nextChunk = next;
      const free = new Int32Array(chunks);
      free.set(this.freeChunks.subarray(0, this.freeCount));
      this.freeChunks = free;
    }
    return chunk;
  }
}
