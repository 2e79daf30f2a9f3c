/**
 * Redis URLs for the queue mode: `redis://[user:password@]host:port[/db]`,
 * or `rediss://…` for TLS (a private CA is trusted through Node's
 * NODE_EXTRA_CA_CERTS). The connection is checked once up front, so a wrong
 * host or password is a clear one-line error rather than endless retries;
 * once running, a lost server is retried for a bounded time (redis-link.ts).
 */
import { Redis } from 'ioredis';
import { InputError } from '../../input/input-error.js';
import { maskedUrl } from './redis-url.js';

export { maskedUrl };

export function checkQueueUrl(url: string): void {
  if (!/^rediss?:\/\/[^\s]+$/.test(url)) {
    throw new InputError({
      file: '--queue',
      path: '',
      message: `expected a Redis URL (redis://host:port or rediss://… for TLS), got "${maskedUrl(url)}"`,
    });
  }
}

export async function checkConnection(url: string): Promise<void> {
  checkQueueUrl(url);
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 5000,
    enableOfflineQueue: false,
  });
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause ??= error)); // the first error says why; later ones only that the connection closed
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (cause ?? (error as Error)).message.replace(/^(WRONGPASS|NOAUTH|ERR) /, '');
    throw new InputError({ file: '--queue', path: '', message: `cannot use ${maskedUrl(url)}: ${reason}` });
  } finally {
    client.disconnect();
  }
}

/** The Redis key holding an experiment's context, read by workers. */
export function contextKey(queueName: string, experiment: string): string {
  return `poq-sim:${queueName}:context:${experiment}`;
}

export function jobId(experiment: string, pointId: number): string {
  return `${experiment.slice(0, 16)}-${pointId}`;
}

export const DEFAULT_QUEUE_NAME = 'poq-sim';
