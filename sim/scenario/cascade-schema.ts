/**
 * A judge cascade (PoQ-Judge, arXiv 2606.11196): each round is scored first
 * by a cheap stage's evaluators, and by a second, dearer stage only when a
 * rule on the first stage's scores says they are unsure. Off unless declared.
 */
import * as z from 'zod';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');

/** Who scores at one stage: the evaluators of a population, or every evaluator of a model, k of them per round. */
export const CascadeStageSchema = z
  .union(
    [
      z.strictObject({
        population: Identifier.describe('An evaluator population by name'),
        k: z.number().int().positive().describe('Evaluators of the stage drawn per round, uniformly without replacement'),
      }),
      z.strictObject({
        model: Identifier.describe('Every evaluator node of this model'),
        k: z.number().int().positive().describe('Evaluators of the stage drawn per round, uniformly without replacement'),
      }),
    ],
    { error: '{ population: name, k } or { model: name, k }' },
  )
  .describe('The evaluators a stage draws from, and how many score a round');

export const CascadeRuleSchema = z
  .union(
    [
      z.strictObject({
        disagreementAtLeast: z
          .number()
          .min(0)
          .describe('Escalate when max − min of the first stage’s scores is at least this (0: every round escalates)'),
      }),
      z.strictObject({
        confidenceBelow: z
          .number()
          .min(0)
          .describe('Escalate when |mean of the first stage’s scores − pivot| is below this (0: no round escalates)'),
        pivot: z.number().min(0).max(1).default(0.5).describe('The score the first stage is least sure about'),
      }),
    ],
    { error: '{ disagreementAtLeast: x } or { confidenceBelow: x, pivot: p }' },
  )
  .describe('When the first stage’s scores (on [0, 1]) send the round to the escalation stage');

export const CascadeSchema = z
  .strictObject({
    first: CascadeStageSchema.describe('The cheap stage: scores every round'),
    escalate: CascadeStageSchema.describe('The dear stage: scores the rounds the rule sends it'),
    when: CascadeRuleSchema,
    consensusOf: z
      .enum(['escalation', 'all'])
      .default('escalation')
      .describe(
        'An escalated round’s consensus: of the escalation stage’s scores only, or of both stages’; a round not escalated takes the first stage’s',
      ),
  })
  .describe('A judge cascade: the first stage scores each round, the escalation stage only when the rule fires');

export type CascadeSpec = z.output<typeof CascadeSchema>;
export type CascadeStageSpec = z.output<typeof CascadeStageSchema>;
export type CascadeRuleSpec = z.output<typeof CascadeRuleSchema>;
