/**
 * Defences of the mechanism: cost audits, commit–reveal scoring, stake and
 * slashing, reputation with ejection, and reputation-weighted evaluator
 * selection. All are off by default, so a scenario that declares none runs
 * exactly as the plain mechanism.
 */
import * as z from 'zod';
import { DelayDistributionSchema } from '../random/distribution-uses.js';

const Probability = z.number().min(0).max(1);

export const AuditSchema = z
  .strictObject({
    probability: Probability.default(0).describe('Chance that a node’s reported cost for one request is re-measured'),
    measurementNoise: z
      .number()
      .nonnegative()
      .default(0.05)
      .describe('Relative error of a re-measurement (sd of its log), so honest nodes can be flagged by mistake'),
    tolerance: z
      .number()
      .min(0)
      .lt(1)
      .default(0.1)
      .describe('A report is flagged when it is below the measured cost by more than this fraction'),
    slash: z.number().nonnegative().default(1).describe('Stake taken per flag, in reward units'),
    reputationPenalty: Probability.default(0.1).describe('Subtracted from the node’s reputation per flag'),
  })
  .describe('Random cost audits');

export const CommitRevealSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Evaluators commit to hashed scores, revealed together: nobody can copy'),
    revealDelayMs: DelayDistributionSchema.prefault({ family: 'constant', value: 50 }).describe(
      'Extra time from the last commit to settlement (the reveal phase)',
    ),
  })
  .describe('Commit–reveal scoring');

export const StakeSchema = z
  .strictObject({
    initial: z.number().nonnegative().default(10).describe('Stake each node deposits, in reward units'),
    ejectWhenExhausted: z.boolean().default(true).describe('Eject a node whose stake is slashed to zero'),
  })
  .describe('Stake that audits slash');

export const ReputationSchema = z
  .strictObject({
    smoothing: z
      .number()
      .gt(0)
      .max(1)
      .default(0.05)
      .describe('Weight of the newest round in the moving average of consensus quality (F) or agreement (M)'),
    initial: z.number().gt(0).max(1).default(0.5).describe('Reputation before a node’s first round'),
    ejectBelow: Probability.default(0).describe('Eject a node whose reputation falls below this (0: never)'),
    minRounds: z
      .number()
      .int()
      .nonnegative()
      .default(60)
      .describe(
        'Rounds a node plays before it can be ejected for reputation; the default lets the average forget its initial value (3 / smoothing rounds at the default smoothing)',
      ),
  })
  .describe('Reputation of every node');

export const EvaluatorSelectionSchema = z.discriminatedUnion('policy', [
  z.strictObject({ policy: z.literal('uniform') }).describe('K evaluators uniformly without replacement (the paper)'),
  z
    .strictObject({
      policy: z.literal('reputation'),
      exponent: z.number().nonnegative().default(1).describe('Selection weight = reputation^exponent'),
    })
    .describe('K evaluators without replacement, with probability proportional to reputation'),
]);

export type AuditSpec = z.output<typeof AuditSchema>;
export type CommitRevealSpec = z.output<typeof CommitRevealSchema>;
export type StakeSpec = z.output<typeof StakeSchema>;
export type ReputationSpec = z.output<typeof ReputationSchema>;
export type EvaluatorSelectionSpec = z.output<typeof EvaluatorSelectionSchema>;
