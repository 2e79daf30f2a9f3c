/**
 * When a judge cascade escalates a round, from its first stage's scores
 * (on [0, 1]). Disagreement is the range of the scores (max − min);
 * confidence is how far their mean lies from the pivot, the score the
 * stage is least sure about. A score deferred to the reveal (NaN) is not
 * known when the rule is applied and is left out; a round with no known
 * score escalates, since nothing says the first stage is sure.
 */
/** The rule's parameters (the scenario's `mechanism.cascade.when`). */
export type CascadeRule = { readonly disagreementAtLeast: number } | { readonly confidenceBelow: number; readonly pivot: number };

/** max − min of the known scores in `scores[from..from+count)`; NaN when none is known. */
export function disagreement(scores: Float64Array, from: number, count: number): number {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = from; i < from + count; i++) {
    const s = scores[i]!;
    if (s !== s) continue;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  return max >= min ? max - min : Number.NaN;
}

/** |mean of the known scores − pivot|; NaN when none is known. */
export function confidence(scores: Float64Array, from: number, count: number, pivot: number): number {
  let sum = 0;
  let known = 0;
  for (let i = from; i < from + count; i++) {
    const s = scores[i]!;
    if (s !== s) continue;
    sum += s;
    known++;
  }
  return known > 0 ? Math.abs(sum / known - pivot) : Number.NaN;
}

/** Whether the rule sends the round with first-stage scores `scores[from..from+count)` to the escalation stage. */
export function escalates(rule: CascadeRule, scores: Float64Array, from: number, count: number): boolean {
  if ('disagreementAtLeast' in rule) {
    const range = disagreement(scores, from, count);
    return range !== range || range >= rule.disagreementAtLeast;
  }
  const sure = confidence(scores, from, count, rule.pivot);
  return sure !== sure || sure < rule.confidenceBelow;
}
