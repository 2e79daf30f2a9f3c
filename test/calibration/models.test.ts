/** Every model-loading path, on tiny ONNX models built in-process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classicalSystem, leadSentences, slidingWindowAnswer } from '../../calibration/models/classical-systems.js';
import { onnxRuntimeEncoder, transformersEncoder } from '../../calibration/models/encoder-backend.js';
import { cosine, evaluatorModel, sentenceEmbeddings } from '../../calibration/models/evaluators.js';
import { writeModelFolder } from '../../calibration/build-encoder/builtin-models.js';
import { buildSifEncoder } from '../../calibration/build-encoder/sif-encoder.js';
import { parseWinkEmbeddings } from '../../calibration/build-encoder/word-embeddings.js';
import { executionProviderProblem } from '../../calibration/models/execution-provider.js';
import { transformersFolderProblem } from '../../calibration/models/local-model-folder.js';
import { parseOrtProfile } from '../../calibration/models/ort-profile.js';
import { textGenerator } from '../../calibration/models/text-generator.js';
import type { PromptItem } from '../../calibration/datasets/item.js';
import { measureModel } from '../../calibration/measure/measure-model.js';
import { buildTinyModels, type TinyModels } from './tiny-models.js';

let root: string;
let models: TinyModels;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'poq-sim-models-'));
  models = buildTinyModels(root);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const pairs = [
  { answer: 'the lighthouse was built in 1872', against: '1872' },
  { answer: 'a cable car', against: 'by a cable car from the town of Selva' },
  { answer: 'pesticides', against: 'solar power' },
];

describe('evaluators', () => {
  it('scores with a transformers.js bi-encoder: cosine of SIF sentence embeddings, identical texts score 1', async () => {
    const handle = evaluatorModel({
      id: 'bi',
      architecture: 'bi-encoder',
      openBackend: (p) => transformersEncoder(models.biEncoder, 'feature-extraction', { device: 'cpu', dtype: 'fp32', profilePrefix: p }),
    });
    const runner = await handle.open();
    await runner.prepare([...pairs.map((p) => p.against), 'a cable car']);
    const scores = await runner.score([...pairs, { answer: 'a cable car', against: 'a cable car' }]);
    await runner.close();
    expect(scores).toHaveLength(4);
    for (const s of scores) expect(Math.abs(s)).toBeLessThanOrEqual(1 + 1e-6);
    expect(scores[3]).toBeCloseTo(1, 5);
    expect(new Set(scores.map((s) => s.toFixed(4))).size).toBe(4);
  });

  it('gives the same cosine through raw onnxruntime-node as through transformers.js', async () => {
    const viaTransformers = await transformersEncoder(models.biEncoder, 'feature-extraction', { device: 'cpu', dtype: 'fp32' });
    const viaOrt = await onnxRuntimeEncoder(join(models.biEncoder, 'onnx', 'model.onnx'), models.biEncoder, { device: 'cpu' });
    const a = (await viaTransformers.run(['the ferry crosses the lake'])).outputs.sentence_embedding!;
    const b = (await viaOrt.run(['the ferry crosses the lake'])).outputs.sentence_embedding!;
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(Math.hypot(...a.data)).toBeCloseTo(1, 5);
    await viaTransformers.close();
    await viaOrt.close();
  });

  it('reads a one-logit cross-encoder through transformers.js and a two-class raw graph through onnxruntime', async () => {
    const one = evaluatorModel({
      id: 'ce',
      architecture: 'cross-encoder',
      openBackend: () => transformersEncoder(models.crossEncoder, 'sequence-classification', { device: 'cpu', dtype: 'fp32' }),
    });
    const two = evaluatorModel({
      id: 'raw',
      architecture: 'cross-encoder',
      openBackend: () => onnxRuntimeEncoder(models.rawCrossEncoder, join(models.rawCrossEncoder, '..'), { device: 'cpu' }),
    });
    for (const handle of [one, two]) {
      const runner = await handle.open();
      const batched = await runner.score(pairs);
      const single = await runner.score([pairs[1]!]);
      await runner.close();
      expect(batched).toHaveLength(3);
      expect(batched.every(Number.isFinite)).toBe(true);
      // Padding must not change a pair's logit.
      expect(single[0]).toBeCloseTo(batched[1]!, 4);
    }
  });

  it('reports ONNX Runtime memory peaks from a profiled session', async () => {
    const handle = evaluatorModel({
      id: 'bi',
      architecture: 'bi-encoder',
      openBackend: (p) => transformersEncoder(models.biEncoder, 'feature-extraction', { device: 'cpu', dtype: 'fp32', profilePrefix: p }),
    });
    const work = pairs.map((p, i) => ({ task: 't', itemId: String(i), subjectModel: 'm', work: p }));
    const measured = await measureModel(
      'evaluator',
      handle,
      work,
      { warmup: 1, batchSizes: [1, 2], throughputItems: 4, profileMemory: true },
      (r, b) => r.score(b),
      (r) => r.prepare(pairs.map((p) => p.against)),
    );
    const metrics = new Set(measured.rows.map((r) => r.metric));
    for (const m of ['latency_ms', 'batch_latency_ms', 'throughput_per_s', 'memory_mb', 'peak_rss_mb', 'ort_peak_mb', 'ort_arena_mb'])
      expect(metrics).toContain(m);
    expect(measured.rows.filter((r) => r.metric === 'latency_ms')).toHaveLength(3);
    expect(measured.rows.find((r) => r.metric === 'ort_peak_mb')!.value).toBeGreaterThan(0);
    expect(parseOrtProfile('[{"args":{"mem_in_use_peak":"2048","mem_arena_held":"4096"}},{"args":{"mem_in_use_peak":"1024"}}]')).toEqual({
      inUsePeakBytes: 2048,
      arenaHeldBytes: 4096,
    });
    expect(parseOrtProfile('[{"args":{}}]')).toBeUndefined();
  });
});

describe('inference systems', () => {
  const item = (kind: 'extractive-qa' | 'summarization', fields: Record<string, string>, prompt: string): PromptItem => ({
    id: 'x',
    task: kind,
    kind,
    fields,
    references: ['r'],
    prompt,
  });

  it('generates with a causal LM through transformers.js, batched with left padding', async () => {
    const handle = textGenerator({
      id: 'lm',
      folder: models.causalLm,
      dtype: 'fp32',
      device: 'cpu',
      generation: { maxNewTokens: 6, doSample: false, temperature: 1, topP: 1, chatTemplate: true },
    });
    const runner = await handle.open();
    const items = [item('extractive-qa', {}, 'the lighthouse'), item('extractive-qa', {}, 'who designed the glass bridge')];
    const batched = await runner.answer(items);
    const alone = await runner.answer([items[0]!]);
    await runner.close();
    expect(batched).toHaveLength(2);
    for (const a of batched) expect(a.outputTokens).toBeGreaterThan(0);
    expect(batched[0]!.outputTokens).toBeLessThanOrEqual(6);
    expect(alone[0]).toEqual(batched[0]);
  });

  it('answers with Lead-N and a sliding window', async () => {
    expect(leadSentences('First one. Second one! Third? Fourth.', 3)).toBe('First one. Second one! Third?');
    expect(slidingWindowAnswer('The tower was built in 1872 by the harbour board. It is red.', 'When was the tower built?', 5)).toBe(
      '1872',
    );
    const runner = await classicalSystem({ id: 'c', summarySentences: 1, answerWindow: 4 }).open();
    const [summary] = await runner.answer([item('summarization', { article: 'A pool closes. Engineers found cracks.' }, '')]);
    expect(summary).toEqual({ text: 'A pool closes.', outputTokens: 3 });
  });
});

describe('the GloVe SIF encoder builder', () => {
  it('reads the wink embeddings format and builds a folder transformers.js loads', async () => {
    // The wink layout: words by frequency; each vector holds the components, then its norm and index.
    const words = ['the', ',', 'cat', 'sat', 'u.s.', 'mat', 'kitten'];
    const vectors = Object.fromEntries(words.map((w, i) => [w, [Math.cos(i), Math.sin(i), Math.cos(2 * i), 1, i]]));
    const embeddings = parseWinkEmbeddings(
      JSON.stringify({ precision: 8, l2NormIndex: 3, wordIndex: 4, size: words.length, dimensions: 3, words, vectors }),
      'tiny.json',
    );
    const built = buildSifEncoder(embeddings, { vocabularySize: 5, smoothing: 1e-3, removeCommonComponent: true });
    // "u.s." cannot come out of the BERT pre-tokenizer, so the fifth word is "mat", not "u.s.".
    expect(Object.keys(JSON.parse(built.files['tokenizer.json'] as string).model.vocab)).toEqual([
      '[PAD]',
      '[UNK]',
      '[CLS]',
      '[SEP]',
      'the',
      ',',
      'cat',
      'sat',
      'mat',
    ]);
    const folder = join(root, 'wink-built');
    writeModelFolder(folder, built.files);
    const encoder = await transformersEncoder(folder, 'feature-extraction', { device: 'cpu', dtype: 'fp32' });
    const run = await encoder.run(['the cat sat', 'The cat sat.', 'kitten']);
    await encoder.close();
    const [a, b, unknown] = sentenceEmbeddings(run);
    expect(cosine(a!, b!)).toBeGreaterThan(0.99);
    expect(Array.from(unknown!)).toEqual([0, 0, 0]);
    expect(() => parseWinkEmbeddings('{"words": []}', 'x.json')).toThrow(/not a wink embeddings file/);
  });
});

describe('local-only loading', () => {
  it('names the missing files of a model folder', () => {
    expect(transformersFolderProblem(join(root, 'absent'), 'fp32')).toMatch(/no such model folder/);
    expect(transformersFolderProblem(models.biEncoder, 'fp16')).toMatch(/lacks onnx\/model_fp16\.onnx/);
    expect(transformersFolderProblem(models.biEncoder, 'fp32')).toBeUndefined();
  });

  it('says how to get the CUDA provider when the install lacks it', () => {
    expect(executionProviderProblem('cpu')).toBeUndefined();
    expect(executionProviderProblem('cuda')).toMatch(/CUDA/);
  });
});
