/**
 * Runs a text encoder and returns its named outputs as plain float arrays:
 * either a transformers.js model from a local folder, or a raw ONNX graph run
 * by onnxruntime-node directly (tokenized with the tokenizer.json beside it).
 * Bi-encoders and cross-encoders are built on either.
 */
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from './execution-provider.js';
import { disposeModel, endProfiling, loadModel, loadTokenizer, type ModelClass } from './transformers-runtime.js';

export interface EncoderOutput {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface EncoderRun {
  readonly outputs: Readonly<Record<string, EncoderOutput>>;
  /** The attention mask fed to the model, row-major [batch, sequence]. */
  readonly attentionMask: { readonly data: ArrayLike<bigint | number>; readonly dims: readonly number[] };
}

export interface EncoderBackend {
  /** Encodes `texts`, or the pairs (texts[i], pairs[i]) for a cross-encoder. */
  run(texts: readonly string[], pairs?: readonly string[]): Promise<EncoderRun>;
  endProfiling(): void;
  close(): Promise<void>;
}

function tokenize(tokenizer: PreTrainedTokenizer, texts: readonly string[], pairs?: readonly string[]) {
  return tokenizer([...texts], { text_pair: pairs ? [...pairs] : null, padding: true, truncation: true }) as Record<string, Tensor>;
}

function toFloat(tensor: { data: unknown; dims: readonly number[] }): EncoderOutput {
  const data = tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data as ArrayLike<number>);
  return { data, dims: [...tensor.dims] };
}

export async function transformersEncoder(
  folder: string,
  modelClass: Extract<ModelClass, 'feature-extraction' | 'sequence-classification'>,
  options: { device: ExecutionProvider; dtype: string; profilePrefix?: string },
): Promise<EncoderBackend> {
  const tokenizer = await loadTokenizer(folder);
  const model: PreTrainedModel = await loadModel(folder, modelClass, options);
  return {
    async run(texts, pairs) {
      const inputs = tokenize(tokenizer, texts, pairs);
      const result = (await model(inputs)) as Record<string, Tensor>;
      const outputs: Record<string, EncoderOutput> = {};
      for (const [name, value] of Object.entries(result)) {
        if (value && typeof value === 'object' && 'dims' in value && (value.type === 'float32' || value.type === 'float16'))
          outputs[name] = toFloat(value);
      }
      return { outputs, attentionMask: inputs.attention_mask! };
    },
    endProfiling: () => endProfiling(model),
    close: () => disposeModel(model),
  };
}

export async function onnxRuntimeEncoder(
  file: string,
  tokenizerFolder: string,
  options: { device: ExecutionProvider; profilePrefix?: string },
): Promise<EncoderBackend> {
  const tokenizer = await loadTokenizer(tokenizerFolder);
  const session = await ort.InferenceSession.create(file, {
    executionProviders: [options.device],
    ...(options.profilePrefix ? { enableProfiling: true, profileFilePrefix: options.profilePrefix } : {}),
  });
  const toOrt = (t: Tensor) => new ort.Tensor('int64', t.data as BigInt64Array, [...t.dims]);
  return {
    async run(texts, pairs) {
      const inputs = tokenize(tokenizer, texts, pairs);
      const feeds: Record<string, ort.Tensor> = {};
      for (const name of session.inputNames) {
        const tensor = inputs[name];
        if (tensor) feeds[name] = toOrt(tensor);
        else if (name === 'token_type_ids') {
          const ids = inputs.input_ids!;
          feeds[name] = new ort.Tensor('int64', new BigInt64Array((ids.data as ArrayLike<unknown>).length), [...ids.dims]);
        } else {
          throw new Error(
            `the ONNX graph ${file} expects an input "${name}" the tokenizer does not produce (it produces ${Object.keys(inputs).join(', ')})`,
          );
        }
      }
      const result = await session.run(feeds);
      const outputs: Record<string, EncoderOutput> = {};
      for (const [name, value] of Object.entries(result)) {
        if (value.type === 'float32') outputs[name] = toFloat(value);
      }
      return { outputs, attentionMask: inputs.attention_mask! };
    },
    endProfiling: () => session.endProfiling(),
    close: () => session.release(),
  };
}
