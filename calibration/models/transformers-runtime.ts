/**
 * Loading through transformers.js (@huggingface/transformers 4.x, the
 * maintained successor of @xenova/transformers; it runs on the same
 * onnxruntime-node as the rest of poq-sim). Remote models are switched off:
 * a model is always a local folder.
 */
import { basename, dirname, resolve } from 'node:path';
import {
  AutoModel,
  AutoModelForCausalLM,
  AutoModelForSequenceClassification,
  AutoTokenizer,
  env,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import type { ExecutionProvider } from './execution-provider.js';
import { usesExternalData } from './local-model-folder.js';

export type ModelClass = 'feature-extraction' | 'sequence-classification' | 'causal-lm';

export interface LoadOptions {
  readonly device: ExecutionProvider;
  readonly dtype: string;
  /** When set, ONNX Runtime profiles every run and writes its JSON under this prefix. */
  readonly profilePrefix?: string;
}

/** Points transformers.js at the folder holding `folder`, with no hub access. */
function useLocalFolder(folder: string): string {
  const absolute = resolve(folder);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(absolute);
  return basename(absolute);
}

export async function loadTokenizer(folder: string): Promise<PreTrainedTokenizer> {
  return AutoTokenizer.from_pretrained(useLocalFolder(folder));
}

export async function loadModel(folder: string, modelClass: ModelClass, options: LoadOptions): Promise<PreTrainedModel> {
  const name = useLocalFolder(folder);
  const loader = {
    'feature-extraction': AutoModel,
    'sequence-classification': AutoModelForSequenceClassification,
    'causal-lm': AutoModelForCausalLM,
  }[modelClass];
  return loader.from_pretrained(name, {
    device: options.device,
    dtype: options.dtype as 'fp32',
    use_external_data_format: usesExternalData(folder, options.dtype),
    session_options: options.profilePrefix ? { enableProfiling: true, profileFilePrefix: options.profilePrefix } : {},
  });
}

/** Ends profiling on every ONNX Runtime session of `model`, which writes the profile files. */
export function endProfiling(model: PreTrainedModel): void {
  const sessions = (model as unknown as { sessions?: Record<string, { endProfiling?: () => void }> }).sessions ?? {};
  for (const session of Object.values(sessions)) session.endProfiling?.();
}

export async function disposeModel(model: PreTrainedModel): Promise<void> {
  await model.dispose();
}
