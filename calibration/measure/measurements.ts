/**
 * Measurements in long format: one row per observation. This is what
 * `poq-sim calibrate` writes as measurements.csv and what
 * `poq-sim calibrate --from-log` reads, so profiles can be built from
 * measurements made elsewhere (docs/results-format.md lists the columns).
 */
import { stringify } from 'csv-stringify/sync';
import { parseCsvRecords } from '../../sim/input/csv-records.js';
import { InputError, type InputProblem } from '../../sim/input/input-error.js';
import { readTextFile } from '../../sim/input/read-text-file.js';
import { didYouMean } from '../../sim/input/suggest.js';

export type Role = 'inference' | 'evaluator';

export interface Measurement {
  readonly role: Role;
  readonly model: string;
  /** Empty for model-wide figures (memory). */
  readonly task: string;
  /** The prompt's dataset id; empty for figures that are not per prompt. */
  readonly itemId: string;
  /** Evaluator rows: the inference model whose answer was scored. */
  readonly subjectModel: string;
  /** Batch size for latency and throughput rows; null otherwise. */
  readonly batchSize: number | null;
  readonly metric: string;
  readonly value: number;
}

/**
 * The metrics poq-sim reads. Others may appear in a log and are kept but
 * not fitted.
 */
export const METRICS = {
  latency_ms: 'service time of one request (inference) or one evaluation (evaluator) at batch size 1, warm-up excluded',
  output_tokens: 'tokens generated for one request',
  quality: 'true answer quality on [0, 1] (token F1 / 10 for QA, ROUGE-L F for summaries)',
  token_f1: 'SQuAD token F1 on the 0–10 scale',
  rouge_l: 'ROUGE-L F-measure on [0, 1]',
  judge_score: 'LLM-judge score on 0–10 (imported)',
  score: 'evaluator score on [0, 1] (clipped cosine or sigmoid of a logit)',
  score_raw: 'evaluator score before mapping to [0, 1]',
  batch_latency_ms: 'wall time of one batch of batch_size requests',
  throughput_per_s: 'requests (or evaluations) per second at batch_size',
  memory_mb: 'memory the model needs: resident-set growth while it was loaded and run (MB)',
  peak_rss_mb: 'peak resident set of the measuring process so far (process.resourceUsage().maxRSS, MB)',
  ort_peak_mb: 'ONNX Runtime allocator peak in use, from session profiling (MB)',
  ort_arena_mb: 'ONNX Runtime arena memory held, from session profiling (MB)',
} as const;

export const COLUMNS = ['role', 'model', 'task', 'item_id', 'subject_model', 'batch_size', 'metric', 'value'] as const;
export const REQUIRED_COLUMNS = ['role', 'model', 'task', 'metric', 'value'] as const;

export function measurementsCsv(rows: readonly Measurement[]): string {
  return stringify(
    rows.map((r) => [r.role, r.model, r.task, r.itemId, r.subjectModel, r.batchSize ?? '', r.metric, r.value]),
    { header: true, columns: [...COLUMNS] },
  );
}

export function parseMeasurementsCsv(text: string, file: string): Measurement[] {
  const records = parseCsvRecords(text, file, {
    required: REQUIRED_COLUMNS,
    optional: ['item_id', 'subject_model', 'batch_size'],
    whenEmpty: 'no measurements (a header and at least one row are needed)',
  });
  const problems: InputProblem[] = [];
  const rows: Measurement[] = [];
  for (const { record, line } of records) {
    const problem = (column: string, message: string) => problems.push({ file, line, path: column, message });
    const role = record.role!;
    if (role !== 'inference' && role !== 'evaluator') {
      problem('role', `expected "inference" or "evaluator", got ${JSON.stringify(role)}${didYouMean(role, ['inference', 'evaluator'])}`);
      continue;
    }
    if (!record.model) problem('model', 'is empty');
    if (!record.metric) problem('metric', 'is empty');
    const value = Number(record.value);
    if (record.value === '' || !Number.isFinite(value)) problem('value', `expected a number, got ${JSON.stringify(record.value)}`);
    const batch = record.batch_size ?? '';
    const batchSize = batch === '' ? null : Number(batch);
    if (batchSize !== null && !(Number.isInteger(batchSize) && batchSize > 0))
      problem('batch_size', `expected a positive integer, got ${JSON.stringify(batch)}`);
    if (problems.length > 20) break;
    rows.push({
      role,
      model: record.model!,
      task: record.task ?? '',
      itemId: record.item_id ?? '',
      subjectModel: record.subject_model ?? '',
      batchSize,
      metric: record.metric!,
      value,
    });
  }
  if (problems.length > 0) throw new InputError(problems);
  return rows;
}

export function readMeasurementsCsv(file: string): Measurement[] {
  return parseMeasurementsCsv(readTextFile(file), file);
}
