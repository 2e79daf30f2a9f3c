/**
 * A cost audit: the node's true cost is re-measured with multiplicative
 * log-normal error, and the report is flagged when it falls short of the
 * measurement by more than the tolerance. Honest reports can be flagged when
 * the measurement errs high: the false positives a designer must budget for.
 */

/** The audit rule's constants (a scenario's `mechanism.audits`). */
export interface AuditParameters {
  /** Chance that a node's reported cost for one request is re-measured. */
  readonly probability: number;
  /** Relative error of a re-measurement (sd of its log). */
  readonly measurementNoise: number;
  /** A report is flagged when it is below the measured cost by more than this fraction. */
  readonly tolerance: number;
  /** Stake taken per flag, in reward units. */
  readonly slash: number;
  /** Subtracted from the node's reputation per flag. */
  readonly reputationPenalty: number;
}

export function measuredCost(trueCost: number, measurementNoise: number, standardNormal: number): number {
  return trueCost * Math.exp(measurementNoise * standardNormal);
}

export function auditFlags(reportedCost: number, measured: number, tolerance: number): boolean {
  return reportedCost < measured * (1 - tolerance);
}

/** Ground truth for detection rates: a report below the true cost by more than the tolerance. */
export function isMisreport(reportedCost: number, trueCost: number, tolerance: number): boolean {
  return reportedCost < trueCost * (1 - tolerance);
}
