/**
 * What the measuring code asks of a model: open it (optionally with ONNX
 * Runtime profiling on), run batches, close it. Inference systems answer
 * prompts; evaluators score answers.
 */
import type { PromptItem } from '../datasets/item.js';

export interface Answer {
  readonly text: string;
  readonly outputTokens: number;
}

export interface InferenceRunner {
  answer(batch: readonly PromptItem[]): Promise<Answer[]>;
  /** Ends ONNX Runtime profiling, writing the profile files (no-op without ONNX sessions). */
  endProfiling(): void;
  close(): Promise<void>;
}

/** An answer to score and the text it is compared with (a reference, or the prompt). */
export interface ScoringPair {
  readonly answer: string;
  readonly against: string;
}

export interface EvaluatorRunner {
  /**
   * Called once with every text answers will be compared against, before
   * timing starts: a bi-encoder embeds and caches them (a deployed
   * evaluator embeds a prompt's reference once, for every answer to it).
   */
  prepare(against: readonly string[]): Promise<void>;
  /** Raw scores: cosine similarity (bi-encoder) or relevance logit (cross-encoder). */
  score(batch: readonly ScoringPair[]): Promise<number[]>;
  endProfiling(): void;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** ONNX Runtime profile prefix; profiling is on only when set. */
  readonly profilePrefix?: string;
}

export interface ModelHandle<R> {
  readonly id: string;
  /** Whether ONNX Runtime runs this model (so profiling can report memory peaks). */
  readonly usesOnnxRuntime: boolean;
  /** How output tokens are counted, for the profile's provenance. */
  readonly tokenCounting?: string;
  open(options?: OpenOptions): Promise<R>;
}
