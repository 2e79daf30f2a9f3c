/**
 * Token-level F1 exactly as the official SQuAD v1.1 evaluation script
 * computes it: lower-case, strip ASCII punctuation, drop the articles a, an,
 * the, split on whitespace; F1 of the bag-of-tokens overlap; the maximum
 * over the gold answers.
 */

const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

export function normalizeAnswer(text: string): string[] {
  let lowered = '';
  for (const ch of text.toLowerCase()) if (!PUNCTUATION.has(ch)) lowered += ch;
  return lowered
    .replace(/\b(a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter((token) => token.length > 0);
}

/** F1 on [0, 1] of one prediction against one gold answer. */
export function tokenF1(prediction: string, gold: string): number {
  const predicted = normalizeAnswer(prediction);
  const expected = normalizeAnswer(gold);
  const counts = new Map<string, number>();
  for (const token of expected) counts.set(token, (counts.get(token) ?? 0) + 1);
  let same = 0;
  for (const token of predicted) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      same++;
      counts.set(token, left - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / predicted.length;
  const recall = same / expected.length;
  return (2 * precision * recall) / (precision + recall);
}

/** F1 on [0, 1] against the best-matching gold answer. */
export function maxTokenF1(prediction: string, golds: readonly string[]): number {
  return golds.reduce((best, gold) => Math.max(best, tokenF1(prediction, gold)), 0);
}
