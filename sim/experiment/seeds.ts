/**
 * Seeds of an experiment's runs, derived by hashing, never by counting: the
 * seed of a run depends only on the scenario's seed, the values of the
 * parameters that do not share random numbers, and the replication number.
 * Points that differ only in common-random-number parameters (by default the
 * mechanism's) therefore run on the same seeds: the same demand, the same
 * node draws, the same evaluator samples — paired comparisons.
 *
 * A derived seed is an ordinary integer seed: `poq-sim run` with that seed
 * on the point's scenario reproduces the run exactly.
 */
import { createHash } from 'node:crypto';
import stableStringify from 'safe-stable-stringify';

const SEED_KEY = 'poq-sim/run-seed/v1';

export function runSeed(rootSeed: number | string, independentValues: Record<string, unknown>, replication: number): number {
  const digest = createHash('sha256')
    .update(`${SEED_KEY}\u0000${typeof rootSeed}:${rootSeed}\u0000${stableStringify(independentValues)}\u0000${replication}`)
    .digest();
  return digest.readUIntBE(0, 6); // 48 bits: a safe integer
}
