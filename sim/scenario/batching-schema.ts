/**
 * A population's `batching`: its nodes serve jobs in batches (see
 * sim/market/batch-queues.ts), each batch taking the time its model's
 * latency-against-batch-size curve gives (the profile's `batchLatency`).
 */
import * as z from 'zod';

/** A bound on batch sizes, so a node's factor table stays small (the curves are measured up to 16–64). */
export const MAX_BATCH_SIZE = 4096;

export const BatchingSchema = z
  .strictObject({
    policy: z
      .enum(['queued', 'size', 'wait', 'size-or-wait'])
      .describe(
        'queued: take what is queued (up to maxSize) whenever the server is free; size: wait for maxSize jobs; wait: wait until the oldest has waited maxWaitMs; size-or-wait: whichever comes first',
      ),
    maxSize: z.number().int().min(1).max(MAX_BATCH_SIZE).describe('Largest batch; a `size` batcher waits for this many jobs'),
    maxWaitMs: z
      .number()
      .positive()
      .optional()
      .describe('How long the oldest queued job waits for its batch to fill (wait and size-or-wait only)'),
  })
  .superRefine((batching, ctx) => {
    const waits = batching.policy === 'wait' || batching.policy === 'size-or-wait';
    if (waits && batching.maxWaitMs === undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxWaitMs'], message: `required when policy is "${batching.policy}"` });
    }
    if (!waits && batching.maxWaitMs !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxWaitMs'], message: 'only applies when policy is "wait" or "size-or-wait"' });
    }
  })
  .describe('Serve jobs in batches (default: one at a time); the model needs a batchLatency curve in the profile');

export type BatchingSpec = z.infer<typeof BatchingSchema>;
