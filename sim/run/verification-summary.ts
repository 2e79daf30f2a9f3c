/**
 * Verification summaries (issue 19), only when a scenario declares
 * `mechanism.spotChecks`: the spot checks of a group's jobs and what they
 * cost, and the run's verification cost, PoQ's evaluations and the spot
 * checks apart, so that the two can be compared at equal cost.
 */
import type { GroupStatistics, VerificationOutcome } from '../results/run-result.js';
import type { NodeOutcome } from './node-outcomes.js';

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The members' spot checks summed, or nothing without spot checks (or for a group of evaluators). */
export function groupSpotChecksOf(
  members: readonly NodeOutcome[],
): Pick<GroupStatistics, 'spotChecks' | 'spotCheckFlags' | 'spotCheckCostUsd'> {
  if (!members.some((o) => o.spotChecks !== null)) return {};
  let checks = 0;
  let flags = 0;
  let costUsd = 0;
  for (const o of members) {
    checks += o.spotChecks?.checks ?? 0;
    flags += o.spotChecks?.flags ?? 0;
    costUsd += o.spotChecks?.costUsd ?? 0;
  }
  return { spotChecks: checks, spotCheckFlags: flags, spotCheckCostUsd: costUsd };
}

/** The run's verification, as `{ verification }`, or nothing without spot checks. */
export function runVerificationOf(
  outcomes: readonly NodeOutcome[],
  settled: number,
  declared: boolean,
): { verification?: VerificationOutcome } {
  if (!declared) return {};
  let checks = 0;
  let flags = 0;
  let deviationChecks = 0;
  let deviationFlags = 0;
  let spotCheckCostUsd = 0;
  let evaluationCostUsd = 0;
  for (const o of outcomes) {
    if (o.node.role === 'evaluator') evaluationCostUsd += o.trueCostUsdSum;
    const s = o.spotChecks;
    if (s === null) continue;
    checks += s.checks;
    flags += s.flags;
    deviationChecks += s.checksOfDeviations;
    deviationFlags += s.flagsOfDeviations;
    spotCheckCostUsd += s.costUsd;
  }
  const costUsd = spotCheckCostUsd + evaluationCostUsd;
  return {
    verification: {
      spotChecks: checks,
      spotCheckFlags: flags,
      spotCheckDetectionRate: ratio(deviationFlags, deviationChecks),
      spotCheckFalsePositiveRate: ratio(flags - deviationFlags, checks - deviationChecks),
      spotCheckCostUsd,
      evaluationCostUsd,
      costUsd,
      costPerRoundUsd: settled > 0 ? costUsd / settled : 0,
    },
  };
}
