/**
 * How much YAML (or JSON) a file may hold before poq-sim refuses it. The
 * yaml library composes a document into node objects with their source
 * ranges; its cost grows with the number of nodes more than with the bytes,
 * so a small file of millions of items could take minutes and die out of
 * memory without a limit on nodes.
 *
 * The limits are set above the largest legitimate inputs (a profile whose
 * distributions are all empirical over every measured value; a sweep listing
 * 10,000 values). docs/input-limits.md has the measurements behind each
 * limit and what to do when a file is refused.
 */

import { getHeapStatistics } from 'node:v8';

export interface InputLimits {
  /** Bytes a file may have: checked before it is read (from its size, or while reading a pipe). */
  readonly maxBytes: number;
  /**
   * YAML nodes (keys, values, list items) a document may hold, counted once
   * as written and again with every alias expanded to the nodes it repeats.
   */
  readonly maxNodes: number;
  /** Levels of nesting (mappings and lists within one another). */
  readonly maxDepth: number;
}

/** JS heap the yaml library needs at its peak per node, with a margin over the measured value (docs/input-limits.md). */
const PEAK_HEAP_BYTES_PER_NODE = 1536;

/** 1,000,000 nodes, or fewer when the heap could not hold them (a small --max-old-space-size). */
function maxNodesForHeap(): number {
  return Math.min(1_000_000, Math.floor(getHeapStatistics().heap_size_limit / PEAK_HEAP_BYTES_PER_NODE / 1000) * 1000);
}

export const INPUT_LIMITS: InputLimits = {
  maxBytes: 16 * 2 ** 20,
  maxNodes: maxNodesForHeap(),
  maxDepth: 64,
};

/**
 * How large an experiment may be. Planning validates and resolves every
 * point before anything runs, and each point keeps every replication's
 * metrics in memory until it is written (docs/input-limits.md has the cost
 * of each).
 */
export interface ExperimentLimits {
  readonly maxPoints: number;
  /** For `replications` and `stopping.maxReplications`. */
  readonly maxReplications: number;
  /** Points × replications (the most a stopping rule allows): rows of runs.csv. */
  readonly maxRuns: number;
}

export const EXPERIMENT_LIMITS: ExperimentLimits = {
  maxPoints: 100_000,
  maxReplications: 10_000,
  maxRuns: 10_000_000,
};

/** Where a refusal sends the user. */
export const LIMITS_DOC = 'docs/input-limits.md';

/** A byte count as a user reads it: "3.7 TiB", "25.2 MiB", "812 KiB", "96 bytes". */
export function formatBytes(bytes: number): string {
  const tenths = (value: number) => value.toFixed(1).replace(/\.0$/, '');
  if (bytes >= 2 ** 40) return `${tenths(bytes / 2 ** 40)} TiB`;
  if (bytes >= 2 ** 30) return `${tenths(bytes / 2 ** 30)} GiB`;
  if (bytes >= 2 ** 20) return `${tenths(bytes / 2 ** 20)} MiB`;
  if (bytes >= 2 ** 10) return `${Math.round(bytes / 2 ** 10)} KiB`;
  return `${bytes} bytes`;
}

/** A count with thousands separators; one too large to read so (a grid's product, say) as a power of ten. */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return 'infinitely many';
  if (count >= 1e15) {
    const exponent = Math.floor(Math.log10(count));
    return `about ${(count / 10 ** exponent).toFixed(1)}·10^${exponent}`;
  }
  return count.toLocaleString('en-US');
}
