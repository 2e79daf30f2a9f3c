/**
 * Runs points on a pool of worker threads (piscina), one point per thread at
 * a time. Results are identical for any number of threads: a point depends
 * only on its task and the experiment's context.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ExperimentContext, PointResult, PointTask } from '../point.js';
import type { PointExecutor } from './executor.js';

/** The compiled worker module (tests importing the TypeScript sources use the built one). */
function workerFile(): string {
  const compiled = new URL('./point-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return compiled.href;
  const fromSources = fileURLToPath(import.meta.url).replace(/\/sim\/experiment\/executors\/thread-pool\.ts$/, '/dist/sim/experiment/executors/point-worker.js');
  return new URL(`file://${fromSources}`).href;
}

export function defaultWorkerCount(): number {
  return availableParallelism();
}

/**
 * Options of each worker thread. piscina first tries require() on the
 * worker file; on Node 20, require() of an ES module graph in a thread that
 * is terminated while it loads can abort the whole process ("FATAL ERROR:
 * v8::Module::IsGraphAsync"). Without require(esm), piscina import()s it.
 */
function workerExecArgv(): string[] | undefined {
  // Only this flag: process-wide ones the thread would inherit (--max-old-space-size) may not be passed again.
  const flag = '--no-experimental-require-module';
  return process.allowedNodeEnvironmentFlags.has(flag) ? [flag] : undefined;
}

export class ThreadPoolExecutor implements PointExecutor {
  readonly description;
  /** Started with the first task: a resumed sweep with nothing left to run starts no thread. */
  private pool: Piscina | undefined;
  private destroyed = false;

  constructor(
    private readonly context: ExperimentContext,
    readonly workers = defaultWorkerCount(),
  ) {
    this.description = { kind: 'threads' as const, workers };
  }

  /** Runs one task on the pool. */
  runTask(task: PointTask): Promise<PointResult> {
    this.pool ??= new Piscina({
      filename: workerFile(),
      workerData: this.context,
      minThreads: this.workers,
      maxThreads: this.workers,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      execArgv: workerExecArgv(),
    });
    return this.pool.run(task) as Promise<PointResult>;
  }

  async run(tasks: readonly PointTask[], onResult: (result: PointResult) => void, signal: AbortSignal): Promise<void> {
    // Keep every thread busy with one task queued behind it, not the whole experiment in the queue.
    const inFlight = this.workers * 2;
    let next = 0;
    let failure: unknown;
    await new Promise<void>((resolve) => {
      let running = 0;
      const onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
      const launch = () => {
        while (!signal.aborted && failure === undefined && running < inFlight && next < tasks.length) {
          const task = tasks[next++]!;
          running++;
          this.runTask(task).then(
            (result) => {
              running--;
              if (!signal.aborted && failure === undefined) {
                try {
                  onResult(result);
                } catch (error) {
                  failure = error;
                }
              }
              settle();
            },
            (error: unknown) => {
              running--;
              if (!signal.aborted && failure === undefined) failure = error;
              settle();
            },
          );
        }
      };
      // After a failure (a user error found in a result), the tasks already
      // running finish before the pool is destroyed: terminating a worker
      // while it is still loading its modules may abort the whole process,
      // and the error must reach the user as a clean exit 2.
      const settle = () => {
        if (signal.aborted) return; // onAbort has resolved
        if (running === 0 && (failure !== undefined || next >= tasks.length)) {
          signal.removeEventListener('abort', onAbort);
          resolve();
        } else if (failure === undefined) {
          launch();
        }
      };
      launch();
      settle();
    });
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the first failure a worker reported, passed on as it came
    if (failure !== undefined) throw failure;
  }

  async close(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.pool?.destroy();
  }
}
