/**
 * The queue mode's hold on one Redis server. ioredis retries each of its
 * connections on its own, forever, and reports every failed attempt; this
 * gives all the connections of a process (ours and BullMQ's) one clock and
 * one voice: a lost server is retried for a bounded time (`--queue-retry`),
 * one line is printed per change of state (lost, retrying, back), and when
 * the time is up every connection ends and the link's fault (an
 * EnvironmentFault) is handed to whoever waits on it.
 *
 * The state is read on a connection of the link's own (`client`), which also
 * pings the server so that one that stops answering without closing its
 * connections is noticed too. BullMQ's connections get `connection()`, whose
 * retry strategy stops retrying once the link has ended.
 */
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import { EnvironmentFault } from '../../system/environment-fault.js';
import { maskedUrl } from './redis-url.js';

/** How long a lost server is retried, unless `--queue-retry` says otherwise. */
export const DEFAULT_QUEUE_RETRY_SECONDS = 60;

/** Reconnect attempts: 0.2 s, 0.4 s, … then every second, so a server that comes back is found at once. */
const RETRY_STEP_MS = 200;
const RETRY_MAX_MS = 1000;
/** A connection attempt to a host that does not answer at all (filtered, unplugged) fails after this. */
const CONNECT_TIMEOUT_MS = 5000;
/** The link's own connection pings this often and counts a server silent for SOCKET_TIMEOUT_MS as lost. */
const PING_INTERVAL_MS = 2000;
const SOCKET_TIMEOUT_MS = 5000;

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EPIPE: 'broken pipe',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
};

const CONNECTION_MESSAGES =
  /Connection is closed|Socket timeout|Stream isn't writeable|Command aborted due to connection close|connect ETIMEDOUT|Reached the max retries/i;

/** Whether an error only says that the server cannot be reached (the link reports that once, not per error). */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && code in NETWORK_REASONS) || CONNECTION_MESSAGES.test(error.message);
}

function codeOf(error: NodeJS.ErrnoException | undefined): string | undefined {
  const code = error?.code;
  if (code) return code;
  return error && /Socket timeout/.test(error.message) ? 'no answer' : undefined;
}

function describe(error: Error | undefined): string {
  const code = codeOf(error);
  if (!code) return 'the server closed it';
  return code in NETWORK_REASONS ? `${NETWORK_REASONS[code]}, ${code}` : `no answer for ${SOCKET_TIMEOUT_MS / 1000} s`;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

export interface LinkOptions {
  readonly url: string;
  /** How long a lost server is retried before the link gives up, in milliseconds. */
  readonly retryMs: number;
  /** Prints one line about the connection (the caller adds its prefix). */
  readonly say: (line: string) => void;
}

type LinkState = 'up' | 'down' | 'ended';

export class RedisLink {
  /** The link's own connection, for plain commands (GET, SET, DEL); it waits while the server is away. */
  readonly client: Redis;
  /** Set when the link gave up on a lost server. */
  fault?: EnvironmentFault;
  private state: LinkState = 'up';
  private readonly masked: string;
  private readonly notices = new EventEmitter();
  private lastError?: Error;
  private lostAt = 0;
  private retryAnnounced = false;
  private deadline?: NodeJS.Timeout;
  private readonly pinger: NodeJS.Timeout;

  constructor(private readonly options: LinkOptions) {
    this.masked = maskedUrl(options.url);
    this.client = new Redis(options.url, { ...this.connection(), socketTimeout: SOCKET_TIMEOUT_MS });
    this.client.on('error', (error: Error) => (this.lastError = error));
    this.client.on('close', () => this.lost());
    this.client.on('reconnecting', () => this.retrying());
    this.client.on('ready', () => this.back());
    this.pinger = setInterval(() => {
      if (this.client.status === 'ready') this.client.ping().catch(() => undefined);
    }, PING_INTERVAL_MS);
    this.pinger.unref();
  }

  /** Connection options for BullMQ (Queue, QueueEvents, Worker): they retry as long as the link does. */
  connection() {
    return {
      url: this.options.url,
      maxRetriesPerRequest: null, // BullMQ's blocking commands require it; the link bounds the wait instead
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (attempt: number) => (this.state === 'ended' ? null : Math.min(attempt * RETRY_STEP_MS, RETRY_MAX_MS)),
    };
  }

  get up(): boolean {
    return this.state === 'up';
  }

  /** Calls `listener` each time a lost server is back; returns the unsubscribe function. */
  onBack(listener: () => void): () => void {
    this.notices.on('back', listener);
    return () => this.notices.off('back', listener);
  }

  /** Calls `listener` once if the link gives up; returns the unsubscribe function. */
  onFault(listener: (fault: EnvironmentFault) => void): () => void {
    if (this.fault) {
      listener(this.fault);
      return () => undefined;
    }
    this.notices.once('fault', listener);
    return () => this.notices.off('fault', listener);
  }

  /** An 'error' listener for BullMQ's objects: a lost server is the link's to report (once); any other error is printed once. */
  errorReporter(): (error: Error) => void {
    const seen = new Set<string>();
    return (error) => {
      if (!this.up || isConnectionError(error) || seen.has(error.message)) return;
      seen.add(error.message);
      this.options.say(error.message);
    };
  }

  /** Stops retrying: connections still trying end at their next attempt; the link's timers stop. */
  end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    clearTimeout(this.deadline);
    clearInterval(this.pinger);
    this.client.disconnect();
  }

  private lost(): void {
    if (this.state !== 'up') return;
    this.state = 'down';
    this.lostAt = Date.now();
    this.retryAnnounced = false;
    this.options.say(`lost the connection to ${this.masked} (${describe(this.lastError)})`);
    this.deadline = setTimeout(() => this.giveUp(), this.options.retryMs);
  }

  private retrying(): void {
    if (this.state !== 'down' || this.retryAnnounced) return;
    this.retryAnnounced = true;
    const until = new Date(this.lostAt + this.options.retryMs).toTimeString().slice(0, 8);
    this.options.say(`retrying for ${seconds(this.options.retryMs)}, until ${until}`);
  }

  private back(): void {
    const wasDown = this.state === 'down';
    this.lastError = undefined;
    if (!wasDown) return;
    clearTimeout(this.deadline);
    this.state = 'up';
    this.options.say(`the connection to ${this.masked} is back after ${seconds(Date.now() - this.lostAt)}`);
    this.notices.emit('back');
  }

  private giveUp(): void {
    if (this.state !== 'down') return;
    const code = codeOf(this.lastError);
    this.fault = new EnvironmentFault(
      this.masked,
      `connection lost for ${seconds(this.options.retryMs)}, gave up${code ? ` (${code})` : ''}`,
    );
    this.end();
    this.notices.emit('fault', this.fault);
  }
}

/** Why an await on Redis ended early because the sweep was interrupted. */
export const STOPPED = Symbol('stopped');

/**
 * Lets every await on Redis end at once when the work is interrupted or the
 * link gives up, instead of waiting on a command that would wait for the
 * server. Each guard removes its own listener when it settles, so waiting
 * any number of times leaves nothing behind.
 */
export class Cutoff {
  private readonly waiting = new Set<(reason: unknown) => void>();
  private cut = false;
  private why: unknown;

  get reason(): unknown {
    return this.why;
  }

  get triggered(): boolean {
    return this.cut;
  }

  /** Awaits guarded right now (for tests: stays bounded however many guards have run). */
  get size(): number {
    return this.waiting.size;
  }

  trigger(reason: unknown): void {
    if (this.cut) return;
    this.cut = true;
    this.why = reason;
    for (const reject of this.waiting) reject(reason);
    this.waiting.clear();
  }

  guard<T>(work: Promise<T>): Promise<T> {
    if (this.cut) {
      work.catch(() => undefined);
      return Promise.reject(this.why);
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      work.then(
        (value) => {
          this.waiting.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.waiting.delete(reject);
          reject(error);
        },
      );
    });
  }
}
