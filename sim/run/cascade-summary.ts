/** The judge cascade's summary (summary.json `cascade`), only when a scenario declares `mechanism.cascade`. */
import type { Cascade } from '../market/cascade.js';
import type { CascadeOutcome } from '../results/run-result.js';

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function runCascadeOf(cascade: Cascade | null): { cascade?: CascadeOutcome } {
  if (cascade === null) return {};
  const t = cascade.totals();
  const costUsd = t.firstStageCostUsd + t.escalationCostUsd;
  const alwaysUsd = costUsd + t.avoidedEscalationCostUsd;
  return {
    cascade: {
      rounds: t.rounds,
      escalatedRounds: t.escalatedRounds,
      escalatedShare: ratio(t.escalatedRounds, t.rounds),
      firstStageCostUsd: t.firstStageCostUsd,
      escalationCostUsd: t.escalationCostUsd,
      costUsd,
      costPerRoundUsd: ratio(costUsd, t.rounds),
      alwaysEscalateCostPerRoundUsd: ratio(alwaysUsd, t.rounds),
      costSavedShare: ratio(t.avoidedEscalationCostUsd, alwaysUsd),
    },
  };
}
