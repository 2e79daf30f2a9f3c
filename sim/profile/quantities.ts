/**
 * The scalar values of a profile: each a value with its provenance (a
 * Quantity), with the range it may take. Each range keeps what the engine
 * derives from it finite (expected costs, routing weights, score
 * coefficients) and refuses what can only be a slip of units;
 * docs/profile-format.md lists them with the reasons.
 */
import * as z from 'zod';
import { ValueStatusSchema } from '../input/value-provenance.js';
import { inRange } from '../random/distribution-bounds.js';

/** A scalar with its provenance, its value checked by `value` (any finite number by default). */
export function quantityOf(value: z.ZodNumber) {
  return z.strictObject({ value, status: ValueStatusSchema, why: z.string().min(1) });
}

export const QuantitySchema = quantityOf(z.number());
export type Quantity = z.infer<typeof QuantitySchema>;

/**
 * A node's expected cost is its mean latency (≥ 1e-6 ms) ÷ relative speed ×
 * price, and quality-per-cost routing divides by it: these bounds keep the
 * quotient below about 1e22, far from overflow.
 */
export const PriceQuantity = quantityOf(
  inRange(1e-6, 1e6, 'USD per hour: a free tier (0) would make expected costs 0, which quality-per-cost routing divides by'),
);

export const RelativeSpeedQuantity = quantityOf(
  inRange(1e-3, 1e3, 'hardware a thousand times faster or slower than the reference is beyond what one latency distribution describes'),
);

/** 0 is allowed: calibrate measures a model too small to show in the process's memory as 0 MB. */
export const MemoryQuantity = quantityOf(inRange(0, 1e9, 'megabytes: 1e9 MB is a petabyte'));

export const ThroughputQuantity = quantityOf(inRange(0, 1e9, 'requests per second', { lowOpen: true }));

export const ParameterCountQuantity = (limit: number, unit: string) =>
  quantityOf(inRange(0, limit, `a model's parameters in ${unit}`, { lowOpen: true }));

export const CorrelationQuantity = quantityOf(inRange(-1, 1, 'a Pearson correlation'));

/**
 * The score model's mean and spread are those of the Gaussian before
 * clipping to [0, 1] (a fit to scores piled at 0 and 1 puts them beyond
 * the scale). Past ±1000 every score would be clipped anyway.
 */
export const ScoreMeanQuantity = quantityOf(
  inRange(-1000, 1000, 'the score’s mean before clipping to [0, 1]; beyond, every score is clipped'),
);
export const ScoreSdQuantity = quantityOf(inRange(0, 1000, 'the score’s spread before clipping to [0, 1]; beyond, every score is 0 or 1'));

/** Smallest spread of the reference pool's quality: the score's slope ρ·scoreSd/sd stays below 1e9. */
export const QUALITY_POOL_SD_MIN = 1e-6;
