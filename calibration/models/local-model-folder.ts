/**
 * Checks a local model folder before anything loads it, so a missing file
 * is named precisely instead of surfacing as a library error. Models are
 * never fetched from a hub: poq-sim only reads local folders.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** transformers.js names its ONNX files by dtype: onnx/model<suffix>.onnx. */
const DTYPE_SUFFIX: Readonly<Record<string, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

export function onnxFileFor(dtype: string): string {
  return join('onnx', `model${DTYPE_SUFFIX[dtype] ?? ''}.onnx`);
}

/** The problem with `folder` as a transformers.js model folder, or undefined when it is complete. */
export function transformersFolderProblem(folder: string, dtype: string): string | undefined {
  if (!existsSync(folder)) return `no such model folder ${folder}`;
  if (!statSync(folder).isDirectory()) return `${folder} is a file; expected a model folder (config.json, tokenizer.json, onnx/model.onnx)`;
  const required = ['config.json', 'tokenizer.json', 'tokenizer_config.json', onnxFileFor(dtype)];
  const missing = required.filter((file) => !existsSync(join(folder, file)));
  return missing.length > 0 ? `model folder ${folder} lacks ${missing.join(', ')}` : undefined;
}

/** True when the model's weights live in a separate `.onnx_data` file (models over 2 GB). */
export function usesExternalData(folder: string, dtype: string): boolean {
  return existsSync(join(folder, `${onnxFileFor(dtype)}_data`));
}

export function rawOnnxProblem(file: string, tokenizerFolder: string): string | undefined {
  if (!existsSync(file)) return `no such ONNX file ${file}`;
  if (statSync(file).isDirectory()) return `${file} is a folder; the onnxruntime runtime expects a .onnx file`;
  const missing = ['tokenizer.json', 'tokenizer_config.json'].filter((name) => !existsSync(join(tokenizerFolder, name)));
  return missing.length > 0 ? `tokenizer folder ${tokenizerFolder} lacks ${missing.join(', ')}` : undefined;
}
