/** Model handles for the systems and evaluators a calibration file declares. */
import { dirname } from 'node:path';
import { BUILTIN_PREFIX, ensureBuiltinModel } from '../build-encoder/builtin-models.js';
import type { CalibrationConfig, EvaluatorConfig, InferenceSystemConfig } from '../config/schema.js';
import { classicalSystem } from './classical-systems.js';
import { onnxRuntimeEncoder, transformersEncoder } from './encoder-backend.js';
import { evaluatorModel } from './evaluators.js';
import type { EvaluatorRunner, InferenceRunner, ModelHandle } from './model-handle.js';
import { textGenerator } from './text-generator.js';

export function inferenceHandle(
  system: InferenceSystemConfig,
  config: CalibrationConfig,
  resolvePath: (path: string) => string,
): ModelHandle<InferenceRunner> {
  if (system.kind === 'classical') {
    return classicalSystem({
      id: system.id,
      summarySentences: system.summarySentences,
      answerWindow: system.answerWindow,
      tokenizerFolder: system.tokenizer ? resolvePath(system.tokenizer) : undefined,
    });
  }
  return textGenerator({
    id: system.id,
    folder: resolvePath(system.path),
    dtype: system.dtype,
    device: config.executionProvider,
    generation: config.generation,
  });
}

/** How a system's output tokens are counted, for the profile's provenance. */
export function tokenCounting(system: InferenceSystemConfig): string {
  if (system.kind === 'text-generation') return 'generated tokens up to end-of-sequence, counted by the model’s own tokenizer';
  return system.tokenizer ? `tokens of the answer under the tokenizer in ${system.tokenizer}` : 'whitespace-separated words of the answer';
}

/** The model folder (or .onnx file) an evaluator loads, building a builtin model on first use. */
export function evaluatorLocation(evaluator: EvaluatorConfig, resolvePath: (path: string) => string, log: (line: string) => void): string {
  return evaluator.path.startsWith(BUILTIN_PREFIX)
    ? ensureBuiltinModel(evaluator.path.slice(BUILTIN_PREFIX.length), log)
    : resolvePath(evaluator.path);
}

export function evaluatorHandle(
  evaluator: EvaluatorConfig,
  config: CalibrationConfig,
  resolvePath: (path: string) => string,
  log: (line: string) => void,
): ModelHandle<EvaluatorRunner> {
  const location = evaluatorLocation(evaluator, resolvePath, log);
  const device = config.executionProvider;
  return evaluatorModel({
    id: evaluator.id,
    architecture: evaluator.architecture,
    outputName: evaluator.output,
    openBackend: (profilePrefix) =>
      evaluator.runtime === 'transformers'
        ? transformersEncoder(location, evaluator.architecture === 'bi-encoder' ? 'feature-extraction' : 'sequence-classification', {
            device,
            dtype: evaluator.dtype,
            profilePrefix,
          })
        : onnxRuntimeEncoder(location, evaluator.tokenizer ? resolvePath(evaluator.tokenizer) : dirname(location), {
            device,
            profilePrefix,
          }),
  });
}
