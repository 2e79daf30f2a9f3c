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
import * as z from 'zod';
import type { RenamedField } from '../input/renamed-fields.js';
import { ValueProvenanceSchema } from '../input/value-provenance.js';
import { formatNumber, inRange } from '../random/distribution-bounds.js';
import { CountDistributionSchema, LatencyDistributionSchema, QualityDistributionSchema } from '../random/distribution-uses.js';
import { BatchLatencySchema } from './batch-latency.js';
import { QualityDimensionsSchema } from './dimension-schema.js';
import { CalibrationReportSchema } from './fit-report.js';
import { profileQualityPool, taskQualityPool } from './score-model.js';
import {
  CorrelationQuantity,
  MemoryQuantity,
  ParameterCountQuantity,
  PriceQuantity,
  QUALITY_POOL_SD_MIN,
  quantityOf,
  RelativeSpeedQuantity,
  ScoreMeanQuantity,
  ScoreSdQuantity,
  ThroughputQuantity,
} from './quantities.js';

export const PROFILE_FORMAT_VERSION = 1;

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');

export const ThroughputPointSchema = z.strictObject({
  batchSize: z.number().int().positive(),
  samplesPerSecond: ThroughputQuantity,
});

export const InferenceTaskProfileSchema = z.strictObject({
  latencyMs: LatencyDistributionSchema.describe('Service time of one request at batch size 1 on the reference hardware'),
  quality: QualityDistributionSchema.describe('True output quality on [0, 1] (token F1 / 10 for QA, ROUGE-L for summaries)'),
  outputTokens: CountDistributionSchema.optional(),
});

export const InferenceModelSchema = z.strictObject({
  displayName: z.string(),
  parametersBillions: ParameterCountQuantity(1e6, 'billions').optional(),
  memoryMb: MemoryQuantity,
  tasks: z.record(Identifier, InferenceTaskProfileSchema),
  throughput: z.array(ThroughputPointSchema).optional(),
  batchLatency: BatchLatencySchema.optional().describe('Latency of a batch against its size: needed by a population that batches requests'),
  judgeScore: quantityOf(inRange(0, 10, 'the judge scores on 0–10'))
    .optional()
    .describe('Mean LLM-judge score on 0–10, for analysis only'),
});

export const LinearGaussianScoreModelSchema = z
  .strictObject({
    family: z.literal('linear-gaussian'),
    correlation: CorrelationQuantity.describe('Pearson correlation of the score with true quality over the reference pool'),
    scoreMean: ScoreMeanQuantity.describe('Mean score over the reference pool before clipping to [0, 1]'),
    scoreSd: ScoreSdQuantity.describe('Standard deviation of the score over the reference pool before clipping to [0, 1]'),
    referencePool: z
      .union(
        [
          z.literal('profile'),
          z.strictObject({
            qualityMean: inRange(0, 1, 'a quality lies in [0, 1]'),
            qualitySd: inRange(
              QUALITY_POOL_SD_MIN,
              0.5,
              'the spread of a quality on [0, 1] is at most 0.5; below 1e-6 the score’s slope ρ·scoreSd/qualitySd passes 1e9',
            ),
            provenance: ValueProvenanceSchema,
          }),
        ],
        { error: '"profile" or a mapping with qualityMean, qualitySd and provenance' },
      )
      .default('profile')
      .describe(
        'The answers the correlation was measured on. "profile": every inference model of this profile on every task, equally weighted',
      ),
  })
  .describe('score = scoreMean + scoreSd · (ρ · z + √(1 − ρ²) · ε), z the standardized true quality, ε ~ N(0, 1), clipped to [0, 1]');

export const EvaluatorModelSchema = z.strictObject({
  displayName: z.string(),
  architecture: z.enum(['bi-encoder', 'cross-encoder', 'llm-judge', 'classical', 'other']),
  reference: z
    .enum(['needed', 'none'])
    .optional()
    .describe(
      'Whether it scores an answer against a reference answer (absent: needed) or without one (none: a reference-free judge); descriptive only',
    ),
  parametersMillions: ParameterCountQuantity(1e9, 'millions').optional(),
  memoryMb: MemoryQuantity,
  latencyMs: z.record(Identifier, LatencyDistributionSchema).describe('Service time of one evaluation per task'),
  throughput: z.array(ThroughputPointSchema).optional(),
  batchLatency: BatchLatencySchema.optional().describe(
    'Latency of a batch against its size: needed by a population that batches evaluations',
  ),
  scoreModel: LinearGaussianScoreModelSchema.describe(
    'The model’s score given true quality; with `dimensions`, the composite of those is scored instead and this is not drawn from',
  ),
  dimensions: QualityDimensionsSchema.optional(),
  judgeCorrelation: CorrelationQuantity.optional().describe('Pearson correlation with the LLM judge, for analysis only'),
});

export const HardwareTierSchema = z.strictObject({
  description: z.string(),
  costUsdPerHour: PriceQuantity,
  relativeSpeed: RelativeSpeedQuantity.describe(
    'Speed relative to the profile’s reference hardware, higher is faster: service time = reference latency / relativeSpeed (1 = same, 2 = twice as fast)',
  ),
});

/**
 * Fields of earlier profiles under another name. `speedFactor` multiplied
 * latency, so a larger value meant slower hardware, the opposite of what
 * its name suggests; its replacement divides.
 */
export const PROFILE_RENAMED_FIELDS: readonly RenamedField[] = [
  {
    path: ['hardware', '*', 'speedFactor'],
    replacement: 'relativeSpeed',
    message: (written) => {
      const value = (written as { value?: unknown } | null)?.value;
      const converted =
        typeof value === 'number' && value > 0 && Number.isFinite(value)
          ? `speedFactor ${formatNumber(value)} is relativeSpeed ${formatNumber(Number((1 / value).toPrecision(6)))}`
          : 'relativeSpeed = 1 / speedFactor';
      return `renamed to relativeSpeed, which divides latency (higher is faster); ${converted}`;
    },
  },
];

const ProfileFields = z.strictObject({
  formatVersion: z.literal(PROFILE_FORMAT_VERSION),
  name: Identifier,
  description: z.string(),
  source: z.strictObject({
    kind: z.enum(['published', 'measured']),
    citation: z.string().optional(),
    hardware: z.string().optional(),
    software: z.string().optional(),
    data: z.string().optional(),
    seed: z.union([z.number(), z.string()], { error: 'a number or a string' }).optional(),
    createdAt: z.string().optional(),
  }),
  tasks: z.record(Identifier, z.strictObject({ description: z.string() })),
  referenceHardware: Identifier,
  hardware: z.record(Identifier, HardwareTierSchema),
  inferenceModels: z.record(Identifier, InferenceModelSchema),
  evaluatorModels: z.record(Identifier, EvaluatorModelSchema),
  calibration: CalibrationReportSchema.optional().describe('How a measured profile was fitted (written by `poq-sim calibrate`)'),
});

export const ProfileSchema = ProfileFields.superRefine((profile, ctx) => {
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
  }
})
  .superRefine(checkQualityPool, { when: (payload) => payload.issues.length === 0 })
  .superRefine(checkDimensions, { when: (payload) => payload.issues.length === 0 });

/**
 * An evaluator's score model standardizes true quality by the spread of its
 * reference pool: with the default pool (every model and task of this
 * profile), the profile's qualities must vary.
 */
function checkQualityPool(profile: z.output<typeof ProfileFields>, ctx: z.RefinementCtx): void {
  const users = Object.entries(profile.evaluatorModels).filter(([, model]) => model.scoreModel.referencePool === 'profile');
  if (users.length === 0 || Object.keys(profile.inferenceModels).length === 0) return;
  const pool = profileQualityPool(profile);
  if (pool.sd >= QUALITY_POOL_SD_MIN) return;
  for (const [id] of users) {
    ctx.addIssue({
      code: 'custom',
      path: ['evaluatorModels', id, 'scoreModel', 'referencePool'],
      message: `the profile's qualities have a spread (sd) of ${formatNumber(pool.sd)}, below ${formatNumber(QUALITY_POOL_SD_MIN)}: a correlation with quality needs it to vary (the score's slope is ρ·scoreSd/sd); give referencePool: { qualityMean, qualitySd, provenance }`,
    });
  }
}

/**
 * A dimension gives its score model on every task of the profile (and on
 * no other), the composite has a weight to divide by, and each task's
 * qualities vary, since a dimension's line standardizes quality by them.
 */
function checkDimensions(profile: z.output<typeof ProfileFields>, ctx: z.RefinementCtx): void {
  const tasks = Object.keys(profile.tasks);
  for (const [id, model] of Object.entries(profile.evaluatorModels)) {
    if (model.dimensions === undefined) continue;
    const path = ['evaluatorModels', id, 'dimensions'];
    const entries = Object.entries(model.dimensions);
    if (entries.length === 0) ctx.addIssue({ code: 'custom', path, message: 'declare at least one dimension, or leave dimensions out' });
    else if (entries.every(([, d]) => d.weight.value === 0)) {
      ctx.addIssue({ code: 'custom', path, message: 'every weight is 0: the composite Σ wᵢ·sᵢ / Σ wᵢ needs one above 0' });
    }
    for (const [name, dimension] of entries) {
      for (const task of tasks) {
        if (!(task in dimension.byTask))
          ctx.addIssue({ code: 'custom', path: [...path, name, 'byTask'], message: `missing task "${task}"` });
      }
      for (const task of Object.keys(dimension.byTask)) {
        if (!tasks.includes(task)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, name, 'byTask', task],
            message: `unknown task "${task}" (profile tasks: ${tasks.join(', ')})`,
          });
        }
      }
    }
  }
  const users = Object.values(profile.evaluatorModels).some((model) => model.dimensions !== undefined);
  if (!users || Object.keys(profile.inferenceModels).length === 0) return;
  for (const task of tasks) {
    const pool = taskQualityPool(profile, task);
    if (pool.sd >= QUALITY_POOL_SD_MIN) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['tasks', task],
      message: `the inference models' qualities on "${task}" have a spread (sd) of ${formatNumber(pool.sd)}, below ${formatNumber(QUALITY_POOL_SD_MIN)}: a quality dimension's correlation with quality needs them to vary`,
    });
  }
}

export type Profile = z.infer<typeof ProfileSchema>;
export type InferenceModelProfile = z.infer<typeof InferenceModelSchema>;
export type EvaluatorModelProfile = z.infer<typeof EvaluatorModelSchema>;
export type HardwareTier = z.infer<typeof HardwareTierSchema>;
export type LinearGaussianScoreModel = z.infer<typeof LinearGaussianScoreModelSchema>;
