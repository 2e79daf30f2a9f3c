/**
 * `economics.entry` and `economics.exit` (issue 18): candidate nodes (the
 * populations marked `candidate: true`) join when their expected profit
 * over a horizon passes a threshold, and nodes leave after a sustained loss.
 * Both are decided at each epoch's end. Absent by default: the network's
 * make-up never changes, as before.
 */
import * as z from 'zod';

export const EntrySchema = z
  .strictObject({
    horizonEpochs: z
      .number()
      .int()
      .positive()
      .describe('Epochs over which a candidate weighs its expected profit per epoch (times this) against the entry cost'),
    thresholdUsd: z
      .number()
      .default(0)
      .describe('A candidate joins when horizonEpochs × its expected profit per epoch − entryCostUsd exceeds this, USD'),
    entryCostUsd: z
      .number()
      .nonnegative()
      .default(0)
      .describe('What joining costs a node (set-up, bonding), USD: added to its operating cost when it joins'),
    delayEpochs: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('Epochs between a candidate’s decision and its joining: 0 joins at the start of the next epoch'),
    maxJoinsPerEpoch: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('At most this many candidates decide to join at one epoch’s end (absent: no limit)'),
  })
  .describe(
    'Candidate nodes join when their expected profit pays: each epoch, in an order drawn from its own stream, each candidate estimates its profit per epoch from the last epoch’s revenue and work per node of its role, shared with one more node, less its own expected cost',
  );

export const ExitSchema = z
  .strictObject({
    lossEpochs: z
      .number()
      .int()
      .positive()
      .describe('A node leaves at the end of the lossEpochs-th epoch in a row in which its profit was below −toleranceUsd'),
    toleranceUsd: z.number().nonnegative().default(0).describe('A loss this small or smaller does not count, USD per epoch'),
  })
  .describe(
    'Nodes leave after a sustained loss (never leaving fewer than one inference node or K evaluators): joined candidates and the initial nodes alike; a node that left does not come back',
  );

export type EntrySpec = z.output<typeof EntrySchema>;
export type ExitSpec = z.output<typeof ExitSchema>;
