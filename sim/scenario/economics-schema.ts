/**
 * The scenario's `economics:` section (issue 18): the token price rewards
 * are paid in, and what a user pays per request. Absent by default: a run
 * without it keeps no money accounting and writes what it always wrote.
 */
import * as z from 'zod';
import { EntrySchema, ExitSchema } from './entry-exit-schema.js';

export const TokenPriceGbmSchema = z
  .strictObject({
    process: z.literal('gbm').describe('Geometric Brownian motion, drawn from its own stream'),
    initial: z.number().positive().describe('Token price at virtual time 0, USD'),
    drift: z.number().min(-100).max(100).default(0).describe('Drift μ of the log price, per year (8766 h of virtual time)'),
    volatility: z.number().min(0).max(100).describe('Volatility σ, per √year'),
  })
  .describe('A stochastic token price: S(t) = S(0)·exp((μ − σ²/2)·t + σ·W(t)), t in years, sampled at each settlement');

export const TokenPriceSchema = z.union([z.number().nonnegative(), TokenPriceGbmSchema], {
  error: 'a price in USD (a number ≥ 0), or { process: gbm, initial, drift, volatility }',
});

export const EconomicsSectionSchema = z
  .strictObject({
    tokenPriceUsd: TokenPriceSchema.describe('USD per reward unit (token): a constant, or a geometric Brownian motion'),
    feeUsdPerRequest: z.number().nonnegative().default(0).describe('What a user pays per settled request, USD: the network’s revenue'),
    epochSeconds: z
      .number()
      .positive()
      .optional()
      .describe('Epoch length for entry and exit, virtual seconds (default: the pool’s epochSeconds; required without a pool)'),
    entry: EntrySchema.optional(),
    exit: ExitSchema.optional(),
  })
  .describe('Money: rewards valued in USD at each settlement’s token price, user fees, and each node’s and operator’s USD profit');

export type EconomicsSpec = z.infer<typeof EconomicsSectionSchema>;
