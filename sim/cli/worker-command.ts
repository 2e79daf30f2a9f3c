/**
 * `poq-sim worker --queue redis://…`: takes points from the queue and runs
 * them on this machine's cores, for as many experiments as are enqueued,
 * until stopped (Ctrl-C, SIGTERM) or idle for `--idle-exit` seconds.
 */
import { UnrecoverableError, Worker } from 'bullmq';
import { ThreadPoolExecutor, defaultWorkerCount } from '../experiment/executors/thread-pool.js';
import type { PointJobData } from '../experiment/executors/redis-queue.js';
import { checkConnection, connectionOptions, contextKey, DEFAULT_QUEUE_NAME, maskedUrl, newClient } from '../experiment/executors/redis-connection.js';
import type { ExperimentContext, PointResult } from '../experiment/point.js';

export interface WorkerCommandOptions {
  readonly queue: string;
  readonly queueName?: string;
  readonly threads?: number;
  readonly idleExit?: number;
  readonly quiet?: boolean;
}

/** Thread pools of the experiments seen lately (a worker rarely serves more than one at a time). */
const KEEP_POOLS = 2;

export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const url = options.queue;
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const threads = options.threads ?? defaultWorkerCount();
  await checkConnection(url);
  const client = newClient(url);
  const pools = new Map<string, Promise<ThreadPoolExecutor>>();
  const log = (line: string) => {
    if (!options.quiet) console.log(`poq-sim worker: ${line}`);
  };

  const poolFor = (experiment: string): Promise<ThreadPoolExecutor> => {
    let pool = pools.get(experiment);
    if (!pool) {
      pool = client.get(contextKey(queueName, experiment)).then((text) => {
        if (text === null) {
          throw new UnrecoverableError(`experiment ${experiment.slice(0, 12)} has no context in Redis (its sweep has ended)`);
        }
        log(`experiment ${experiment.slice(0, 12)}: running points on ${threads} thread${threads === 1 ? '' : 's'}`);
        return new ThreadPoolExecutor(JSON.parse(text) as ExperimentContext, threads);
      });
      pools.set(experiment, pool);
      pool.catch(() => pools.delete(experiment));
      while (pools.size > KEEP_POOLS) {
        const [oldest, retired] = pools.entries().next().value!;
        pools.delete(oldest);
        void retired.then((p) => p.close(), () => undefined);
      }
    }
    return pool;
  };

  let completed = 0;
  let active = 0;
  let lastActivity = Date.now();
  const worker = new Worker<PointJobData, PointResult>(
    queueName,
    async (job) => {
      active++;
      try {
        const pool = await poolFor(job.data.experiment);
        return await pool.runTask({ pointId: job.data.pointId, values: job.data.values });
      } finally {
        active--;
        lastActivity = Date.now();
      }
    },
    { connection: connectionOptions(url), concurrency: threads, maxStalledCount: 3 },
  );
  worker.on('completed', () => completed++);
  worker.on('failed', (job, error) => log(`point ${job?.data.pointId ?? '?'} failed: ${error.message}`));
  worker.on('error', (error) => log(`error: ${error.message}`));
  await worker.waitUntilReady();
  log(`consuming queue "${queueName}" at ${maskedUrl(url)} with ${threads} thread${threads === 1 ? '' : 's'}`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (options.idleExit !== undefined) {
      const idleMs = options.idleExit * 1000;
      const timer = setInterval(() => {
        if (active === 0 && Date.now() - lastActivity >= idleMs) {
          clearInterval(timer);
          resolve();
        }
      }, Math.min(1000, idleMs));
    }
  });
  log(`stopping after ${completed} point${completed === 1 ? '' : 's'}`);
  // Jobs still running are released: their locks expire and another worker takes them.
  await worker.close(true);
  for (const pool of pools.values()) await pool.then((p) => p.close(), () => undefined);
  client.disconnect();
  return 0;
}
