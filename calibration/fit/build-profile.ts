/**
 * Turns measurement rows into a calibration profile: fits every latency,
 * quality and output-token sample, fits each evaluator's noise model,
 * summarizes throughput and memory (and derives the batch-latency curve
 * from the throughput), and records how (the `calibration`
 * section). Reads rows only, whether just measured or read from a log.
 */
import { mean, quantileSorted } from 'simple-statistics';
import { InputError } from '../../sim/input/input-error.js';
import type { Distribution } from '../../sim/random/distribution.js';
import type { Measurement, Role } from '../measure/measurements.js';
import type { CalibrationReport, CorrelationRecord, FitRecord, LatencySummary, ScoreModelFitRecord } from '../../sim/profile/fit-report.js';
import type { Quantity } from '../../sim/profile/quantities.js';
import { PROFILE_FORMAT_VERSION, type EvaluatorModelProfile, type InferenceModelProfile, type Profile } from '../../sim/profile/schema.js';
import { profileQualityPool } from '../../sim/profile/score-model.js';
import { answerKey, correlationRecords, pairScores } from '../quality/correlation-report.js';
import { batchLatencyFromThroughput, type ThroughputPoint } from './batch-latency-from-throughput.js';
import { fitScoreModel, type ScoreModelFit } from './score-model-fit.js';
import { fitSample, type SampleKind } from './select-family.js';

export interface ProfileMetadata {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly hardware: { readonly id: string; readonly description: string; readonly costUsdPerHour: Quantity };
  readonly tasks: Readonly<Record<string, { readonly description: string }>>;
  readonly inference: Readonly<
    Record<string, { readonly displayName: string; readonly parametersBillions?: number; readonly tokenCounting?: string }>
  >;
  readonly evaluators: Readonly<
    Record<
      string,
      { readonly displayName: string; readonly architecture: EvaluatorModelProfile['architecture']; readonly parametersMillions?: number }
    >
  >;
  readonly source: { readonly software: string; readonly data: string; readonly createdAt: string };
  /** Settings recorded in the profile (generation, measuring). */
  readonly settings?: Record<string, unknown>;
  /** Where problems in the rows are reported (the log file, or the measurements just made). */
  readonly rowsLabel: string;
}

const measured = (value: number, why: string): Quantity => ({ value, status: 'measured', why });

/** Rows grouped once by (role, model, metric, task), so each fit reads only its own values. */
class RowIndex {
  private readonly groups = new Map<string, Measurement[]>();

  constructor(rows: readonly Measurement[]) {
    for (const row of rows) {
      for (const key of [RowIndex.key(row.role, row.model, row.metric, row.task), RowIndex.key(row.role, row.model, row.metric)]) {
        const group = this.groups.get(key);
        if (group) group.push(row);
        else this.groups.set(key, [row]);
      }
    }
  }

  private static key(role: Role, model: string, metric: string, task?: string): string {
    return task === undefined ? `${role}\u0000${model}\u0000${metric}` : `${role}\u0000${model}\u0000${metric}\u0000${task}`;
  }

  /** Values of a metric; `perRequest` keeps only rows at batch size 1 (or without one). */
  values(role: Role, model: string, metric: string, task?: string, perRequest = false): number[] {
    const rows = this.groups.get(RowIndex.key(role, model, metric, task)) ?? [];
    return rows.filter((r) => !perRequest || r.batchSize === null || r.batchSize === 1).map((r) => r.value);
  }
}

function summarizeLatency(role: Role, model: string, task: string, values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    role,
    model,
    task,
    n: values.length,
    meanMs: mean(sorted),
    p50Ms: quantileSorted(sorted, 0.5),
    p95Ms: quantileSorted(sorted, 0.95),
  };
}

function withProvenance(distribution: Distribution, why: string): Distribution {
  const names = Object.keys(distribution).filter((key) => key !== 'family' && key !== 'provenance');
  return { ...distribution, provenance: Object.fromEntries(names.map((name) => [name, { status: 'measured' as const, why }])) };
}

/** Requests per second over all tasks at one batch size: total requests / total time, tasks weighted equally. */
function throughput(rows: RowIndex, role: Role, model: string, tasks: readonly string[], measuredRows: readonly Measurement[]) {
  const sizes = [
    ...new Set(
      measuredRows.filter((r) => r.role === role && r.model === model && r.metric === 'throughput_per_s').map((r) => r.batchSize!),
    ),
  ].sort((a, b) => a - b);
  return sizes.map((batchSize) => {
    const perTask = tasks
      .map(
        (task) =>
          measuredRows.find(
            (r) => r.role === role && r.model === model && r.task === task && r.metric === 'throughput_per_s' && r.batchSize === batchSize,
          )?.value,
      )
      .filter((v): v is number => v !== undefined && v > 0);
    const combined = perTask.length / perTask.reduce((s, v) => s + 1 / v, 0);
    return {
      batchSize,
      samplesPerSecond: measured(
        combined,
        `Requests per second at batch size ${batchSize}: harmonic mean over ${perTask.length} task(s) of the measured throughput (warm-up batch excluded).`,
      ),
    };
  });
}

/** A model's measured throughput and the batch-latency curve derived from it, as profile fields (none without measurements). */
function throughputFields(points: readonly ThroughputPoint[]) {
  if (points.length === 0) return {};
  const batchLatency = batchLatencyFromThroughput(points);
  return { throughput: [...points], ...(batchLatency ? { batchLatency } : {}) };
}

export interface BuiltProfile {
  readonly profile: Profile;
  readonly report: CalibrationReport;
}

/** Fits samples from the row index, keeping a record of every fit (and a latency summary) for the report. */
class SampleFitter {
  readonly fits: FitRecord[] = [];
  readonly latency: LatencySummary[] = [];

  constructor(private readonly index: RowIndex) {}

  fit(
    role: Role,
    model: string,
    task: string,
    metric: string,
    kind: SampleKind,
    path: string,
    perRequest = false,
    note = '',
  ): Distribution | undefined {
    const values = this.index.values(role, model, metric, task, perRequest);
    if (values.length === 0) return undefined;
    const result = fitSample(values, kind);
    this.fits.push({
      role,
      model,
      task,
      metric,
      path,
      n: result.n,
      chosen: result.chosen,
      method: result.method,
      reason: result.reason,
      ks: result.ks,
      candidates: [...result.candidates],
      quantiles: [...result.quantiles],
    });
    if (metric === 'latency_ms') this.latency.push(summarizeLatency(role, model, task, values));
    return withProvenance(
      result.distribution,
      `${result.chosen} (${result.method}) fitted to ${result.n} measured ${metric} values${note}: ${result.reason}.`,
    );
  }
}

/** The memory a model holds: resident-set growth, else the ONNX Runtime arena, else an estimated 0. */
function memoryQuantity(index: RowIndex, role: Role, model: string): Quantity {
  const values = index.values(role, model, 'memory_mb');
  if (values.length === 0) {
    const ort = index.values(role, model, 'ort_arena_mb');
    if (ort.length > 0)
      return measured(
        Math.max(...ort),
        'ONNX Runtime arena held at the largest batch, from session profiling (no resident-set figure was measured).',
      );
    return { value: 0, status: 'estimated', why: 'No memory figure in the measurements.' };
  }
  return measured(
    Math.max(...values),
    'Resident-set growth while the model was loaded and run at every batch size (process.memoryUsage().rss sampled after each batch).',
  );
}

/** What every model's profile is built from: the fitter, the rows, the tasks, and the list of cells without measurements. */
interface ModelFitting {
  readonly fitter: SampleFitter;
  readonly index: RowIndex;
  readonly rows: readonly Measurement[];
  readonly tasks: readonly string[];
  readonly missing: string[];
}

function inferenceModelProfile(fitting: ModelFitting, model: string, info: ProfileMetadata['inference'][string]): InferenceModelProfile {
  const { fitter, index, rows, tasks, missing } = fitting;
  const taskProfiles: Record<string, InferenceModelProfile['tasks'][string]> = {};
  for (const task of tasks) {
    const base = `inferenceModels.${model}.tasks.${task}`;
    const latencyMs = fitter.fit('inference', model, task, 'latency_ms', 'positive', `${base}.latencyMs`, true);
    const quality = fitter.fit('inference', model, task, 'quality', 'unit', `${base}.quality`);
    const outputTokens = fitter.fit(
      'inference',
      model,
      task,
      'output_tokens',
      'positive',
      `${base}.outputTokens`,
      false,
      info.tokenCounting ? ` (${info.tokenCounting})` : '',
    );
    if (!latencyMs) missing.push(`inference ${model} ${task} latency_ms`);
    if (!quality) missing.push(`inference ${model} ${task} quality`);
    if (latencyMs && quality) taskProfiles[task] = { latencyMs, quality, ...(outputTokens ? { outputTokens } : {}) };
  }
  const judge = index.values('inference', model, 'judge_score');
  const points = throughput(index, 'inference', model, tasks, rows);
  return {
    displayName: info.displayName,
    ...(info.parametersBillions
      ? {
          parametersBillions: {
            value: info.parametersBillions,
            status: 'published' as const,
            why: 'Given in the calibration file (model card).',
          },
        }
      : {}),
    memoryMb: memoryQuantity(index, 'inference', model),
    tasks: taskProfiles,
    ...throughputFields(points),
    ...(judge.length > 0 ? { judgeScore: measured(mean(judge), `Mean of ${judge.length} imported judge scores (0–10).`) } : {}),
  };
}

/** An evaluator's profile with a placeholder score model: the real one needs every inference model's quality distributions first. */
function evaluatorModelProfile(fitting: ModelFitting, model: string, info: ProfileMetadata['evaluators'][string]): EvaluatorModelProfile {
  const { fitter, index, rows, tasks, missing } = fitting;
  const latencyMs: Record<string, Distribution> = {};
  for (const task of tasks) {
    const d = fitter.fit('evaluator', model, task, 'latency_ms', 'positive', `evaluatorModels.${model}.latencyMs.${task}`, true);
    if (d) latencyMs[task] = d;
    else missing.push(`evaluator ${model} ${task} latency_ms`);
  }
  const points = throughput(index, 'evaluator', model, tasks, rows);
  return {
    displayName: info.displayName,
    architecture: info.architecture,
    ...(info.parametersMillions
      ? {
          parametersMillions: {
            value: info.parametersMillions,
            status: 'published' as const,
            why: 'Given in the calibration file (model card).',
          },
        }
      : {}),
    memoryMb: memoryQuantity(index, 'evaluator', model),
    latencyMs,
    ...throughputFields(points),
    // Placeholder until the quality distributions exist; replaced by fitEvaluatorScores.
    scoreModel: {
      family: 'linear-gaussian',
      correlation: measured(0, 'pending'),
      scoreMean: measured(0, 'pending'),
      scoreSd: measured(0, 'pending'),
      referencePool: 'profile',
    },
  };
}

function throwIfMissing(missing: readonly string[], rowsLabel: string): void {
  if (missing.length > 0) {
    throw new InputError({
      file: rowsLabel,
      path: '',
      message: `no measurements for ${missing.slice(0, 6).join('; ')}${missing.length > 6 ? `; and ${missing.length - 6} more` : ''}`,
    });
  }
}

/** The profile without its calibration section: source, tasks, the reference hardware and the models. */
function profileOf(
  meta: ProfileMetadata,
  tasks: readonly string[],
  inferenceModels: Record<string, InferenceModelProfile>,
  evaluatorModels: Record<string, EvaluatorModelProfile>,
): Profile {
  return {
    formatVersion: PROFILE_FORMAT_VERSION,
    name: meta.name,
    description: meta.description,
    source: {
      kind: 'measured',
      hardware: meta.hardware.description,
      software: meta.source.software,
      data: meta.source.data,
      seed: meta.seed,
      createdAt: meta.source.createdAt,
    },
    tasks: Object.fromEntries(tasks.map((task) => [task, { description: meta.tasks[task]!.description }])),
    referenceHardware: meta.hardware.id,
    hardware: {
      [meta.hardware.id]: {
        description: meta.hardware.description,
        costUsdPerHour: meta.hardware.costUsdPerHour,
        relativeSpeed: { value: 1, status: 'derived', why: 'The hardware the measurements were made on: the reference, by definition.' },
      },
    },
    inferenceModels,
    evaluatorModels,
  };
}

/** The fitted score model of one evaluator, whose measured moments it is fitted to reproduce. */
function fittedScoreModel(fitted: ScoreModelFit): EvaluatorModelProfile['scoreModel'] {
  const why = (what: string) =>
    `Fitted so that the simulator reproduces the measured ${what} (${fitted.targets.n} scored answers, every inference model and task weighted equally; scores clipped to [0, 1] in simulation): measured correlation ${fitted.targets.correlation.toFixed(3)}, mean ${fitted.targets.scoreMean.toFixed(3)}, sd ${fitted.targets.scoreSd.toFixed(3)}.`;
  return {
    family: 'linear-gaussian',
    correlation: measured(fitted.parameters.correlation, why('Pearson correlation with true quality')),
    scoreMean: measured(fitted.parameters.scoreMean, why('score mean')),
    scoreSd: measured(fitted.parameters.scoreSd, why('score standard deviation')),
    referencePool: 'profile',
  };
}

/**
 * Replaces each evaluator's placeholder score model by one fitted to its
 * scores paired with the answers' quality, and records its correlations
 * with quality and with the judge.
 */
function fitEvaluatorScores(profile: Profile, rows: readonly Measurement[], meta: ProfileMetadata, tasks: readonly string[]) {
  const pool = profileQualityPool(profile);
  const qualityDistributions = Object.values(profile.inferenceModels).flatMap((m) => tasks.map((task) => m.tasks[task]!.quality));
  const scoreModels: ScoreModelFitRecord[] = [];
  const correlations: CorrelationRecord[] = [];
  for (const model of Object.keys(meta.evaluators)) {
    const pairs = pairScores(rows, model, 'quality');
    if (pairs.length < 3) {
      throw new InputError({
        file: meta.rowsLabel,
        path: '',
        message: `evaluator ${model}: fewer than 3 scores pair with an answer's quality (pairing is by subject_model, task and item_id)`,
      });
    }
    const fitted = fitScoreModel(
      pairs.map((p) => ({ quality: p.truth, score: p.score, cell: answerKey(p.subjectModel, p.task, '') })),
      qualityDistributions,
      pool,
      meta.seed,
    );
    scoreModels.push({ model, ...fitted });
    const evaluator = profile.evaluatorModels[model]!;
    evaluator.scoreModel = fittedScoreModel(fitted);
    correlations.push(...correlationRecords(model, 'quality', pairs));
    correlations.push(...correlationRecords(model, 'judge', pairScores(rows, model, 'judge_score')));
    const pooledJudge = correlations.find(
      (c) => c.evaluator === model && c.against === 'judge' && c.task === 'pooled' && c.method === 'pearson',
    );
    if (pooledJudge?.r !== undefined && pooledJudge.r !== null) {
      evaluator.judgeCorrelation = measured(
        pooledJudge.r,
        `Pearson r of the evaluator's scores with ${pooledJudge.n} imported judge scores, all tasks pooled.`,
      );
    }
  }
  return { scoreModels, correlations };
}

export function buildProfile(rows: readonly Measurement[], meta: ProfileMetadata, measurementsFile = 'measurements.csv'): BuiltProfile {
  const index = new RowIndex(rows);
  const tasks = Object.keys(meta.tasks);
  const fitting: ModelFitting = { fitter: new SampleFitter(index), index, rows, tasks, missing: [] };
  const inferenceModels = Object.fromEntries(
    Object.keys(meta.inference).map((model) => [model, inferenceModelProfile(fitting, model, meta.inference[model]!)]),
  );
  const evaluatorModels = Object.fromEntries(
    Object.keys(meta.evaluators).map((model) => [model, evaluatorModelProfile(fitting, model, meta.evaluators[model]!)]),
  );
  throwIfMissing(fitting.missing, meta.rowsLabel);

  const profile = profileOf(meta, tasks, inferenceModels, evaluatorModels);
  const { scoreModels, correlations } = fitEvaluatorScores(profile, rows, meta, tasks);
  const { fits, latency } = fitting.fitter;
  const report: CalibrationReport = {
    measurements: measurementsFile,
    ...(meta.settings ? { settings: meta.settings } : {}),
    latency,
    fits,
    scoreModels,
    correlations,
  };
  return { profile: { ...profile, calibration: report }, report };
}
