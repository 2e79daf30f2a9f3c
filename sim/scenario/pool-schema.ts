/**
 * The scenario's `mechanism.rewards.pool` (issue 18): a fixed emission per
 * epoch split among the nodes that scored in it. Absent by default: each
 * round's reward is paid as it settles, as it always was.
 */
import * as z from 'zod';

const SoftmaxSplitSchema = z
  .strictObject({
    softmax: z.strictObject({
      temperature: z.number().positive().describe('Temperature T > 0: shares ∝ exp(score / T); large T → equal, small T → the top scorer'),
    }),
  })
  .describe('Shares in proportion to exp(score / T)');

const RankSplitSchema = z
  .strictObject({
    rank: z.strictObject({
      weights: z
        .array(z.number().nonnegative())
        .min(1)
        .refine((w) => w[0]! > 0, { error: 'the first weight (the top scorer’s) must be > 0' })
        .describe('Weight of the 1st, 2nd, … best scorer (≥ 0; 0 past the list), scaled to the emission over the ranks present'),
    }),
  })
  .describe('Shares by rank of score, ties ranked by node order');

export const PoolSplitSchema = z.union([z.literal('proportional'), SoftmaxSplitSchema, RankSplitSchema], {
  error: 'proportional, { softmax: { temperature } } or { rank: { weights: [...] } }',
});

export const PoolSchema = z
  .strictObject({
    emissionPerEpoch: z.number().positive().describe('Tokens emitted per full epoch'),
    epochSeconds: z.number().positive().describe('Epoch length, virtual seconds; the run’s last partial epoch pays pro rata'),
    split: PoolSplitSchema.describe('How an epoch’s emission is split among the nodes that scored in it'),
    scope: z.enum(['role', 'network']).default('role').describe('role: each role splits its share; network: all nodes split one emission'),
    inferenceShare: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Under role scope, the inference role’s share (absent: in proportion to the roles’ summed non-negative scores)'),
  })
  .describe('A fixed emission per epoch split among the nodes that scored in it; each round’s R becomes a score');
