/**
 * Line-end labels that do not collide: label positions pushed apart along
 * one axis to at least `gap` points while staying as close as possible to
 * their lines' ends (a pool-adjacent-violators pass over the sorted order).
 */
export function spreadPositions(positions: readonly number[], gap: number, low: number, high: number): number[] {
  const order = positions.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  // Blocks of labels that touch, each centred on the mean of its labels' targets.
  const blocks: { start: number; count: number; sum: number }[] = [];
  order.forEach(({ value }, i) => {
    blocks.push({ start: i, count: 1, sum: value - i * gap });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const previous = blocks[blocks.length - 2]!;
      if (previous.sum / previous.count < last.sum / last.count) break;
      previous.count += last.count;
      previous.sum += last.sum;
      blocks.pop();
    }
  });
  const placed = new Array<number>(positions.length);
  for (const block of blocks) {
    const base = block.sum / block.count;
    for (let k = 0; k < block.count; k++) {
      const rank = block.start + k;
      placed[order[rank]!.index] = base + rank * gap;
    }
  }
  // Keep the whole stack inside [low, high] when it fits.
  const min = Math.min(...placed);
  const max = Math.max(...placed);
  const shift = min < low ? low - min : max > high ? Math.max(high - max, low - min) : 0;
  return placed.map((p) => p + shift);
}
