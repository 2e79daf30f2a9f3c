/**
 * The scenario's `mechanism.rewards.controller` (issue 18): α or β moved at
 * each full epoch's end towards a target the epoch is measured against.
 * Absent by default: the coefficients stay as the scenario gives them.
 * Checks that need the rest of the scenario (the epoch length against the
 * pool's, the bounds against the initial α or β) are in controller-checks.ts.
 */
import * as z from 'zod';

export const ControllerTargetSchema = z.union(
  [
    z
      .strictObject({ totalCostUsd: z.number().positive().describe('True USD cost of all jobs paid in an epoch, both roles, > 0') })
      .describe('The epoch’s true compute cost'),
    z
      .strictObject({
        evaluatorShare: z.number().positive().max(1).describe('Evaluators’ share of the rewards paid in an epoch, on (0, 1]'),
      })
      .describe('The evaluators’ share of the epoch’s rewards (with a pool: of its payouts)'),
    z
      .strictObject({ tokensPerEpoch: z.number().positive().describe('Tokens paid in an epoch, Σ R (with a pool: its payouts), > 0') })
      .describe('The tokens the epoch paid'),
  ],
  { error: '{ totalCostUsd }, { evaluatorShare } or { tokensPerEpoch }' },
);

export const ControllerSchema = z
  .strictObject({
    adjust: z.enum(['alpha', 'beta']).describe('The coefficient moved: alpha (α) or beta (β); it starts at the scenario’s value'),
    target: ControllerTargetSchema.describe('What each full epoch is measured by, and the value it is steered to'),
    gain: z
      .number()
      .describe(
        'Signed gain g: x ← clip(x · exp(g · (measure − target) / |target|)); positive raises x when the measure is above target (β against totalCostUsd or tokensPerEpoch), negative lowers it (β against evaluatorShare, α against tokensPerEpoch)',
      ),
    min: z.number().positive().describe('Lowest value of the coefficient, > 0 (a multiplicative step cannot leave 0)'),
    max: z.number().positive().describe('Highest value of the coefficient'),
    epochSeconds: z
      .number()
      .positive()
      .optional()
      .describe('Epoch length, virtual seconds: required without a pool, equal to the pool’s epochSeconds with one'),
  })
  .superRefine((controller, ctx) => {
    if (controller.min > controller.max) {
      ctx.addIssue({ code: 'custom', path: ['max'], message: `must be ≥ min (${controller.min})` });
    }
  })
  .describe('Moves α or β at each full epoch’s end towards a target (absent: the coefficients stay fixed)');
