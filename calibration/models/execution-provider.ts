/**
 * Which ONNX Runtime execution providers this install can run. The CPU
 * provider ships inside onnxruntime-node; the CUDA provider's libraries are
 * a separate download that the project's .npmrc skips (no GPU here), so a
 * GPU user reinstalls onnxruntime-node with them (see the README).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type ExecutionProvider = 'cpu' | 'cuda';

function bindingFolder(): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('onnxruntime-node/package.json'));
  return join(root, 'bin', 'napi-v6', process.platform, process.arch);
}

/** undefined when `provider` can run here, otherwise the reason it cannot. */
export function executionProviderProblem(provider: ExecutionProvider): string | undefined {
  if (provider === 'cpu') return undefined;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `onnxruntime-node ships the CUDA provider for linux-x64 only (this is ${process.platform}-${process.arch})`;
  }
  const library = join(bindingFolder(), 'libonnxruntime_providers_cuda.so');
  if (!existsSync(library)) {
    return (
      'this onnxruntime-node install has no CUDA provider (libonnxruntime_providers_cuda.so is missing; the project .npmrc skips that download): ' +
      'on a GPU machine run `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node`'
    );
  }
  return undefined;
}
