/**
 * How a scenario weighs the quality dimensions of its evaluator models
 * (those whose profile entry declares `dimensions`): the profile's weights,
 * calibrated ones, or overrides; and dimensions dropped, the others
 * renormalized, so an ablation is one swept field (`drop`).
 */
import * as z from 'zod';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');

export const DIMENSION_NONE = 'none';

export const QualityDimensionWeightsSchema = z
  .union([z.literal('profile'), z.literal('calibrated'), z.record(Identifier, z.number().min(0).max(1e6))], {
    error: 'profile, calibrated, or a mapping from dimension name to a weight ≥ 0',
  })
  .default('profile')
  .describe(
    'profile: each dimension’s weight from the profile; calibrated: on each task, wᵢ ∝ max(0, ρᵢ), the dimension’s correlation with true quality there (negatively correlated dimensions get 0); a mapping: these weights for the dimensions named, the profile’s for the others',
  );

export const QualityDimensionsSettingSchema = z
  .strictObject({
    weights: QualityDimensionWeightsSchema,
    drop: z
      .union([Identifier.transform((name) => (name === DIMENSION_NONE ? [] : [name])), z.array(Identifier)], {
        error: 'a dimension name, none, or a list of names',
      })
      .default([])
      .describe(
        'Dimensions given weight 0, the others renormalized: the ablation of each in turn is a sweep over its name (none: drop nothing)',
      ),
  })
  .describe('How the composite score of evaluator models with quality dimensions weighs them; without it, as the profile does');

export type QualityDimensionsSetting = z.output<typeof QualityDimensionsSettingSchema>;
