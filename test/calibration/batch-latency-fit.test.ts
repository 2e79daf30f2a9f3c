/** The batch-latency curve calibration derives from measured throughput, on cases worked by hand. */
import { describe, expect, it } from 'vitest';
import { batchLatencyFromThroughput } from '../../calibration/fit/batch-latency-from-throughput.js';
import { BatchLatencySchema } from '../../sim/profile/batch-latency.js';

const at = (batchSize: number, samplesPerSecond: number) => ({
  batchSize,
  samplesPerSecond: { value: samplesPerSecond, status: 'measured' as const, why: 'test' },
});

describe('batchLatencyFromThroughput', () => {
  it('gives factor(b) = b · throughput(1) / throughput(b)', () => {
    // 100/s alone; 160/s in pairs: a pair takes 2/160 s = 1.25 × 1/100 s; 4 at 200/s: 4/200 = 2 × 1/100 s.
    const curve = batchLatencyFromThroughput([at(1, 100), at(2, 160), at(4, 200)])!;
    expect(curve.points).toEqual([
      { batchSize: 1, factor: 1 },
      { batchSize: 2, factor: 1.25 },
      { batchSize: 4, factor: 2 },
    ]);
    expect(curve.provenance.status).toBe('derived');
    expect(curve.provenance.why).toContain('batch sizes 1, 2, 4 (100, 160, 200 requests per second)');
    expect(curve.provenance.why).toContain('No correction was needed');
    expect(BatchLatencySchema.safeParse(curve).success).toBe(true);
  });

  it('keeps factor 1 at batch size 1 exactly, whatever the throughput', () => {
    const curve = batchLatencyFromThroughput([at(1, 16565.40630670756), at(2, 16602.173276362686)])!;
    expect(curve.points[0]).toEqual({ batchSize: 1, factor: 1 });
  });

  it('raises a factor that noise made fall to the largest one before it (running maximum), and says so', () => {
    // Measured factors: 1, 2·50/40 = 2.5, 4·50/100 = 2 (faster in total than the pair), 8·50/80 = 5.
    const curve = batchLatencyFromThroughput([at(1, 50), at(2, 40), at(4, 100), at(8, 80)])!;
    expect(curve.points.map((p) => p.factor)).toEqual([1, 2.5, 2.5, 5]);
    expect(curve.provenance.why).toContain('batch size 4 raised from 2 to 2.5');
    expect(BatchLatencySchema.safeParse(curve).success).toBe(true);
  });

  it('sorts the points by batch size first', () => {
    const curve = batchLatencyFromThroughput([at(4, 200), at(1, 100), at(2, 160)])!;
    expect(curve.points.map((p) => p.batchSize)).toEqual([1, 2, 4]);
  });

  it('makes no curve without batch size 1 or from a single point', () => {
    expect(batchLatencyFromThroughput([at(2, 100), at(4, 150)])).toBeUndefined();
    expect(batchLatencyFromThroughput([at(1, 100)])).toBeUndefined();
    expect(batchLatencyFromThroughput([])).toBeUndefined();
  });
});
