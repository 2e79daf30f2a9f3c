/**
 * Independent random streams derived from one root seed.
 *
 * Each stream is keyed by (run, owner, purpose) strings and seeded by
 * hashing the key, never by a counter, so a stream's draws do not depend on
 * how many other streams exist, the order they were created in, or which
 * worker runs the simulation. Alea is used because seedrandom's default
 * ARC4 generator is several times slower.
 */
import seedrandom from 'seedrandom';

/** A uniform generator on [0, 1). */
export type Rng = () => number;

const KEY_VERSION = 'poq-sim/streams/v1';

export class RandomStreams {
  constructor(
    readonly rootSeed: number | string,
    readonly run: number | string = 0,
  ) {}

  /** The stream owned by `owner` (an agent id, or a component such as "demand") for `purpose`. */
  stream(owner: string, purpose: string): Rng {
    return seedrandom.alea(streamKey(this.rootSeed, this.run, owner, purpose)) as Rng;
  }
}

export function streamKey(rootSeed: number | string, run: number | string, owner: string, purpose: string): string {
  return `${KEY_VERSION}\u0000${rootSeed}\u0000${run}\u0000${owner}\u0000${purpose}`;
}
