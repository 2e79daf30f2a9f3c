import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { test } from 'vitest';
import { OnnxGraphBuilder, OnnxType } from '../../calibration/models/onnx-graph.js';
import { env, AutoModel, AutoTokenizer, AutoModelForSequenceClassification, AutoModelForCausalLM } from '@huggingface/transformers';

const words = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'the', 'cat', 'sat', 'on', 'mat', 'dog', '.', ','];
function tokenizerJson() {
  return {
    version: '1.0', truncation: null, padding: null,
    added_tokens: words.slice(0, 4).map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } } },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(words.map((w, i) => [w, i])) },
  };
}
function folder(name: string, config: object, onnx: Uint8Array) {
  const dir = join(tmpdir(), 'tjs-scratch', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson()));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'BertTokenizer', model_max_length: 512, do_lower_case: true, pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]' }));
  writeFileSync(join(dir, 'onnx', 'model.onnx'), onnx);
  return dir;
}
const V = words.length, D = 4;
const table = Float32Array.from({ length: V * D }, (_, i) => Math.sin(i * 1.3));

test('bi-encoder', async () => {
  const g = new OnnxGraphBuilder('enc');
  g.input('input_ids', OnnxType.int64, ['batch', 'seq']);
  g.input('attention_mask', OnnxType.int64, ['batch', 'seq']);
  g.floatTensor('table', [V, D], table);
  g.node('Gather', ['table', 'input_ids'], { axis: 0 }, 'last_hidden_state');
  g.output('last_hidden_state', OnnxType.float, ['batch', 'seq', D]);
  const dir = folder('enc', { model_type: 'bert', hidden_size: D }, g.toBytes());
  env.allowRemoteModels = false; env.localModelPath = join(tmpdir(), 'tjs-scratch');
  const tok = await AutoTokenizer.from_pretrained('enc');
  const model = await AutoModel.from_pretrained('enc', { device: 'cpu', dtype: 'fp32', session_options: { enableProfiling: true, profileFilePrefix: join(dir, 'prof') } } as any);
  const inputs = tok(['the cat sat', 'the dog'], { padding: true, truncation: true });
  console.log(Object.keys(inputs), inputs.input_ids.tolist());
  const out = await model(inputs);
  console.log(Object.keys(out), out.last_hidden_state.dims);
  console.log((model as any).sessions.model, Object.keys((model as any).sessions));
  const s = (model as any).sessions.model;
  console.log(typeof s.endProfiling);
  try { await AutoModel.from_pretrained('nothere'); } catch (e) { console.log('ERR', (e as Error).message); }
});

test('cross-encoder', async () => {
  const g = new OnnxGraphBuilder('ce');
  g.input('input_ids', OnnxType.int64, ['batch', 'seq']);
  g.input('attention_mask', OnnxType.int64, ['batch', 'seq']);
  g.input('token_type_ids', OnnxType.int64, ['batch', 'seq']);
  g.floatTensor('table', [V, D], table);
  g.floatTensor('w', [D, 1], Float32Array.from([0.5, -0.2, 0.1, 0.3]));
  const e = g.node('Gather', ['table', 'input_ids'], { axis: 0 });
  const m = g.node('ReduceMean', [e], { axes: [1], keepdims: 0 });
  g.node('MatMul', [m, 'w'], {}, 'logits');
  g.output('logits', OnnxType.float, ['batch', 1]);
  folder('ce', { model_type: 'bert', hidden_size: D, num_labels: 1, id2label: { 0: 'LABEL_0' } }, g.toBytes());
  const tok = await AutoTokenizer.from_pretrained('ce');
  const model = await AutoModelForSequenceClassification.from_pretrained('ce', { dtype: 'fp32' });
  const inputs = tok(['the cat', 'the dog'], { text_pair: ['the mat', 'sat'], padding: true, truncation: true });
  console.log(inputs.input_ids.tolist(), inputs.token_type_ids.tolist());
  const out = await model(inputs);
  console.log(out.logits.dims, out.logits.tolist());
});

test('causal lm', async () => {
  const g = new OnnxGraphBuilder('lm');
  g.input('input_ids', OnnxType.int64, ['batch', 'seq']);
  g.input('attention_mask', OnnxType.int64, ['batch', 'seq']);
  g.floatTensor('table', [V, D], table);
  g.floatTensor('w', [D, V], Float32Array.from({ length: D * V }, (_, i) => Math.cos(i * 0.7)));
  const e = g.node('Gather', ['table', 'input_ids'], { axis: 0 });
  g.node('MatMul', [e, 'w'], {}, 'logits');
  g.output('logits', OnnxType.float, ['batch', 'seq', V]);
  folder('lm', { model_type: 'gpt2', n_head: 1, n_layer: 1, n_embd: D, vocab_size: V, bos_token_id: 2, eos_token_id: 3, pad_token_id: 0 }, g.toBytes());
  const tok = await AutoTokenizer.from_pretrained('lm');
  const model = await AutoModelForCausalLM.from_pretrained('lm', { dtype: 'fp32' });
  const inputs = tok(['the cat', 'the dog sat'], { padding: true, add_special_tokens: false });
  const out = await model.generate({ ...inputs, max_new_tokens: 5, do_sample: false } as any);
  console.log((out as any).tolist());
  console.log(tok.batch_decode(out as any, { skip_special_tokens: true }));
});
