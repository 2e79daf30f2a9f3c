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
  const fromSources = fileURLToPath(import.meta.url).replace(
    /\/sim\/experiment\/executors\/thread-pool\.ts$/,
    '/dist/sim/experiment/executors/point-worker.js',
  );
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
    const feed = new TaskFeed(tasks, (task) => this.runTask(task), onResult, signal, this.workers * 2);
    await feed.finished();
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the first failure a worker reported, passed on as it came
    if (feed.failure !== undefined) throw feed.failure;
  }

  async close(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.pool?.destroy();
  }
}

/**
 * One call of run(): hands the tasks to the pool, at most `inFlight` at a
 * time, and settles once all are done, one has failed, or the signal aborts.
 */
class TaskFeed {
  private next = 0;
  private running = 0;
  /** The first error: a failed task, or one thrown by onResult (a user error found in a result). */
  failure: unknown;
  private resolve: () => void = () => {};
  private readonly onAbort = () => this.resolve();

  constructor(
    private readonly tasks: readonly PointTask[],
    private readonly runTask: (task: PointTask) => Promise<PointResult>,
    private readonly onResult: (result: PointResult) => void,
    private readonly signal: AbortSignal,
    private readonly inFlight: number,
  ) {}

  finished(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolve = resolve;
      this.signal.addEventListener('abort', this.onAbort, { once: true });
      this.launch();
      this.settle();
    });
  }

  private launch(): void {
    while (!this.signal.aborted && this.failure === undefined && this.running < this.inFlight && this.next < this.tasks.length) {
      const task = this.tasks[this.next++]!;
      this.running++;
      this.runTask(task).then(
        (result) => this.succeeded(result),
        (error: unknown) => this.failed(error),
      );
    }
  }

  private succeeded(result: PointResult): void {
    this.running--;
    if (!this.signal.aborted && this.failure === undefined) {
      try {
        this.onResult(result);
      } catch (error) {
        this.failure = error;
      }
    }
    this.settle();
  }

  private failed(error: unknown): void {
    this.running--;
    if (!this.signal.aborted && this.failure === undefined) this.failure = error;
    this.settle();
  }

  // After a failure (a user error found in a result), the tasks already
  // running finish before the pool is destroyed: terminating a worker
  // while it is still loading its modules may abort the whole process,
  // and the error must reach the user as a clean exit 2.
  private settle(): void {
    if (this.signal.aborted) return; // onAbort has resolved
    if (this.running === 0 && (this.failure !== undefined || this.next >= this.tasks.length)) {
      this.signal.removeEventListener('abort', this.onAbort);
      this.resolve();
    } else if (this.failure === undefined) {
      this.launch();
    }
  }
}
