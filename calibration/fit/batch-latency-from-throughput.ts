/**
 * A model's batch-latency curve derived from the throughput calibration
 * measured at each batch size: a batch of b items served at throughput(b)
 * items per second takes b / throughput(b) seconds, one item 1 /
 * throughput(1), so factor(b) = b · throughput(1) / throughput(b).
 *
 * Measurement noise can make a larger batch finish sooner in total than a
 * smaller one (a factor that falls), which no batch scheduler would keep
 * and the profile schema refuses. The curve is corrected by a running
 * maximum: such a point takes the factor of the largest one before it. A
 * running maximum only ever raises a factor, so the correction never
 * credits batching with more than was measured.
 */
import type { BatchLatency } from '../../sim/profile/batch-latency.js';
import type { Quantity } from '../../sim/profile/quantities.js';

export interface ThroughputPoint {
  readonly batchSize: number;
  readonly samplesPerSecond: Quantity;
}

/** One point of the derived curve, with the factor before correction (equal to it unless noise made it fall). */
interface DerivedFactor {
  readonly batchSize: number;
  readonly measuredFactor: number;
  readonly factor: number;
}

/** factor(b) = b · throughput(1) / throughput(b) for each point, running-max corrected; the points in increasing batch size. */
function derivedFactors(sorted: readonly ThroughputPoint[], single: number): DerivedFactor[] {
  let largest = 0;
  return sorted.map(({ batchSize, samplesPerSecond }) => {
    const measuredFactor = (batchSize * single) / samplesPerSecond.value;
    largest = Math.max(largest, measuredFactor);
    return { batchSize, measuredFactor, factor: largest };
  });
}

/** A figure for the reason text: whole requests per second, four significant digits below 1000. */
const figure = (x: number) => (x >= 1000 ? Math.round(x).toString() : Number(x.toPrecision(4)).toString());

function why(sorted: readonly ThroughputPoint[], factors: readonly DerivedFactor[]): string {
  const sizes = factors.map((f) => f.batchSize).join(', ');
  const rates = sorted.map((p) => figure(p.samplesPerSecond.value)).join(', ');
  const raised = factors.filter((f) => f.factor > f.measuredFactor);
  const correction =
    raised.length === 0
      ? 'No correction was needed: each larger batch took longer in total.'
      : `Running-maximum correction, where noise made a larger batch faster in total than a smaller one: ${raised
          .map((f) => `batch size ${f.batchSize} raised from ${figure(f.measuredFactor)} to ${figure(f.factor)}`)
          .join('; ')}.`;
  return `factor(b) = b · throughput(1) / throughput(b) from this model's measured throughput points at batch sizes ${sizes} (${rates} requests per second). ${correction}`;
}

/**
 * The profile's batchLatency for a model's measured throughput, or
 * undefined when the points cannot make a curve (no batch size 1, or a
 * single point): the schema needs factor 1 at batch size 1 and one more.
 */
export function batchLatencyFromThroughput(points: readonly ThroughputPoint[]): BatchLatency | undefined {
  const single = points.find((p) => p.batchSize === 1);
  if (points.length < 2 || !single) return undefined;
  const sorted = [...points].sort((a, b) => a.batchSize - b.batchSize);
  const factors = derivedFactors(sorted, single.samplesPerSecond.value);
  return {
    points: factors.map(({ batchSize, factor }) => ({ batchSize, factor })),
    provenance: { status: 'derived', why: why(sorted, factors) },
  };
}
