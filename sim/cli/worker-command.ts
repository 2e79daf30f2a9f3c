/**
 * `poq-sim worker --queue redis://…`: takes points from the queue and runs
 * them on this machine's cores, for as many experiments as are enqueued,
 * until stopped (Ctrl-C, SIGTERM) or idle for `--idle-exit` seconds.
 *
 * A lost Redis server is retried for `--queue-retry` seconds (one line per
 * change of state on stderr), then the worker exits 3 with the command that
 * starts it again. A point held by a worker that stopped (killed, its
 * machine lost) is taken by another worker within `--takeover-after`
 * seconds: BullMQ's job lock and stalled-job check, timed from that option.
 */
import { UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { ThreadPoolExecutor, defaultWorkerCount } from '../experiment/executors/thread-pool.js';
import type { PointJobData } from '../experiment/executors/redis-queue.js';
import { checkConnection, contextKey, DEFAULT_QUEUE_NAME, maskedUrl } from '../experiment/executors/redis-connection.js';
import { DEFAULT_QUEUE_RETRY_SECONDS, RedisLink } from '../experiment/executors/redis-link.js';
import type { ExperimentContext, PointResult } from '../experiment/point.js';
import type { EnvironmentFault } from '../system/environment-fault.js';
import { EXIT_INTERRUPTED } from '../system/exit-codes.js';
import { endDespiteAbandonedTimers } from './queue-exit.js';

/** A point held by a worker that stopped goes to another within about this long, unless `--takeover-after` says otherwise. */
export const DEFAULT_TAKEOVER_SECONDS = 10;

export interface WorkerCommandOptions {
  readonly queue: string;
  readonly queueName?: string;
  readonly threads?: number;
  readonly idleExit?: number;
  readonly quiet?: boolean;
  /** Seconds a lost Redis server is retried before the worker gives up (exit 3). */
  readonly queueRetry?: number;
  /** Seconds within which a point held by a stopped worker is taken by another. */
  readonly takeoverAfter?: number;
}

/** Thread pools of the experiments seen lately (a worker rarely serves more than one at a time). */
const KEEP_POOLS = 2;
/** Stopping takes milliseconds while the server answers; this bounds it when it does not. */
const CLOSE_GRACE_MS = 2000;

type Log = (line: string) => void;

/** The thread pool of each experiment, built from the context its sweep stored in Redis. */
class ExperimentPools {
  private readonly pools = new Map<string, Promise<ThreadPoolExecutor>>();
  private readonly started = new Set<ThreadPoolExecutor>();

  constructor(
    private readonly client: Redis,
    private readonly queueName: string,
    private readonly threads: number,
    private readonly log: Log,
  ) {}

  poolFor(experiment: string): Promise<ThreadPoolExecutor> {
    let pool = this.pools.get(experiment);
    if (!pool) {
      pool = this.client.get(contextKey(this.queueName, experiment)).then((text) => {
        if (text === null) {
          throw new UnrecoverableError(`experiment ${experiment.slice(0, 12)} has no context in Redis (its sweep has ended)`);
        }
        this.log(`experiment ${experiment.slice(0, 12)}: running points on ${this.threads} thread${this.threads === 1 ? '' : 's'}`);
        const executor = new ThreadPoolExecutor(JSON.parse(text) as ExperimentContext, this.threads);
        this.started.add(executor);
        return executor;
      });
      this.pools.set(experiment, pool);
      pool.catch(() => this.pools.delete(experiment));
      while (this.pools.size > KEEP_POOLS) {
        const [oldest, retired] = this.pools.entries().next().value!;
        this.pools.delete(oldest);
        void retired.then(
          (p) => this.retire(p),
          () => undefined,
        );
      }
    }
    return pool;
  }

  private async retire(pool: ThreadPoolExecutor): Promise<void> {
    this.started.delete(pool);
    await pool.close();
  }

  /** Closes the pools already built (one still waiting for its context from a lost server has no threads yet). */
  async closeAll(): Promise<void> {
    for (const pool of [...this.started]) await this.retire(pool);
  }
}

/** The command line that starts this worker again (the password masked: the line may end up in logs). */
export function restartCommand(options: WorkerCommandOptions): string {
  const words = ['poq-sim worker', '--queue', maskedUrl(options.queue)];
  if (options.queueName) words.push('--queue-name', options.queueName);
  if (options.threads !== undefined) words.push('--threads', String(options.threads));
  if (options.idleExit !== undefined) words.push('--idle-exit', String(options.idleExit));
  if (options.queueRetry !== undefined) words.push('--queue-retry', String(options.queueRetry));
  if (options.takeoverAfter !== undefined) words.push('--takeover-after', String(options.takeoverAfter));
  if (options.quiet) words.push('--quiet');
  return words.join(' ');
}

/**
 * BullMQ's lock and stalled-check timing for a takeover within `seconds`.
 * A live worker renews its locks every quarter of the lock's duration (on
 * this process's main thread, free while points run on worker threads), so
 * long points keep them. A stopped worker's lock lapses within lockDuration;
 * the check that then moves the job back to the queue runs every
 * stalledInterval (once per interval among all workers, so a check can be
 * up to two intervals late): lockDuration + 2 × stalledInterval = seconds.
 */
function lockTiming(seconds: number): { lockDuration: number; stalledInterval: number } {
  const ms = seconds * 1000;
  return { lockDuration: ms / 2, stalledInterval: ms / 4 };
}

/** The point id in a job id (`<experiment>-<point>`). */
function pointOf(jobId: string): string {
  return jobId.slice(jobId.lastIndexOf('-') + 1);
}

/**
 * The job id when BullMQ reports that a job this worker runs is no longer
 * its own: its lock lapsed and it went back to the queue, or a server
 * restarted empty forgot it. Expected after an outage or a takeover; the
 * point runs (or ran) again elsewhere, so it is a line of information, not
 * an error.
 */
function jobMovedOn(error: Error): string | undefined {
  const match = /^(?:could not renew lock for job|Missing (?:key|lock) for job|Lock mismatch for job|Job) (\S+?)\.?(?: |$)/.exec(
    error.message,
  );
  if (!match) return undefined;
  if (match[0].startsWith('Job ') && !/is not in the \w+ state/.test(error.message)) return undefined;
  return match[1];
}

interface Activity {
  completed: number;
  active: number;
  lastActivity: number;
}

function startWorker(
  options: WorkerCommandOptions,
  queueName: string,
  link: RedisLink,
  pools: ExperimentPools,
  activity: Activity,
  log: Log,
) {
  const threads = options.threads ?? defaultWorkerCount();
  const worker = new Worker<PointJobData, PointResult>(
    queueName,
    async (job) => {
      activity.active++;
      try {
        const pool = await pools.poolFor(job.data.experiment);
        const { pointId, values, replications } = job.data;
        return await pool.runTask({ pointId, values, ...(replications ? { replications } : {}) });
      } finally {
        activity.active--;
        activity.lastActivity = Date.now();
      }
    },
    {
      connection: link.connection(),
      concurrency: threads,
      maxStalledCount: 3,
      ...lockTiming(options.takeoverAfter ?? DEFAULT_TAKEOVER_SECONDS),
    },
  );
  worker.on('completed', () => activity.completed++);
  worker.on('failed', (job, error) => log(`point ${job?.data.pointId ?? '?'} failed: ${error.message}`));
  worker.on('stalled', (jobId: string) => log(`point ${pointOf(jobId)} was held by a worker that stopped answering; it is queued again`));
  const reportError = link.errorReporter();
  const movedOn = new Set<string>();
  worker.on('error', (error) => {
    const id = jobMovedOn(error);
    if (id === undefined) return reportError(error);
    if (!movedOn.has(id))
      log(`point ${pointOf(id)}: its job moved on while it ran here (the server was away, or another worker took it); it runs again`);
    movedOn.add(id);
  });
  return worker;
}

type Ending = 'stopped' | 'idle' | EnvironmentFault;

/** Resolves when the worker should stop: a signal, `--idle-exit` seconds without work, or a server lost for good. */
function untilStopped(
  link: RedisLink,
  activity: Activity,
  idleExit: number | undefined,
  onStop: (stop: (ending: Ending) => void) => void,
): Promise<Ending> {
  return new Promise<Ending>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = (ending: Ending) => {
      clearInterval(timer);
      offFault();
      resolve(ending);
    };
    const offFault = link.onFault(stop);
    onStop(stop);
    if (idleExit !== undefined) {
      const idleMs = idleExit * 1000;
      timer = setInterval(
        () => {
          if (activity.active === 0 && Date.now() - activity.lastActivity >= idleMs) stop('idle');
        },
        Math.min(1000, idleMs),
      );
    }
  });
}

async function bounded(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export async function workerCommand(options: WorkerCommandOptions): Promise<number> {
  const url = options.queue;
  const queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  const threads = options.threads ?? defaultWorkerCount();
  await checkConnection(url);
  const link = new RedisLink({
    url,
    retryMs: (options.queueRetry ?? DEFAULT_QUEUE_RETRY_SECONDS) * 1000,
    say: (line) => process.stderr.write(`poq-sim worker: ${line}\n`),
  });
  const log: Log = (line) => {
    if (!options.quiet) console.log(`poq-sim worker: ${line}`);
  };
  const pools = new ExperimentPools(link.client, queueName, threads, log);
  const activity: Activity = { completed: 0, active: 0, lastActivity: Date.now() };
  let signals = 0;
  let stopBySignal: (ending: Ending) => void = () => undefined;
  const onSignal = () => {
    if (++signals > 1) process.exit(EXIT_INTERRUPTED); // a second Ctrl-C: stop now
    stopBySignal('stopped');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const worker = startWorker(options, queueName, link, pools, activity, log);
    const stopped = untilStopped(link, activity, options.idleExit, (stop) => (stopBySignal = stop));
    const ready = worker.waitUntilReady().then(
      () => true,
      () => false,
    );
    if (await Promise.race([ready, stopped.then(() => false)])) {
      log(`consuming queue "${queueName}" at ${maskedUrl(url)} with ${threads} thread${threads === 1 ? '' : 's'}`);
    }
    const ending = await stopped;
    log(`stopping after ${activity.completed} point${activity.completed === 1 ? '' : 's'}`);
    // Points still running are released: their locks lapse and another worker takes them (--takeover-after).
    await bounded(worker.close(true), CLOSE_GRACE_MS);
    await pools.closeAll();
    if (typeof ending !== 'string') throw ending.withHint(`start it again with: ${restartCommand(options)}`);
    return 0;
  } finally {
    link.end();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    endDespiteAbandonedTimers();
  }
}
