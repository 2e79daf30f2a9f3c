/**
 * Classical extractive baselines used as inference systems: Lead-N for
 * summaries (the first N sentences of the article, the standard CNN/DailyMail
 * baseline) and a sliding-window extractive baseline for QA (after
 * Richardson et al.'s MCTest baseline): the window of W context words that
 * best overlaps the question, weighted by inverse word counts, answered with
 * its words that are not in the question (of equally overlapping windows,
 * the one holding the most other content words).
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import type { PromptItem } from '../datasets/item.js';
import type { Answer, InferenceRunner, ModelHandle } from './model-handle.js';
import { loadTokenizer } from './transformers-runtime.js';

const STOP_WORDS = new Set(
  'a an the of to in on at for by with from and or but is are was were be been being do does did what which who whom whose when where why how that this these those it its as into than then there their they he she his her him we our you your i me my not no can could would should will shall may might has have had about after before during over under up down out if so such'.split(
    ' ',
  ),
);

const normalizeWord = (word: string) => word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

export function leadSentences(article: string, count: number): string {
  const lead: string[] = [];
  for (const { segment } of sentences.segment(article.replace(/\s+/g, ' ').trim())) {
    const sentence = segment.trim();
    if (sentence.length === 0) continue;
    lead.push(sentence);
    if (lead.length === count) break;
  }
  return lead.join(' ');
}

export function slidingWindowAnswer(context: string, question: string, width: number): string {
  const words = context.split(/\s+/).filter((w) => w.length > 0);
  const normalized = words.map(normalizeWord);
  const questionWords = new Set(
    question
      .split(/\s+/)
      .map(normalizeWord)
      .filter((w) => w.length > 0 && !STOP_WORDS.has(w)),
  );
  const counts = new Map<string, number>();
  for (const w of normalized) counts.set(w, (counts.get(w) ?? 0) + 1);
  // Overlap weight of each word; a word that could be part of an answer (not in the question, not a
  // stop word) adds a tie-breaking epsilon, so of equally overlapping windows the one with content wins.
  const weight = normalized.map((w) =>
    questionWords.has(w) ? Math.log(1 + 1 / counts.get(w)!) : w.length > 0 && !STOP_WORDS.has(w) ? 1e-6 : 0,
  );

  const span = Math.min(width, words.length);
  let score = 0;
  for (let i = 0; i < span; i++) score += weight[i]!;
  let best = 0;
  let bestScore = score;
  for (let start = 1; start + span <= words.length; start++) {
    score += weight[start + span - 1]! - weight[start - 1]!;
    if (score > bestScore + 1e-9) {
      bestScore = score;
      best = start;
    }
  }
  const window = words.slice(best, best + span);
  const answer = window.filter((_, i) => {
    const w = normalized[best + i]!;
    return w.length > 0 && !questionWords.has(w) && !STOP_WORDS.has(w);
  });
  return (answer.length > 0 ? answer : window).join(' ').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

export interface ClassicalOptions {
  readonly id: string;
  readonly summarySentences: number;
  readonly answerWindow: number;
  /** A folder with tokenizer.json to count output tokens; words are counted without it. */
  readonly tokenizerFolder?: string;
}

class ClassicalRunner implements InferenceRunner {
  constructor(
    private readonly options: ClassicalOptions,
    private readonly tokenizer: PreTrainedTokenizer | undefined,
  ) {}

  async answer(batch: readonly PromptItem[]): Promise<Answer[]> {
    return batch.map((item) => {
      const text =
        item.kind === 'summarization'
          ? leadSentences(item.fields.article ?? '', this.options.summarySentences)
          : slidingWindowAnswer(item.fields.context ?? '', item.fields.question ?? '', this.options.answerWindow);
      const outputTokens = this.tokenizer
        ? this.tokenizer.encode(text, { add_special_tokens: false }).length
        : text.split(/\s+/).filter((w) => w.length > 0).length;
      return { text, outputTokens };
    });
  }

  endProfiling(): void {}
  async close(): Promise<void> {}
}

export function classicalSystem(options: ClassicalOptions): ModelHandle<InferenceRunner> {
  return {
    id: options.id,
    usesOnnxRuntime: false,
    tokenCounting: options.tokenizerFolder ? `tokenizer at ${options.tokenizerFolder}` : 'whitespace-separated words',
    async open() {
      const tokenizer = options.tokenizerFolder ? await loadTokenizer(options.tokenizerFolder) : undefined;
      return new ClassicalRunner(options, tokenizer);
    },
  };
}
