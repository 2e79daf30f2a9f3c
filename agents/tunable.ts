/**
 * A behaviour with one number an adaptive learner tunes (see adaptive.ts):
 * the misreport factor, the boost size or the on-probability. That number
 * is its deviation, whose honest value is 1 for the factor and 0 for the
 * others. Three behaviours implement it, so it lives apart from each.
 */
export interface Tunable {
  /** Sets the deviation an adaptive learner chose. */
  setDeviation(value: number): void;
}
