/**
 * A seeded sample of N items, drawn without replacement: the same dataset,
 * seed and task always give the same prompts, in the same order.
 */
import seedrandom from 'seedrandom';
import type { DatasetItem } from './item.js';

export function sampleItems<T extends DatasetItem>(items: readonly T[], count: number, seed: number, task: string): T[] {
  if (count > items.length) {
    throw new Error(`asked for ${count} prompts but the dataset holds ${items.length}`);
  }
  const random = seedrandom.alea(`poq-sim/calibration/${seed}/${task}`);
  const order = items.map((_, i) => i);
  // Partial Fisher–Yates: the first `count` positions are a uniform sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, count).map((i) => items[i]!);
}
