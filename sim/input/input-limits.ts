/**
 * How much YAML (or JSON) a file may hold before poq-sim refuses it. The
 * yaml library composes a document into node objects with their source
 * ranges; its cost grows with the number of nodes more than with the bytes:
 * on the development machine (Node 20, yaml 2.9) a flow list of 1,000,000
 * one-digit items (2 MB) takes 4.6 s and 1.1 GB of resident memory to
 * parse, 2,000,000 items 11 s and 2.0 GB, while 16 MB of long strings
 * (10,000 of 1,600 characters) take 2.3 s and 650 MB. Without limits, a
 * 25 MB file of 12 million items would take minutes and die out of memory.
 *
 * The limits are set above the largest legitimate inputs: the shipped
 * calibrated profile is 48 KB; a profile whose 56 distributions (8 models ×
 * 2 tasks × 3 quantities, 4 evaluators × 2 tasks) were all left empirical
 * over the 10,570 SQuAD dev questions, each list holding every measured
 * value, is 12 MB and 592,000 values, and loads in 7.9 s and 774 MB; a
 * sweep listing 10,000 values is 100 KB. docs/input-limits.md has the
 * measurements and what to do when a file is refused.
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

/**
 * JS heap the yaml library needs at its peak per node: a list of 450,000
 * items parses with --max-old-space-size=512 (560 MiB of heap) and one of
 * 600,000 runs out of it, so about 1.1 KiB; 1.5 KiB leaves a margin.
 */
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
 * point before anything runs, at about 0.11 ms and 3.4 KB of heap a point
 * (10,000 grid points of the paper baseline: 1.1 s, 34 MB), and each point
 * keeps every replication's metrics in memory until it is written (317
 * numbers a replication for the paper baseline: 25–50 MB a point at the
 * limit of replications).
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
