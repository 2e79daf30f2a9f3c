/**
 * The calibration profile: a typed, versioned description of the inference
 * and evaluator models a simulation draws from. A profile holds
 * measurements and estimates only; rewards are never stored here, they come
 * out of the mechanism.
 *
 * Units are in the field names: milliseconds (Ms), megabytes (Mb), US
 * dollars per hour (UsdPerHour). Qualities and evaluator scores are on
 * [0, 1] (token F1 / 10, ROUGE-L, a clipped similarity).
 */
import { z } from 'zod';
import { DistributionSchema } from '../../sim/random/distribution.js';
import { CalibrationReportSchema } from './fit-report.js';
import { ProvenanceSchema, QuantitySchema } from './provenance.js';

export const PROFILE_FORMAT_VERSION = 1;

const Identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');

export const ThroughputPointSchema = z.strictObject({
  batchSize: z.number().int().positive(),
  samplesPerSecond: QuantitySchema,
});

export const InferenceTaskProfileSchema = z.strictObject({
  latencyMs: DistributionSchema.describe('Service time of one request at batch size 1 on the reference hardware'),
  quality: DistributionSchema.describe('True output quality on [0, 1] (token F1 / 10 for QA, ROUGE-L for summaries)'),
  outputTokens: DistributionSchema.optional(),
});

export const InferenceModelSchema = z.strictObject({
  displayName: z.string(),
  parametersBillions: QuantitySchema.optional(),
  memoryMb: QuantitySchema,
  tasks: z.record(Identifier, InferenceTaskProfileSchema),
  throughput: z.array(ThroughputPointSchema).optional(),
  judgeScore: QuantitySchema.optional().describe('Mean LLM-judge score on 0–10, for analysis only'),
});

export const LinearGaussianScoreModelSchema = z
  .strictObject({
    family: z.literal('linear-gaussian'),
    correlation: QuantitySchema.describe('Pearson correlation of the score with true quality over the reference pool'),
    scoreMean: QuantitySchema.describe('Mean score over the reference pool, on [0, 1]'),
    scoreSd: QuantitySchema.describe('Standard deviation of the score over the reference pool'),
    referencePool: z
      .union([
        z.literal('profile'),
        z.strictObject({ qualityMean: z.number(), qualitySd: z.number().positive(), provenance: ProvenanceSchema }),
      ])
      .default('profile')
      .describe(
        'The answers the correlation was measured on. "profile": every inference model of this profile on every task, equally weighted',
      ),
  })
  .describe(
    'score = scoreMean + scoreSd · (ρ · z + √(1 − ρ²) · ε), z the standardized true quality, ε ~ N(0, 1), clipped to [0, 1]',
  );

export const EvaluatorModelSchema = z.strictObject({
  displayName: z.string(),
  architecture: z.enum(['bi-encoder', 'cross-encoder', 'llm-judge', 'classical', 'other']),
  parametersMillions: QuantitySchema.optional(),
  memoryMb: QuantitySchema,
  latencyMs: z.record(Identifier, DistributionSchema).describe('Service time of one evaluation per task'),
  throughput: z.array(ThroughputPointSchema).optional(),
  scoreModel: LinearGaussianScoreModelSchema,
  judgeCorrelation: QuantitySchema.optional().describe('Pearson correlation with the LLM judge, for analysis only'),
});

export const HardwareTierSchema = z.strictObject({
  description: z.string(),
  costUsdPerHour: QuantitySchema,
  speedFactor: QuantitySchema.describe('Latency multiplier relative to the profile’s reference hardware (1 = same)'),
});

export const ProfileSchema = z.strictObject({
  formatVersion: z.literal(PROFILE_FORMAT_VERSION),
  name: Identifier,
  description: z.string(),
  source: z.strictObject({
    kind: z.enum(['published', 'measured']),
    citation: z.string().optional(),
    hardware: z.string().optional(),
    software: z.string().optional(),
    data: z.string().optional(),
    seed: z.union([z.number(), z.string()]).optional(),
    createdAt: z.string().optional(),
  }),
  tasks: z.record(Identifier, z.strictObject({ description: z.string() })),
  referenceHardware: Identifier,
  hardware: z.record(Identifier, HardwareTierSchema),
  inferenceModels: z.record(Identifier, InferenceModelSchema),
  evaluatorModels: z.record(Identifier, EvaluatorModelSchema),
  calibration: CalibrationReportSchema.optional().describe('How a measured profile was fitted (written by `poq-sim calibrate`)'),
}).superRefine((profile, ctx) => {
  const tasks = Object.keys(profile.tasks);
  if (!(profile.referenceHardware in profile.hardware)) {
    ctx.addIssue({
      code: 'custom',
      path: ['referenceHardware'],
      message: `no hardware tier "${profile.referenceHardware}" (tiers: ${Object.keys(profile.hardware).join(', ')})`,
    });
  }
  for (const [id, model] of Object.entries(profile.inferenceModels)) {
    for (const task of tasks) {
      if (!(task in model.tasks)) {
        ctx.addIssue({ code: 'custom', path: ['inferenceModels', id, 'tasks'], message: `missing task "${task}"` });
      }
    }
    for (const task of Object.keys(model.tasks)) {
      if (!tasks.includes(task)) {
        ctx.addIssue({
          code: 'custom',
          path: ['inferenceModels', id, 'tasks', task],
          message: `unknown task "${task}" (profile tasks: ${tasks.join(', ')})`,
        });
      }
    }
  }
  for (const [id, model] of Object.entries(profile.evaluatorModels)) {
    for (const task of tasks) {
      if (!(task in model.latencyMs)) {
        ctx.addIssue({ code: 'custom', path: ['evaluatorModels', id, 'latencyMs'], message: `missing task "${task}"` });
      }
    }
    const rho = model.scoreModel.correlation.value;
    if (!(rho >= -1 && rho <= 1)) {
      ctx.addIssue({
        code: 'custom',
        path: ['evaluatorModels', id, 'scoreModel', 'correlation', 'value'],
        message: `a correlation must lie in [-1, 1], got ${rho}`,
      });
    }
  }
});

export type Profile = z.infer<typeof ProfileSchema>;
export type InferenceModelProfile = z.infer<typeof InferenceModelSchema>;
export type EvaluatorModelProfile = z.infer<typeof EvaluatorModelSchema>;
export type HardwareTier = z.infer<typeof HardwareTierSchema>;
export type LinearGaussianScoreModel = z.infer<typeof LinearGaussianScoreModelSchema>;
