/**
 * How long a batch of b items takes, relative to one item: a model's
 * latency-against-batch-size curve. A profile gives it as points
 * (batchSize, factor) with factor 1 at batch size 1; calibration derives the
 * points from the throughput it measures (factor(b) = b · throughput(1) /
 * throughput(b)), and a published profile estimates them. Between points
 * the factor is interpolated linearly in b; past the last point it goes on
 * along the last segment's slope (each further item costs what the last
 * measured one did), so a curve never ends in a cliff.
 */
import * as z from 'zod';
import { ValueProvenanceSchema } from '../input/value-provenance.js';

export const BatchLatencyPointSchema = z.strictObject({
  batchSize: z.number().int().positive(),
  factor: z.number().positive().max(1e6).describe('Latency of a batch of batchSize items ÷ latency of one item (1 at batch size 1)'),
});

export const BatchLatencySchema = z
  .strictObject({
    points: z
      .array(BatchLatencyPointSchema)
      .min(2, 'at least two points: batch size 1 and one larger')
      .superRefine((points, ctx) => {
        if (points[0]!.batchSize !== 1 || points[0]!.factor !== 1) {
          ctx.addIssue({ code: 'custom', path: [0], message: 'the first point is { batchSize: 1, factor: 1 }' });
        }
        for (let i = 1; i < points.length; i++) {
          if (points[i]!.batchSize <= points[i - 1]!.batchSize) {
            ctx.addIssue({ code: 'custom', path: [i, 'batchSize'], message: 'batch sizes increase from point to point' });
          } else if (points[i]!.factor < points[i - 1]!.factor) {
            ctx.addIssue({ code: 'custom', path: [i, 'factor'], message: 'a larger batch takes at least as long as a smaller one' });
          }
        }
      }),
    provenance: ValueProvenanceSchema,
  })
  .describe('Latency of a batch against its size, relative to one item; interpolated linearly, extrapolated along the last segment');

export type BatchLatency = z.infer<typeof BatchLatencySchema>;

/** A batch curve as the market reads it: factor(b) for b = 1, 2, … looked up in a table built once. */
export class BatchCurve {
  private readonly table: Float64Array;

  /** @param maxBatch  the largest batch a node using this curve forms: factors up to it are tabulated */
  constructor(
    points: readonly { readonly batchSize: number; readonly factor: number }[],
    readonly maxBatch: number,
  ) {
    this.table = new Float64Array(maxBatch + 1);
    for (let b = 1; b <= maxBatch; b++) this.table[b] = interpolate(points, b);
  }

  /** Latency of a batch of `size` items ÷ that of one item. */
  factor(size: number): number {
    return this.table[size]!;
  }
}

/** The curve at batch size b: linear between the points around it, along the last segment beyond them. */
export function interpolate(points: readonly { readonly batchSize: number; readonly factor: number }[], b: number): number {
  let upper = points.findIndex((point) => point.batchSize >= b);
  if (upper === 0) return points[0]!.factor;
  if (upper === -1) upper = points.length - 1;
  const lo = points[upper - 1]!;
  const hi = points[upper]!;
  return lo.factor + ((hi.factor - lo.factor) * (b - lo.batchSize)) / (hi.batchSize - lo.batchSize);
}
