/**
 * A spot check (proof of sampling): a verifier re-executes a settled
 * inference job and compares its answer with the one the node served.
 *
 * Exact comparison stands for deterministic re-execution (same model, same
 * seed, same bits): any answer not produced by the verifier's model is a
 * mismatch, whatever its quality — a substitute model's or a lazy node's
 * canned one — and an honest node running that model never is. Tolerance
 * comparison stands for non-deterministic inference, where only answers of
 * clearly different quality can be told apart: the served answer's true
 * quality and the re-execution's (a fresh draw of the verifier's model)
 * are compared, and a difference larger than the tolerance is a mismatch,
 * either way. An honest node can then be flagged by chance, and a
 * substitute whose answers come close enough goes free.
 */

/** `exact`, or a tolerance on the absolute difference of true qualities. */
export type SpotCheckCompare = 'exact' | { readonly tolerance: number };

/** The rule's constants (a scenario's `mechanism.spotChecks`, less the verifier, which resolving turns into per-node costs). */
export interface SpotCheckParameters {
  /** Chance that a settled inference job is re-executed. */
  readonly probability: number;
  readonly compare: SpotCheckCompare;
  /** Stake taken per flag, in reward units. */
  readonly slash: number;
  /** Subtracted from the node's reputation per flag. */
  readonly reputationPenalty: number;
  /** Whether PoQ's evaluators work too, or the spot checks replace them. */
  readonly mode: 'beside-poq' | 'instead-of-poq';
}

/**
 * Whether a checked job is flagged.
 * @param differsFromVerifier  the node's answer is not its verifier's model's: it serves another model, or answers lazily
 * @param servedQuality        the served answer's true quality
 * @param verifierQuality      the re-execution's true quality (read only under tolerance)
 */
export function spotCheckFlags(
  compare: SpotCheckCompare,
  differsFromVerifier: boolean,
  servedQuality: number,
  verifierQuality: number,
): boolean {
  if (compare === 'exact') return differsFromVerifier;
  return Math.abs(servedQuality - verifierQuality) > compare.tolerance;
}
