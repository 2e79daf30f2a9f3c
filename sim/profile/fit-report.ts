/**
 * What a measured profile records about its own fitting (optional; the
 * published profile has none): for every fitted distribution the sample
 * size, candidates with AIC and KS, the choice and measured against fitted
 * quantiles; each evaluator's noise-model fit; the correlations measured;
 * and the settings the measurements were made with. Readers (reports) find
 * the fitted distribution of a fit at `path` in the profile.
 */
import * as z from 'zod';

const Ks = z.object({ statistic: z.number(), pValue: z.number() });

export const FitRecordSchema = z.object({
  role: z.enum(['inference', 'evaluator']),
  model: z.string(),
  task: z.string(),
  metric: z.string().describe('The measurements.csv metric the distribution was fitted to'),
  path: z.string().describe('Where the fitted distribution sits in this profile, e.g. inferenceModels.x.tasks.y.latencyMs'),
  n: z.number().int(),
  chosen: z.string(),
  method: z.string(),
  reason: z.string(),
  ks: Ks.nullable().describe('One-sample Kolmogorov–Smirnov test of the chosen distribution against the measured values'),
  candidates: z.array(z.object({ family: z.string(), method: z.string(), logLikelihood: z.number(), aic: z.number(), ks: Ks })),
  quantiles: z.array(z.object({ probability: z.number(), measured: z.number(), fitted: z.number() })),
});

const Moments = z.object({ correlation: z.number(), scoreMean: z.number(), scoreSd: z.number() });

export const ScoreModelFitRecordSchema = z.object({
  model: z.string(),
  targets: Moments.extend({ n: z.number().int() }).describe('Measured over answers, every (inference model, task) cell weighted equally'),
  parameters: Moments.describe('The linear-Gaussian parameters written to the profile'),
  simulated: Moments.extend({ draws: z.number().int() }).describe(
    'What the simulator produces with those parameters (scores clipped to [0, 1])',
  ),
  marginalKs: Ks.describe('Two-sample KS of the measured scores against the simulated scores'),
  iterations: z.number().int(),
});

export const CorrelationRecordSchema = z.object({
  evaluator: z.string(),
  against: z.enum(['quality', 'judge']),
  task: z.string().describe('A task id, or "pooled" for all tasks together'),
  method: z.enum(['pearson', 'spearman']),
  n: z.number().int(),
  r: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
});

export const LatencySummarySchema = z.object({
  role: z.enum(['inference', 'evaluator']),
  model: z.string(),
  task: z.string(),
  n: z.number().int(),
  meanMs: z.number(),
  p50Ms: z.number(),
  p95Ms: z.number(),
});

export const CalibrationReportSchema = z.object({
  measurements: z.string().describe('The long-format measurements file beside the profile'),
  settings: z.record(z.string(), z.unknown()).optional().describe('Generation and measuring settings, as configured'),
  latency: z.array(LatencySummarySchema),
  fits: z.array(FitRecordSchema),
  scoreModels: z.array(ScoreModelFitRecordSchema),
  correlations: z.array(CorrelationRecordSchema),
});

export type FitRecord = z.infer<typeof FitRecordSchema>;
export type ScoreModelFitRecord = z.infer<typeof ScoreModelFitRecordSchema>;
export type CorrelationRecord = z.infer<typeof CorrelationRecordSchema>;
export type LatencySummary = z.infer<typeof LatencySummarySchema>;
export type CalibrationReport = z.infer<typeof CalibrationReportSchema>;
