/**
 * Where does a metric cross zero as a parameter grows? E.g. the audit
 * probability p* above which a misreporter's expected gain turns negative.
 * A cheater's expected gain per round is linear in the audit probability
 * (β·Δcost − p·slash·P(flag)), so the crossing comes from a least-squares
 * line through every replication, and its 95% confidence interval from a
 * bootstrap that resamples replications within each parameter value.
 */
import { linearRegression, quantileSorted, rSquared } from 'simple-statistics';
import { StreamBank } from '../random/streams.js';

export interface Observation {
  readonly x: number;
  readonly y: number;
}

export interface BreakEven {
  /** The parameter value where the fitted line crosses zero, or null when the line is flat. */
  readonly crossing: number | null;
  readonly ci95: [number, number] | null;
  readonly intercept: number;
  readonly slope: number;
  readonly rSquared: number;
  readonly observations: number;
  readonly bootstrapSamples: number;
}

function fit(observations: readonly Observation[]): { intercept: number; slope: number } {
  const { b, m } = linearRegression(observations.map((o) => [o.x, o.y]));
  return { intercept: b, slope: m };
}

const crossingOf = ({ intercept, slope }: { intercept: number; slope: number }) => (slope === 0 ? null : -intercept / slope);

export function breakEven(observations: readonly Observation[], bootstrapSamples = 2000, seed = 1): BreakEven {
  if (new Set(observations.map((o) => o.x)).size < 2) {
    throw new RangeError('a break-even needs observations at two or more parameter values');
  }
  const line = fit(observations);
  const byX = new Map<number, Observation[]>();
  for (const o of observations) byX.set(o.x, [...(byX.get(o.x) ?? []), o]);
  const groups = [...byX.values()];

  const bank = new StreamBank(seed, 'break-even');
  const stream = bank.stream('analysis', 'bootstrap');
  const crossings: number[] = [];
  for (let b = 0; b < bootstrapSamples; b++) {
    const resample: Observation[] = [];
    for (const group of groups) {
      for (let i = 0; i < group.length; i++) resample.push(group[Math.floor(bank.uniform(stream) * group.length)]!);
    }
    const crossing = crossingOf(fit(resample));
    if (crossing !== null && Number.isFinite(crossing)) crossings.push(crossing);
  }
  crossings.sort((a, b) => a - b);
  const ci95: [number, number] | null =
    crossings.length >= bootstrapSamples * 0.9 ? [quantileSorted(crossings, 0.025), quantileSorted(crossings, 0.975)] : null;
  const pairs = observations.map((o) => [o.x, o.y]);
  return {
    crossing: crossingOf(line),
    ci95,
    intercept: line.intercept,
    slope: line.slope,
    rSquared: rSquared(pairs, (x) => line.intercept + line.slope * x),
    observations: observations.length,
    bootstrapSamples,
  };
}
