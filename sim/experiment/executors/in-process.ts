/** Runs points one after another in this thread: for tests and library use. */
import { type ExperimentContext, type PointResult, type PointTask, runPoint } from '../point.js';
import type { PointExecutor } from './executor.js';

export class InProcessExecutor implements PointExecutor {
  readonly description = { kind: 'in-process' as const, workers: 1 };

  constructor(private readonly context: ExperimentContext) {}

  async run(tasks: readonly PointTask[], onResult: (result: PointResult) => void, signal: AbortSignal): Promise<void> {
    for (const task of tasks) {
      if (signal.aborted) return;
      onResult(runPoint(this.context, task));
      // Let signal handlers and timers run between points.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async close(): Promise<void> {}
}
