/**
 * Quality dimensions of an evaluator model (arXiv 2603.04028): instead of
 * one score, the model scores an answer along named dimensions (structure,
 * semantic quality, query–output alignment, …), each drawn from true
 * quality by its own linear-Gaussian model per task, and submits their
 * weighted composite. A dimension may be task-dependent, and even
 * negatively correlated with true quality.
 */
import * as z from 'zod';
import { inRange } from '../random/distribution-bounds.js';
import { CorrelationQuantity, quantityOf, ScoreMeanQuantity, ScoreSdQuantity } from './quantities.js';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');

export const DimensionTaskSchema = z
  .strictObject({
    mean: ScoreMeanQuantity.describe('Mean of the dimension’s score over the task’s answers, before clipping to [0, 1]'),
    sd: ScoreSdQuantity.describe('Standard deviation of the dimension’s score over the task’s answers, before clipping to [0, 1]'),
    correlation: CorrelationQuantity.describe(
      'Pearson correlation of the dimension’s score with true quality on the task (negative allowed)',
    ),
  })
  .describe(
    'score = mean + sd · (ρ · z + √(1 − ρ²) · ε), z the true quality standardized over every inference model of the profile on this task, equally weighted, ε ~ N(0, 1) of its own, clipped to [0, 1]',
  );

export const QualityDimensionSchema = z.strictObject({
  weight: quantityOf(inRange(0, 1e6, 'a weight of the composite, ≥ 0 (only ratios matter)')).describe(
    'Weight of the dimension in the composite Σ wᵢ·sᵢ / Σ wᵢ',
  ),
  byTask: z.record(Identifier, DimensionTaskSchema).describe('The dimension’s score model on each task of the profile'),
});

export const QualityDimensionsSchema = z
  .record(Identifier, QualityDimensionSchema)
  .describe(
    'Quality dimensions: the model’s score is the weighted composite of one score per dimension, drawn independently given true quality; without them, its scoreModel',
  );

export type DimensionTask = z.infer<typeof DimensionTaskSchema>;
export type QualityDimension = z.infer<typeof QualityDimensionSchema>;
export type QualityDimensions = z.infer<typeof QualityDimensionsSchema>;
