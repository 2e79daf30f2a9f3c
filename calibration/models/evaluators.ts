/**
 * Evaluator models. A bi-encoder embeds answer and reference separately and
 * scores their cosine similarity (references are embedded once and cached);
 * a cross-encoder reads the (reference, answer) pair and returns a relevance
 * logit. Both run on an EncoderBackend (transformers.js or raw ONNX).
 */
import type { EncoderBackend, EncoderRun } from './encoder-backend.js';
import type { EvaluatorRunner, ModelHandle, OpenOptions } from './model-handle.js';

/**
 * Sentence embeddings from an encoder run: the graph's own
 * `sentence_embedding` (or `output`) when it has one, otherwise the
 * attention-masked mean of `last_hidden_state` (sentence-transformers' mean pooling).
 */
export function sentenceEmbeddings(run: EncoderRun, outputName?: string): Float32Array[] {
  const name = outputName ?? (run.outputs.sentence_embedding ? 'sentence_embedding' : 'last_hidden_state');
  const output = run.outputs[name];
  if (!output) throw new Error(`the encoder has no output "${name}" (outputs: ${Object.keys(run.outputs).join(', ')})`);
  const [batch, second, third] = output.dims as [number, number, number?];
  if (third === undefined) {
    return Array.from({ length: batch }, (_, b) => output.data.slice(b * second, (b + 1) * second));
  }
  const sequence = second;
  const width = third;
  const mask = run.attentionMask.data;
  return Array.from({ length: batch }, (_, b) => {
    const pooled = new Float32Array(width);
    let count = 0;
    for (let t = 0; t < sequence; t++) {
      if (Number(mask[b * sequence + t]) === 0) continue;
      count++;
      const offset = (b * sequence + t) * width;
      for (let d = 0; d < width; d++) pooled[d] = pooled[d]! + output.data[offset + d]!;
    }
    if (count > 0) for (let d = 0; d < width; d++) pooled[d] = pooled[d]! / count;
    return pooled;
  });
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** The relevance logit per pair: a single-logit head as is; a two-class head as logit(1) − logit(0). */
export function relevanceLogits(run: EncoderRun, outputName = 'logits'): number[] {
  const output = run.outputs[outputName];
  if (!output) throw new Error(`the cross-encoder has no output "${outputName}" (outputs: ${Object.keys(run.outputs).join(', ')})`);
  const [batch, classes = 1] = output.dims;
  return Array.from({ length: batch! }, (_, b) =>
    classes === 1 ? output.data[b]! : output.data[b * classes + classes - 1]! - output.data[b * classes]!,
  );
}

class BiEncoderRunner implements EvaluatorRunner {
  private readonly cache = new Map<string, Float32Array>();

  constructor(
    private readonly backend: EncoderBackend,
    private readonly outputName: string | undefined,
    private readonly batchSize: number,
  ) {}

  async prepare(against: readonly string[]): Promise<void> {
    const unique = [...new Set(against)].filter((text) => !this.cache.has(text));
    for (let i = 0; i < unique.length; i += this.batchSize) {
      const chunk = unique.slice(i, i + this.batchSize);
      const embeddings = sentenceEmbeddings(await this.backend.run(chunk), this.outputName);
      chunk.forEach((text, j) => this.cache.set(text, embeddings[j]!));
    }
  }

  async score(batch: readonly { answer: string; against: string }[]): Promise<number[]> {
    const embeddings = sentenceEmbeddings(await this.backend.run(batch.map((pair) => pair.answer)), this.outputName);
    return batch.map((pair, i) => {
      const reference = this.cache.get(pair.against);
      if (!reference) throw new Error('bi-encoder: score() called with a text prepare() did not see');
      return cosine(embeddings[i]!, reference);
    });
  }

  endProfiling(): void {
    this.backend.endProfiling();
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

class CrossEncoderRunner implements EvaluatorRunner {
  constructor(
    private readonly backend: EncoderBackend,
    private readonly outputName: string | undefined,
  ) {}

  async prepare(): Promise<void> {}

  async score(batch: readonly { answer: string; against: string }[]): Promise<number[]> {
    const run = await this.backend.run(
      batch.map((pair) => pair.against),
      batch.map((pair) => pair.answer),
    );
    return relevanceLogits(run, this.outputName);
  }

  endProfiling(): void {
    this.backend.endProfiling();
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

export interface EvaluatorModelOptions {
  readonly id: string;
  readonly architecture: 'bi-encoder' | 'cross-encoder';
  readonly outputName?: string;
  /** Batch size used to embed references in prepare(). */
  readonly prepareBatchSize?: number;
  readonly openBackend: (profilePrefix?: string) => Promise<EncoderBackend>;
}

export function evaluatorModel(options: EvaluatorModelOptions): ModelHandle<EvaluatorRunner> {
  return {
    id: options.id,
    usesOnnxRuntime: true,
    async open(open: OpenOptions = {}) {
      const backend = await options.openBackend(open.profilePrefix);
      return options.architecture === 'bi-encoder'
        ? new BiEncoderRunner(backend, options.outputName, options.prepareBatchSize ?? 16)
        : new CrossEncoderRunner(backend, options.outputName);
    },
  };
}
