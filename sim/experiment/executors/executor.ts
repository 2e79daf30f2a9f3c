/**
 * Where the points of an experiment run. An executor takes plain tasks and
 * hands back plain results, in whatever order they finish; the experiment
 * stores them by point id, so the order never shows in the results.
 */
import type { PointResult, PointTask } from '../point.js';

export interface ExecutorDescription {
  readonly kind: 'in-process' | 'threads' | 'redis-queue';
  readonly workers?: number;
  /** The queue's URL with any password masked. */
  readonly queue?: string;
}

export interface PointExecutor {
  readonly description: ExecutorDescription;
  /**
   * Runs the tasks and calls `onResult` for each finished point. Resolves
   * when every task is done, or soon after `signal` aborts (finished points
   * have been delivered; unfinished ones are dropped). Rejects if a point
   * fails or `onResult` throws.
   */
  run(tasks: readonly PointTask[], onResult: (result: PointResult) => void, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
