/**
 * Alea's seeding (Johannes Baagøe's Mash hash, as in seedrandom's `alea`),
 * written out so that seeding allocates nothing, and so that a seed can be
 * hashed in parts without building it as one string.
 *
 * seedrandom keeps Mash's running hash in a closure variable that V8 boxes
 * as a heap number, so every character hashed allocates, and a large network
 * seeds several streams per agent (docs/performance.md). The arithmetic here is the same, step by step, so the state is bit-identical
 * to seedrandom's (test/random/streams.test.ts checks it against seedrandom).
 */

const MASH_START = 0xefc8249d;
const TWO_TO_32 = 0x100000000;
const TWO_TO_MINUS_32 = 2.3283064365386963e-10;

/** Mash's running hash after hashing `data`, starting from `n`. A plain function, so `n` stays unboxed. */
function mash(n: number, data: string): number {
  for (let i = 0; i < data.length; i++) {
    n += data.charCodeAt(i);
    let h = 0.02519603282416938 * n;
    n = h >>> 0;
    h -= n;
    h *= n;
    n = h >>> 0;
    h -= n;
    n += h * TWO_TO_32;
  }
  return n;
}

const hashOf = (n: number): number => (n >>> 0) * TWO_TO_MINUS_32;

/** Mash's running hash after hashing head + middle + tail, without building the string. */
function mashParts(n: number, head: string, middle: string, tail: string): number {
  return mash(mash(mash(n, head), middle), tail);
}

// Alea hashes ' ' three times before the seed: the same three states for every seed.
const AFTER_FIRST_SPACE = mash(MASH_START, ' ');
const AFTER_SECOND_SPACE = mash(AFTER_FIRST_SPACE, ' ');
const AFTER_THIRD_SPACE = mash(AFTER_SECOND_SPACE, ' ');

/**
 * Mash's state once the first pass has hashed `head`: what seedAleaParts
 * starts its first pass from for every seed beginning with `head`, so that
 * a bank hashes the prefix its keys share once.
 */
export function aleaHeadState(head: string): number {
  return mash(AFTER_THIRD_SPACE, head);
}

/**
 * Writes Alea's initial state (s0, s1, s2, c) for the seed head + middle +
 * tail into `state[base..base+4)`, given `headState`, the state
 * aleaHeadState(head) returns. Alea hashes the whole seed three times, each
 * pass continuing from the last; only the first starts from a state that is
 * the same for every seed.
 */
export function seedAleaParts(head: string, headState: number, middle: string, tail: string, state: Float64Array, base: number): void {
  let s0 = hashOf(AFTER_FIRST_SPACE);
  let s1 = hashOf(AFTER_SECOND_SPACE);
  let s2 = hashOf(AFTER_THIRD_SPACE);
  let n = mash(mash(headState, middle), tail);
  s0 -= hashOf(n);
  if (s0 < 0) s0 += 1;
  n = mashParts(n, head, middle, tail);
  s1 -= hashOf(n);
  if (s1 < 0) s1 += 1;
  n = mashParts(n, head, middle, tail);
  s2 -= hashOf(n);
  if (s2 < 0) s2 += 1;
  state[base] = s0;
  state[base + 1] = s1;
  state[base + 2] = s2;
  state[base + 3] = 1;
}
