/**
 * Tiny real ONNX models built in-process for the calibration tests: a SIF
 * bi-encoder from seeded 8-d word vectors (through the same builder as the
 * GloVe encoder), a cross-encoder with a one-logit head, a raw two-class
 * cross-encoder graph, and a bigram causal LM that transformers.js can
 * generate with. Vocabularies come from the example sets the project ships.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { writeModelFolder } from '../../calibration/build-encoder/builtin-models.js';
import { buildSifEncoder, SPECIAL_TOKENS } from '../../calibration/build-encoder/sif-encoder.js';
import type { WordEmbeddings } from '../../calibration/build-encoder/word-embeddings.js';
import { OnnxGraphBuilder, OnnxType } from '../../calibration/models/onnx-graph.js';
import { ROOT } from '../helpers.js';

export const EXAMPLES = join(ROOT, 'calibration', 'examples');

/** Words of the shipped example sets, most frequent first. */
export function exampleWords(): string[] {
  const text = readFileSync(join(EXAMPLES, 'qa.json'), 'utf8') + readFileSync(join(EXAMPLES, 'summaries.jsonl'), 'utf8');
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+|[.,;:'"()?-]/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
}

export function seededEmbeddings(words: readonly string[], dimensions = 8, seed = 'tiny'): WordEmbeddings {
  const random = seedrandom.alea(seed);
  const vectors = new Map(words.map((w) => [w, Array.from({ length: dimensions }, () => random() * 2 - 1)]));
  return { dimensions, words, vector: (w) => vectors.get(w), source: 'seeded test vectors' };
}

function tokenizerFiles(words: readonly string[]) {
  const vocabulary = [...SPECIAL_TOKENS, ...words];
  const special = (id: string, n: number) => ({ id, ids: [n], tokens: [id] });
  return {
    'tokenizer.json': JSON.stringify({
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
      post_processor: {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
        ],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: { '[CLS]': special('[CLS]', 2), '[SEP]': special('[SEP]', 3) },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocabulary.map((w, i) => [w, i])),
      },
    }),
    'tokenizer_config.json': JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 512,
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
    }),
    vocabularySize: vocabulary.length,
  };
}

function table(rows: number, width: number, seed: string): Float32Array {
  const random = seedrandom.alea(seed);
  return Float32Array.from({ length: rows * width }, () => random() * 2 - 1);
}

/** Cross-encoder: mean of token embeddings (type-shifted) → linear head with `classes` logits. */
function crossEncoderGraph(vocabularySize: number, classes: number): Uint8Array {
  const width = 8;
  const g = new OnnxGraphBuilder('tiny_cross_encoder');
  g.input('input_ids', OnnxType.int64, ['batch', 'sequence']);
  g.input('attention_mask', OnnxType.int64, ['batch', 'sequence']);
  g.input('token_type_ids', OnnxType.int64, ['batch', 'sequence']);
  g.floatTensor('words', [vocabularySize, width], table(vocabularySize, width, 'ce-words'));
  g.floatTensor('types', [2, width], table(2, width, 'ce-types'));
  g.floatTensor('head', [width, classes], table(width, classes, 'ce-head'));
  g.int64Tensor('axis1', [1], [1]);
  g.int64Tensor('axis2', [1], [2]);
  const tokens = g.node('Add', [
    g.node('Gather', ['words', 'input_ids'], { axis: 0 }),
    g.node('Gather', ['types', 'token_type_ids'], { axis: 0 }),
  ]);
  const mask = g.node('Unsqueeze', [g.node('Cast', ['attention_mask'], { to: OnnxType.float }), 'axis2']);
  const pooled = g.node('ReduceSum', [g.node('Mul', [tokens, mask]), 'axis1'], { keepdims: 0 });
  g.node('MatMul', [pooled, 'head'], {}, 'logits');
  g.output('logits', OnnxType.float, ['batch', classes]);
  return g.toBytes();
}

/** Bigram LM: logits at each position depend on that position's token only. */
function bigramGraph(vocabularySize: number): Uint8Array {
  const width = 8;
  const g = new OnnxGraphBuilder('tiny_bigram_lm');
  g.input('input_ids', OnnxType.int64, ['batch', 'sequence']);
  g.input('attention_mask', OnnxType.int64, ['batch', 'sequence']);
  g.floatTensor('words', [vocabularySize, width], table(vocabularySize, width, 'lm-words'));
  g.floatTensor('head', [width, vocabularySize], table(width, vocabularySize, 'lm-head'));
  g.node('MatMul', [g.node('Gather', ['words', 'input_ids'], { axis: 0 }), 'head'], {}, 'logits');
  g.output('logits', OnnxType.float, ['batch', 'sequence', vocabularySize]);
  return g.toBytes();
}

export interface TinyModels {
  /** transformers.js bi-encoder folder (SIF builder over seeded vectors). */
  readonly biEncoder: string;
  /** transformers.js cross-encoder folder (one logit). */
  readonly crossEncoder: string;
  /** raw two-class cross-encoder graph, tokenizer.json beside it. */
  readonly rawCrossEncoder: string;
  /** transformers.js causal LM folder. */
  readonly causalLm: string;
}

export function buildTinyModels(root: string): TinyModels {
  const words = exampleWords();
  const biEncoder = join(root, 'tiny-bi-encoder');
  writeModelFolder(
    biEncoder,
    buildSifEncoder(seededEmbeddings(words), { vocabularySize: 400, smoothing: 1e-3, removeCommonComponent: true }).files,
  );

  const tokenizer = tokenizerFiles(words);
  const files = { 'tokenizer.json': tokenizer['tokenizer.json'], 'tokenizer_config.json': tokenizer['tokenizer_config.json'] };
  const crossEncoder = join(root, 'tiny-cross-encoder');
  writeModelFolder(crossEncoder, {
    ...files,
    'config.json': JSON.stringify({ model_type: 'bert', hidden_size: 8, num_labels: 1, id2label: { 0: 'LABEL_0' } }),
    'onnx/model.onnx': crossEncoderGraph(tokenizer.vocabularySize, 1),
  });

  const rawFolder = join(root, 'tiny-raw-cross-encoder');
  mkdirSync(rawFolder, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(rawFolder, name), content);
  const rawCrossEncoder = join(rawFolder, 'cross-encoder.onnx');
  writeFileSync(rawCrossEncoder, crossEncoderGraph(tokenizer.vocabularySize, 2));

  const causalLm = join(root, 'tiny-causal-lm');
  writeModelFolder(causalLm, {
    ...files,
    'config.json': JSON.stringify({
      model_type: 'gpt2',
      n_head: 1,
      n_layer: 1,
      n_embd: 8,
      vocab_size: tokenizer.vocabularySize,
      bos_token_id: 2,
      eos_token_id: 3,
      pad_token_id: 0,
    }),
    'onnx/model.onnx': bigramGraph(tokenizer.vocabularySize),
  });
  return { biEncoder, crossEncoder, rawCrossEncoder, causalLm };
}
