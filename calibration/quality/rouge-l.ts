/**
 * ROUGE-L F-measure (longest common subsequence), tokenized as Google's
 * rouge-score package does by default: lower-case, every run of characters
 * other than a–z and 0–9 is a separator, no stemming. Summary and reference
 * are each one token sequence (the highlights are joined).
 */

export function rougeTokens(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0);
}

function lcsLength(a: readonly string[], b: readonly string[]): number {
  // One row of the dynamic programme at a time: O(|a|·|b|) time, O(|b|) memory.
  let previous = new Uint32Array(b.length + 1);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

export interface RougeScore {
  readonly precision: number;
  readonly recall: number;
  readonly f: number;
}

export function rougeL(candidate: string, reference: string): RougeScore {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  if (c.length === 0 || r.length === 0) return { precision: 0, recall: 0, f: 0 };
  const lcs = lcsLength(c, r);
  const precision = lcs / c.length;
  const recall = lcs / r.length;
  return { precision, recall, f: lcs === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
