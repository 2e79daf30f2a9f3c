/**
 * A cost audit: the node's true cost is re-measured with multiplicative
 * log-normal error, and the report is flagged when it falls short of the
 * measurement by more than the tolerance. Honest reports can be flagged when
 * the measurement errs high: the false positives a designer must budget for.
 */

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
