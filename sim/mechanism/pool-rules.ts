/**
 * Pool rules (issue 18): a fixed emission per epoch split among the nodes
 * that scored in it, in proportion to their scores, by a softmax with a
 * temperature, or by rank. Pure arithmetic over typed arrays the caller
 * owns, so an epoch's split allocates nothing.
 */

/** How an epoch's emission is split among the nodes that scored (a scenario's `mechanism.rewards.pool.split`). */
export type PoolSplit =
  'proportional' | { readonly softmax: { readonly temperature: number } } | { readonly rank: { readonly weights: readonly number[] } };

/** A scenario's `mechanism.rewards.pool`. */
export interface PoolParameters {
  /** Tokens emitted per full epoch. */
  readonly emissionPerEpoch: number;
  readonly epochSeconds: number;
  readonly split: PoolSplit;
  /** role: each role's nodes split its share; network: all nodes split one emission. */
  readonly scope: 'role' | 'network';
  /** The inference role's share of the emission under role scope; absent, in proportion to the roles' summed scores. */
  readonly inferenceShare?: number | undefined;
}

/**
 * Writes into `out[j]` the share of `amount` of member j (node `members[j]`
 * of `scores`), for the first `count` members; the shares sum to `amount`.
 * `order` is scratch of at least `count` entries (used by rank).
 */
export function splitEmission(
  split: PoolSplit,
  scores: Float64Array,
  members: Int32Array,
  count: number,
  amount: number,
  out: Float64Array,
  order: Int32Array,
): void {
  if (count === 0) return;
  if (split === 'proportional') proportional(scores, members, count, out);
  else if ('softmax' in split) softmax(split.softmax.temperature, scores, members, count, out);
  else rank(split.rank.weights, scores, members, count, out, order);
  normalize(out, count, amount);
}

/** A negative score counts as 0: a pool pays shares, it does not fine. All zero, the members share equally. */
function proportional(scores: Float64Array, members: Int32Array, count: number, out: Float64Array): void {
  for (let j = 0; j < count; j++) {
    const s = scores[members[j]!]!;
    out[j] = s > 0 ? s : 0;
  }
}

/** exp((s − max)/T): shifted by the top score so that no weight overflows, and the top scorer's is 1. */
function softmax(temperature: number, scores: Float64Array, members: Int32Array, count: number, out: Float64Array): void {
  let top = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < count; j++) top = Math.max(top, scores[members[j]!]!);
  for (let j = 0; j < count; j++) out[j] = Math.exp((scores[members[j]!]! - top) / temperature);
}

/**
 * The r-th best scorer gets weights[r] (0 past the list), the weights of the
 * ranks present then scaled to the amount. Ties are ranked by node index, the
 * lower first, so the order is defined.
 */
function rank(
  weights: readonly number[],
  scores: Float64Array,
  members: Int32Array,
  count: number,
  out: Float64Array,
  order: Int32Array,
): void {
  for (let j = 0; j < count; j++) order[j] = j;
  order.subarray(0, count).sort((a, b) => scores[members[b]!]! - scores[members[a]!]! || members[a]! - members[b]!);
  for (let r = 0; r < count; r++) out[order[r]!] = r < weights.length ? weights[r]! : 0;
}

/** Scales the weights to sum to `amount`; weights summing to 0 share it equally. */
function normalize(out: Float64Array, count: number, amount: number): void {
  let sum = 0;
  for (let j = 0; j < count; j++) sum += out[j]!;
  if (!(sum > 0)) {
    for (let j = 0; j < count; j++) out[j] = amount / count;
    return;
  }
  for (let j = 0; j < count; j++) out[j] = (out[j]! / sum) * amount;
}
