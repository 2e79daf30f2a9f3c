/**
 * Independent random streams derived from one root seed, held in one
 * typed-array bank.
 *
 * A stream is keyed by (run, owner, purpose) strings and seeded by hashing
 * the key (seedrandom's Alea seeding), never by a counter, so its draws do
 * not depend on how many other streams exist, the order they were created
 * in, or which worker runs the simulation. Registering the same key twice
 * returns the same stream.
 *
 * The generator is Alea (seedrandom's `alea`, faster than its default ARC4;
 * docs/performance.md). Its state lives in a Float64Array, eight slots per
 * stream (one cache line), instead of one object per stream: with many
 * agents, per-object generator state costs more in cache misses than the
 * arithmetic.
 * The seeding and the draws are exactly seedrandom.alea's (tests check).
 */
import { aleaHeadState, seedAleaParts } from './alea-seed.js';

const KEY_VERSION = 'poq-sim/streams/v1';
const STRIDE = 8; // s0, s1, s2, c, spare normal, has-spare flag, 2 unused: one 64-byte line
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;

export function streamKey(rootSeed: number | string, run: number | string, owner: string, purpose: string): string {
  return `${keyHead(rootSeed, run)}${owner}\u0000${purpose}`;
}

/** What every key of a bank begins with. */
function keyHead(rootSeed: number | string, run: number | string): string {
  return `${KEY_VERSION}\u0000${rootSeed}\u0000${run}\u0000`;
}

export class StreamBank {
  private state = new Float64Array(STRIDE * 64);
  private count = 0;
  /**
   * Per owner, its streams' purposes and indices, alternating. Keyed by the
   * owner string itself (whose hash V8 keeps), not by a joined key built at
   * every call: with many agents, building and hashing a key per stream cost
   * more than seeding it.
   */
  private readonly streamsByOwner = new Map<string, (string | number)[]>();
  /** The head every key shares, and Mash's state after its first pass over it. */
  private readonly keyHead: string;
  private readonly keyHeadState: number;
  /** The open block's next free stream and its end (see openBlock); equal when no block is open. */
  private blockNext = 0;
  private blockEnd = 0;

  constructor(
    readonly rootSeed: number | string,
    readonly run: number | string = 0,
  ) {
    this.keyHead = keyHead(rootSeed, run);
    this.keyHeadState = aleaHeadState(this.keyHead);
  }

  get size(): number {
    return this.count;
  }

  /** The stream owned by `owner` (an agent id, or a component such as "demand") for `purpose`. */
  stream(owner: string, purpose: string): number {
    let owned = this.streamsByOwner.get(owner);
    if (owned === undefined) this.streamsByOwner.set(owner, (owned = []));
    for (let i = 0; i < owned.length; i += 2) if (owned[i] === purpose) return owned[i + 1] as number;
    const index = this.blockNext < this.blockEnd ? this.blockNext++ : this.count++;
    this.ensureCapacity(this.count);
    // Seeded from streamKey(rootSeed, run, owner, purpose), hashed in parts.
    seedAleaParts(this.keyHead, this.keyHeadState, owner, `\u0000${purpose}`, this.state, index * STRIDE);
    owned.push(purpose, index);
    return index;
  }

  /**
   * Reserves `count` blocks of `size` consecutive streams and returns the
   * first block's first stream: block i starts at first + i · size. A
   * role's nodes each get a block, so that where a node's generator states
   * lie follows from its index alone and can be loaded ahead of use without
   * first loading anything else. Layout only: draws depend on a stream's
   * key, never on where its state lies.
   */
  reserveBlocks(count: number, size: number): number {
    const first = this.count;
    this.count += count * size;
    this.ensureCapacity(this.count);
    return first;
  }

  /**
   * Streams registered from now until closeBlock() fill the block of `size`
   * streams at `first` (from reserveBlocks); once it is full, further ones
   * go to the end of the bank.
   */
  openBlock(first: number, size: number): void {
    this.blockNext = first;
    this.blockEnd = first + size;
  }

  closeBlock(): void {
    this.blockNext = this.blockEnd = 0;
  }

  private ensureCapacity(streams: number): void {
    if (streams * STRIDE <= this.state.length) return;
    let length = this.state.length * 2;
    while (length < streams * STRIDE) length *= 2;
    const grown = new Float64Array(length);
    grown.set(this.state);
    this.state = grown;
  }

  /**
   * Loads the generator state of `stream` and returns a number made of it,
   * only so that the load is not optimized away: the market calls it ahead
   * of drawing, so that cache misses overlap (see sim/market/preload.ts).
   * Draws nothing.
   */
  touch(stream: number): number {
    return this.state[stream * STRIDE]!;
  }

  /** A uniform draw on [0, 1). */
  uniform(stream: number): number {
    const state = this.state;
    const base = stream * STRIDE;
    const t = 2091639 * state[base]! + state[base + 3]! * TWO_TO_MINUS_32;
    state[base] = state[base + 1]!;
    state[base + 1] = state[base + 2]!;
    const carry = t | 0;
    state[base + 3] = carry;
    return (state[base + 2] = t - carry);
  }

  /** A uniform draw on (0, 1], safe to pass to log(). */
  openUniform(stream: number): number {
    return 1 - this.uniform(stream);
  }

  /** A standard normal draw (Marsaglia's polar method; each pair's second value is kept for the next call). */
  standardNormal(stream: number): number {
    const state = this.state;
    const base = stream * STRIDE;
    if (state[base + 5] === 1) {
      state[base + 5] = 0;
      return state[base + 4]!;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform(stream) - 1;
      v = 2 * this.uniform(stream) - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    state[base + 4] = v * factor;
    state[base + 5] = 1;
    return u * factor;
  }
}
