/**
 * Trust diagnostics (issue 19), only when the consensus rule is
 * multiplicative trust: over the evaluators that scored at least once, the
 * share at w_max and at w_min at the end, the entropy of their normalized
 * weights, and how the weights line up with each evaluator's true
 * reliability. Saturation — every evaluator at w_max, the entropy at its
 * ln n ceiling — is the critique's prediction: the weighted mean is then a
 * plain mean.
 */
import type { GoldRounds } from '../market/gold-rounds.js';
import type { GroupTrust, TrustOutcome } from '../results/run-result.js';
import { pearson } from '../stats/summary-statistics.js';
import type { NodeOutcome, NodeTrust } from './node-outcomes.js';

/** An evaluator that scored, with its trust. */
type Trusted = NodeOutcome & { readonly trust: NodeTrust };

const trusted = (outcomes: readonly NodeOutcome[]): Trusted[] => outcomes.filter((o): o is Trusted => o.trust !== null && o.rounds > 0);

/**
 * Its accuracy: minus the root mean squared error of its scores against the
 * answers' true quality, so that larger is more reliable (the score–truth
 * sums the ledger keeps give the squared error without a pass over rounds).
 */
export function accuracyOf(o: NodeOutcome): number {
  const p = o.pairs;
  const squared = (p.sumXX - 2 * p.sumXY + p.sumYY) / p.n;
  return -Math.sqrt(Math.max(0, squared));
}

/** Pearson correlation of the weights with a per-evaluator value; null when either is constant or fewer than two scored. */
function correlationWith(list: readonly Trusted[], value: (o: Trusted) => number): number | null {
  const t = { n: 0, sumX: 0, sumY: 0, sumXX: 0, sumYY: 0, sumXY: 0 };
  for (const o of list) {
    const x = o.trust.weight;
    const y = value(o);
    t.n++;
    t.sumX += x;
    t.sumY += y;
    t.sumXX += x * x;
    t.sumYY += y * y;
    t.sumXY += x * y;
  }
  return pearson(t);
}

/** −Σ p ln p over the weights normalized to sum 1, in nats (ln n when all are equal; NaN when they sum to 0). */
export function weightEntropy(weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) return Number.NaN;
  return weights.reduce((h, w) => (w > 0 ? h - (w / total) * Math.log(w / total) : h), 0);
}

const share = (list: readonly Trusted[], at: (t: NodeTrust) => boolean) =>
  list.length > 0 ? list.filter((o) => at(o.trust)).length / list.length : Number.NaN;

/** The run's trust diagnostics, as `{ trust }`, or nothing unless the rule is multiplicative trust; with gold rounds, their count. */
export function runTrustOf(outcomes: readonly NodeOutcome[], gold: GoldRounds | null): { trust?: TrustOutcome } {
  if (!outcomes.some((o) => o.trust !== null)) return {};
  const list = trusted(outcomes);
  return {
    trust: {
      ...(gold === null ? {} : { goldRounds: gold.count }),
      evaluators: list.length,
      shareAtMaxWeight: share(list, (t) => t.atMax),
      shareAtMinWeight: share(list, (t) => t.atMin),
      weightEntropy: weightEntropy(list.map((o) => o.trust.weight)),
      correlationWithAccuracy: correlationWith(list, accuracyOf),
      correlationWithHonesty: correlationWith(list, (o) => (o.node.adversarial ? 0 : 1)),
    },
  };
}

/** A group's mean weight and share at w_max, or nothing unless its nodes are evaluators under multiplicative trust. */
export function groupTrustOf(members: readonly NodeOutcome[]): GroupTrust {
  if (!members.some((o) => o.trust !== null)) return {};
  const list = trusted(members);
  return {
    meanTrustWeight: list.length > 0 ? list.reduce((s, o) => s + o.trust.weight, 0) / list.length : Number.NaN,
    trustShareAtMaxWeight: share(list, (t) => t.atMax),
  };
}
