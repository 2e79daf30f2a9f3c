/**
 * The calibration file `poq-sim calibrate` reads: which datasets to sample,
 * which inference systems and evaluators to measure, how, and on what
 * hardware. Paths are relative to the file. Every field and default is
 * declared here; the README's calibration guide shows examples.
 */
import * as z from 'zod';
import { PriceQuantity } from '../../sim/profile/quantities.js';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');

export const DatasetSchema = z.discriminatedUnion('format', [
  z.strictObject({
    format: z
      .literal('squad')
      .describe('SQuAD v1.1 JSON: {"data": [{"paragraphs": [{"context", "qas": [{"id", "question", "answers"}]}]}]}'),
    path: z.string().min(1),
  }),
  z.strictObject({
    format: z
      .literal('cnn-dailymail')
      .describe(
        'CNN/DailyMail: a .csv or .jsonl file with `article` and `highlights` (and optionally `id`), or a folder of raw .story files',
      ),
    path: z.string().min(1),
  }),
]);

export const QualityMetricSchema = z.enum(['token-f1', 'rouge-l']);

export const TaskConfigSchema = z.strictObject({
  description: z.string().min(1),
  dataset: DatasetSchema,
  sample: z.number().int().positive().describe('Number of prompts drawn (without replacement, seeded) from the dataset'),
  prompt: z.string().min(1).describe('Prompt template: {context} and {question} for extractive QA; {article} for summarization'),
  quality: QualityMetricSchema.describe(
    'token-f1: SQuAD token F1 (stored on [0, 1] = F1/10 on the paper’s 0–10 scale); rouge-l: ROUGE-L F-measure',
  ),
});

export const GenerationSchema = z.strictObject({
  maxNewTokens: z.number().int().positive().default(64),
  doSample: z.boolean().default(false),
  temperature: z.number().positive().default(1),
  topP: z.number().gt(0).lte(1).default(1),
  chatTemplate: z.boolean().default(true).describe('Wrap the prompt in the tokenizer’s chat template when it has one'),
});
export type GenerationSettings = z.infer<typeof GenerationSchema>;

const ExecutionProviderSchema = z.enum(['cpu', 'cuda']);

const TransformersModelFields = {
  path: z.string().min(1).describe('A local model folder: config.json, tokenizer.json, tokenizer_config.json, onnx/model*.onnx'),
  dtype: z.enum(['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4']).default('fp32'),
};

export const InferenceSystemSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: Identifier,
    displayName: z.string().optional(),
    kind: z.literal('classical').describe('Lead-N sentences for summaries, a sliding-window extractive baseline for QA'),
    summarySentences: z.number().int().positive().default(3),
    answerWindow: z.number().int().positive().default(8).describe('Width in words of the QA window'),
    tokenizer: z.string().optional().describe('A folder with tokenizer.json to count output tokens; without it, output words are counted'),
  }),
  z.strictObject({
    id: Identifier,
    displayName: z.string().optional(),
    kind: z.literal('text-generation').describe('A causal LLM exported to ONNX, run through transformers.js'),
    ...TransformersModelFields,
    parametersBillions: z.number().positive().optional(),
  }),
]);
export type InferenceSystemConfig = z.infer<typeof InferenceSystemSchema>;

export const EvaluatorSchema = z.strictObject({
  id: Identifier,
  displayName: z.string().optional(),
  architecture: z.enum(['bi-encoder', 'cross-encoder']),
  runtime: z
    .enum(['transformers', 'onnxruntime'])
    .default('transformers')
    .describe('transformers: a model folder loaded by transformers.js; onnxruntime: a raw ONNX graph run by onnxruntime-node'),
  path: z.string().min(1).describe('transformers: a model folder, or "builtin:glove-sif-100d"; onnxruntime: a .onnx file'),
  tokenizer: z.string().optional().describe('onnxruntime only: the folder holding tokenizer.json (default: the .onnx file’s folder)'),
  output: z
    .string()
    .optional()
    .describe('onnxruntime only: the output to read (default: sentence_embedding, last_hidden_state or logits, whichever exists)'),
  dtype: TransformersModelFields.dtype,
  compare: z
    .enum(['reference', 'prompt'])
    .default('reference')
    .describe('What an answer is scored against: the reference answer/highlights, or the question/article'),
  scoreTransform: z
    .enum(['clip', 'sigmoid'])
    .optional()
    .describe('Maps the raw score to [0, 1]; default clip for a bi-encoder cosine, sigmoid for a cross-encoder logit'),
  parametersMillions: z.number().positive().optional(),
});
export type EvaluatorConfig = z.infer<typeof EvaluatorSchema>;

export const CalibrationConfigSchema = z.strictObject({
  name: Identifier.describe('Name of the profile written'),
  description: z.string().min(1),
  seed: z.number().int().nonnegative().default(1),
  executionProvider: ExecutionProviderSchema.default('cpu'),
  hardware: z.strictObject({
    id: Identifier,
    description: z.string().optional().describe('Default: the CPU model, core count and memory detected'),
    costUsdPerHour: PriceQuantity,
  }),
  tasks: z.record(Identifier, TaskConfigSchema).refine((tasks) => Object.keys(tasks).length > 0, 'declare at least one task'),
  generation: GenerationSchema.prefault({}),
  measure: z
    .strictObject({
      warmup: z.number().int().nonnegative().default(2).describe('Requests run and discarded before timing each model'),
      batchSizes: z.array(z.number().int().positive()).min(1).default([1, 2, 4, 8, 16]),
      throughputItems: z.number().int().positive().default(32).describe('At least this many items are processed at each batch size'),
      profileMemory: z.boolean().default(true).describe('Enable ONNX Runtime session profiling to read its memory peaks'),
    })
    .prefault({}),
  inference: z.array(InferenceSystemSchema).min(1),
  evaluators: z.array(EvaluatorSchema).min(1),
  judge: z
    .strictObject({
      file: z.string().min(1).describe('CSV with columns model, task, item_id, judge_score (0–10)'),
      description: z.string().default('LLM judge scores imported from a CSV'),
    })
    .optional(),
});

export type CalibrationConfig = z.infer<typeof CalibrationConfigSchema>;
export type TaskConfig = z.infer<typeof TaskConfigSchema>;
