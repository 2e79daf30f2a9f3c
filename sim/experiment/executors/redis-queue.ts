/**
 * Queue mode on BullMQ over Redis. The sweep enqueues one job per point
 * (job ids derived from the experiment's hash and the point id, so
 * enqueueing again never duplicates) and stores the experiment's context
 * once under its own key; `poq-sim worker` processes on any number of
 * machines take the jobs; the results come back here, are stored in the
 * experiment folder and removed from Redis. Interrupting the sweep leaves
 * the jobs running: their results wait in Redis until a `--resume` collects
 * them.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ExperimentContext, PointResult, PointTask } from '../point.js';
import type { PointExecutor } from './executor.js';
import { checkConnection, connectionOptions, contextKey, DEFAULT_QUEUE_NAME, jobId, maskedUrl, newClient } from './redis-connection.js';

const ADD_CHUNK = 500;
const SWEEP_INTERVAL_MS = 3000;

export interface PointJobData {
  readonly experiment: string;
  readonly pointId: number;
  readonly values: Readonly<Record<string, unknown>>;
}

function parseResult(value: unknown): PointResult {
  return (typeof value === 'string' ? JSON.parse(value) : value) as PointResult;
}

export class RedisQueueExecutor implements PointExecutor {
  readonly description;

  private constructor(
    private readonly context: ExperimentContext,
    private readonly url: string,
    private readonly queueName: string,
  ) {
    this.description = { kind: 'redis-queue' as const, queue: `${maskedUrl(url)} (${queueName})` };
  }

  static async connect(context: ExperimentContext, url: string, queueName = DEFAULT_QUEUE_NAME): Promise<RedisQueueExecutor> {
    await checkConnection(url);
    return new RedisQueueExecutor(context, url, queueName);
  }

  async run(tasks: readonly PointTask[], onResult: (result: PointResult) => void, signal: AbortSignal): Promise<void> {
    const connection = connectionOptions(this.url);
    const queue = new Queue<PointJobData, unknown>(this.queueName, { connection, streams: { events: { maxLen: 2000 } } });
    const events = new QueueEvents(this.queueName, { connection });
    const client: Redis = newClient(this.url);
    const experiment = this.context.experiment;
    const pending = new Map(tasks.map((task) => [jobId(experiment, task.pointId), task.pointId]));
    let failure: unknown;
    let wake: () => void = () => {};
    const removals: Promise<unknown>[] = [];

    const deliver = (id: string, value: unknown) => {
      if (!pending.has(id) || failure !== undefined || signal.aborted) return;
      pending.delete(id);
      try {
        onResult(parseResult(value));
        removals.push(queue.remove(id).catch(() => 0));
      } catch (error) {
        failure = error;
      }
      wake();
    };
    const fail = (id: string, reason: string) => {
      if (!pending.has(id) || failure !== undefined) return;
      failure = new Error(`point ${pending.get(id)} failed on a worker: ${reason}`);
      wake();
    };
    events.on('completed', ({ jobId: id, returnvalue }) => deliver(id, returnvalue));
    events.on('failed', ({ jobId: id, failedReason }) => fail(id, failedReason));

    /** Picks up jobs that finished while nobody listened (before this sweep started, or a missed event). */
    const sweep = async (retryFailed: boolean) => {
      for (const state of ['completed', 'failed'] as const) {
        for (const job of await queue.getJobs([state], 0, -1)) {
          if (!job?.id || !pending.has(job.id)) continue;
          if (state === 'completed') deliver(job.id, job.returnvalue);
          else if (retryFailed) await job.retry('failed');
          else fail(job.id, job.failedReason);
        }
      }
    };

    try {
      await events.waitUntilReady();
      await client.set(contextKey(this.queueName, experiment), JSON.stringify(this.context));
      for (let i = 0; i < tasks.length && !signal.aborted; i += ADD_CHUNK) {
        await queue.addBulk(
          tasks.slice(i, i + ADD_CHUNK).map((task) => ({
            name: 'point',
            data: { experiment, pointId: task.pointId, values: task.values },
            opts: { jobId: jobId(experiment, task.pointId), removeOnComplete: false, removeOnFail: false, attempts: 1 },
          })),
        );
      }
      // A previous, interrupted sweep may have left results (collect them) or failures (try once more).
      await sweep(true);
      while (pending.size > 0 && failure === undefined && !signal.aborted) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          const timer = setTimeout(resolve, SWEEP_INTERVAL_MS);
          signal.addEventListener('abort', () => resolve(), { once: true });
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        if (pending.size > 0 && failure === undefined && !signal.aborted) await sweep(false);
      }
      await Promise.all(removals);
      if (failure !== undefined) throw failure;
      if (!signal.aborted) await client.del(contextKey(this.queueName, experiment));
    } finally {
      await events.close();
      await queue.close();
      client.disconnect();
    }
  }

  async close(): Promise<void> {}
}
