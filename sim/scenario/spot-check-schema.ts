/**
 * Spot checks (proof of sampling, arXiv 2405.00295): a settled inference
 * job is re-executed by a verifier with some probability, the answer
 * compared with the verifier's and a mismatch slashed. Off unless declared,
 * beside PoQ's evaluators or instead of them.
 */
import * as z from 'zod';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');
const Probability = z.number().min(0).max(1);

export const SpotCheckCompareSchema = z
  .union(
    [z.literal('exact'), z.strictObject({ tolerance: z.number().min(0).max(1).describe('Largest |q_served − q_verifier| not flagged') })],
    {
      error: 'exact, or { tolerance: t } with t in [0, 1]',
    },
  )
  .default('exact')
  .describe(
    'exact: flagged when the node served another model than the verifier runs, or answered lazily; { tolerance: t }: flagged when the true qualities of the served answer and of the verifier’s re-execution differ by more than t',
  );

export const SpotCheckSchema = z
  .strictObject({
    probability: Probability.describe('Chance that a settled inference job is re-executed by a verifier'),
    compare: SpotCheckCompareSchema,
    slash: z.number().nonnegative().default(1).describe('Stake taken per flag, in reward units'),
    reputationPenalty: Probability.default(0.1).describe('Subtracted from the node’s reputation per flag'),
    verifier: z
      .strictObject({
        model: Identifier.optional().describe('The inference model the verifier re-executes (absent: the model the node claims)'),
        hardware: Identifier.optional().describe('The hardware tier it runs on (absent: the node’s own)'),
      })
      .prefault({})
      .describe('Who re-executes: its model and tier set the check’s cost and, under tolerance, the answer compared with'),
    mode: z
      .enum(['beside-poq', 'instead-of-poq'])
      .default('beside-poq')
      .describe(
        'beside-poq: evaluators score every round as usual and spot checks are added; instead-of-poq: no evaluator works, and the inference node is paid R = α·q_prior − β·c, q_prior the claimed model’s mean true quality for the task',
      ),
  })
  .describe('Spot checks: re-execution of inference jobs by a verifier (proof of sampling)');

export type SpotCheckSpec = z.output<typeof SpotCheckSchema>;
