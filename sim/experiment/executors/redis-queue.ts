/**
 * Queue mode on BullMQ over Redis. The sweep enqueues one job per point
 * (job ids derived from the experiment's hash and the point id, so
 * enqueueing again never duplicates) and stores the experiment's context
 * once under its own key; `poq-sim worker` processes on any number of
 * machines take the jobs; the results come back here, are stored in the
 * experiment folder and removed from Redis. Interrupting the sweep leaves
 * the jobs running: their results wait in Redis until a `--resume` collects
 * them.
 *
 * A lost server is retried for `retrySeconds` (see redis-link.ts); when it
 * is back, the unfinished points are enqueued again (a server restarted
 * empty has forgotten them; one that kept its data ignores the duplicates);
 * when it is not, `run` rejects with the link's EnvironmentFault, and the
 * points already stored stay for `--resume`.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { ExperimentContext, PointResult, PointTask } from '../point.js';
import { EnvironmentFault } from '../../system/environment-fault.js';
import type { PointExecutor } from './executor.js';
import { checkConnection, contextKey, DEFAULT_QUEUE_NAME, jobId, maskedUrl } from './redis-connection.js';
import { Cutoff, DEFAULT_QUEUE_RETRY_SECONDS, isConnectionError, RedisLink, STOPPED } from './redis-link.js';

const ADD_CHUNK = 500;
const SWEEP_INTERVAL_MS = 3000;
/** Closing the queue's connections on a server that answers takes milliseconds; this bounds it when it stops answering. */
const CLOSE_GRACE_MS = 2000;

/** BullMQ's reason for a job whose workers stopped under it more often than a worker allows (its maxStalledCount). */
const STALLED = /stalled more than allowable limit/;

export interface PointJobData {
  readonly experiment: string;
  readonly pointId: number;
  readonly values: Readonly<Record<string, unknown>>;
  /** A study's replications (absent for a sweep's point). */
  readonly replications?: PointTask['replications'];
}

export interface RedisQueueOptions {
  readonly queueName?: string;
  /** How long a lost server is retried before the sweep gives up (default DEFAULT_QUEUE_RETRY_SECONDS). */
  readonly retrySeconds?: number;
  /** Prints one line about the connection; default: stderr, prefixed `poq-sim:`. */
  readonly say?: (line: string) => void;
}

function parseResult(value: unknown): PointResult {
  return (typeof value === 'string' ? JSON.parse(value) : value) as PointResult;
}

export class RedisQueueExecutor implements PointExecutor {
  readonly description;
  private readonly queueName: string;

  private constructor(
    private readonly context: ExperimentContext,
    private readonly url: string,
    private readonly options: RedisQueueOptions,
  ) {
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
    this.description = { kind: 'redis-queue' as const, queue: `${maskedUrl(url)} (${this.queueName})` };
  }

  static async connect(context: ExperimentContext, url: string, options: RedisQueueOptions = {}): Promise<RedisQueueExecutor> {
    await checkConnection(url);
    return new RedisQueueExecutor(context, url, options);
  }

  async run(tasks: readonly PointTask[], onResult: (result: PointResult) => void, signal: AbortSignal): Promise<void> {
    const link = new RedisLink({
      url: this.url,
      retryMs: (this.options.retrySeconds ?? DEFAULT_QUEUE_RETRY_SECONDS) * 1000,
      say: this.options.say ?? ((line) => process.stderr.write(`poq-sim: ${line}\n`)),
    });
    const run = new QueueRun(this.context, this.queueName, link, tasks, onResult, signal);
    try {
      await run.execute();
    } catch (error) {
      if (error === STOPPED) return; // interrupted: the finished points have been delivered
      if (link.fault && (error === link.fault || isConnectionError(error))) throw link.fault;
      throw error;
    } finally {
      await run.close();
    }
  }

  async close(): Promise<void> {}
}

/** One `run` of the executor: the queue's objects, the points still pending, and the loop that collects them. */
class QueueRun {
  private readonly queue: Queue<PointJobData, unknown>;
  private readonly events: QueueEvents;
  private readonly pending: Map<string, number>;
  private readonly removals = new Set<Promise<unknown>>();
  private readonly cutoff = new Cutoff();
  private readonly unsubscribe: (() => void)[] = [];
  private failure: unknown;
  private requeue = false;
  private wakeUp?: () => void;

  constructor(
    private readonly context: ExperimentContext,
    private readonly queueName: string,
    private readonly link: RedisLink,
    private readonly tasks: readonly PointTask[],
    private readonly onResult: (result: PointResult) => void,
    private readonly signal: AbortSignal,
  ) {
    const connection = link.connection();
    this.queue = new Queue<PointJobData, unknown>(queueName, { connection, streams: { events: { maxLen: 2000 } } });
    this.events = new QueueEvents(queueName, { connection });
    const reportError = link.errorReporter();
    this.queue.on('error', reportError);
    this.events.on('error', reportError);
    this.pending = new Map(tasks.map((task) => [jobId(context.experiment, task.pointId), task.pointId]));
    this.events.on('completed', ({ jobId: id, returnvalue }) => this.deliver(id, returnvalue));
    this.events.on('failed', ({ jobId: id, failedReason }) => this.fail(id, failedReason));
    this.listen();
  }

  /** One listener each on the signal and the link for the whole run (never one per wait). */
  private listen(): void {
    const onAbort = () => this.stop(STOPPED);
    this.signal.addEventListener('abort', onAbort, { once: true });
    this.unsubscribe.push(() => this.signal.removeEventListener('abort', onAbort));
    this.unsubscribe.push(this.link.onFault((fault) => this.stop(fault)));
    this.unsubscribe.push(
      this.link.onBack(() => {
        this.requeue = true;
        this.wake();
      }),
    );
    if (this.signal.aborted) this.stop(STOPPED);
  }

  private stop(reason: unknown): void {
    this.cutoff.trigger(reason);
    this.wake();
  }

  private get active(): boolean {
    return this.pending.size > 0 && this.failure === undefined && !this.cutoff.triggered;
  }

  async execute(): Promise<void> {
    await this.cutoff.guard(this.events.waitUntilReady());
    await this.enqueue();
    // A previous, interrupted sweep may have left results (collect them) or failures (try once more).
    await this.collect(true);
    while (this.active) {
      await this.wait(SWEEP_INTERVAL_MS);
      if (this.requeue && this.active) {
        this.requeue = false;
        await this.enqueue();
      }
      if (this.active) await this.collect(false);
    }
    if (this.cutoff.triggered) throw this.cutoff.reason;
    await this.cutoff.guard(Promise.all(this.removals));
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the first failure a worker reported, passed on as it came
    if (this.failure !== undefined) throw this.failure;
    await this.cutoff.guard(this.link.client.del(contextKey(this.queueName, this.context.experiment)));
  }

  /** Stores the context and adds a job for each pending point (again after a lost server: existing jobs are kept). */
  private async enqueue(): Promise<void> {
    const experiment = this.context.experiment;
    await this.cutoff.guard(this.link.client.set(contextKey(this.queueName, experiment), JSON.stringify(this.context)));
    const tasks = this.tasks.filter((task) => this.pending.has(jobId(experiment, task.pointId)));
    for (let i = 0; i < tasks.length && this.active; i += ADD_CHUNK) {
      const jobs = tasks.slice(i, i + ADD_CHUNK).map((task) => ({
        name: 'point',
        data: { experiment, pointId: task.pointId, values: task.values, ...(task.replications ? { replications: task.replications } : {}) },
        opts: { jobId: jobId(experiment, task.pointId), removeOnComplete: false, removeOnFail: false, attempts: 1 },
      }));
      await this.cutoff.guard(this.queue.addBulk(jobs));
    }
  }

  /** Picks up jobs that finished while nobody listened (before this sweep started, or a missed event). */
  private async collect(retryFailed: boolean): Promise<void> {
    for (const state of ['completed', 'failed'] as const) {
      for (const job of await this.cutoff.guard(this.queue.getJobs([state], 0, -1))) {
        if (!job?.id || !this.pending.has(job.id)) continue;
        if (state === 'completed') this.deliver(job.id, job.returnvalue);
        else if (retryFailed) await this.cutoff.guard(job.retry('failed'));
        else this.fail(job.id, job.failedReason);
      }
    }
  }

  private deliver(id: string, value: unknown): void {
    if (!this.pending.has(id) || this.failure !== undefined || this.cutoff.triggered) return;
    this.pending.delete(id);
    try {
      this.onResult(parseResult(value));
      const removal = this.queue.remove(id).catch(() => 0);
      this.removals.add(removal);
      void removal.then(() => this.removals.delete(removal));
    } catch (error) {
      this.failure = error;
    }
    if (!this.active) this.wake();
  }

  private fail(id: string, reason: string): void {
    if (!this.pending.has(id) || this.failure !== undefined) return;
    const point = this.pending.get(id);
    // Workers that died under a point again and again are a fault of the machines, not of the point:
    // --resume puts it back in the queue. Anything else a point throws on a worker is a bug.
    this.failure = STALLED.test(reason)
      ? new EnvironmentFault(`point ${point}`, `the workers running it stopped under it too often (BullMQ: ${reason})`)
      : new Error(`point ${point} failed on a worker: ${reason}`);
    this.wake();
  }

  /** Sleeps until the next sweep for missed results, or until woken (all done, a failure, stopped, the server back). */
  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private wake(): void {
    this.wakeUp?.();
  }

  /**
   * Closes the queue's connections: gracefully while the server answers
   * (bounded all the same), without waiting when it does not: nothing may
   * wait on a server that is gone.
   */
  async close(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    const wasUp = this.link.up;
    if (!wasUp) this.link.end();
    const closing = Promise.allSettled([this.events.close(), this.queue.close()]);
    if (wasUp) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closing, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
    }
    this.link.end();
  }
}
