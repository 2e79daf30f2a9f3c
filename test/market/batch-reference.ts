/**
 * An independent simulation of one batching server, written plainly for the
 * tests: a loop over the next arrival, the next batch completion and the
 * oldest job's wait running out, with none of BatchQueues' pools, timers or
 * engine. At equal times a completion comes first, then an arrival, then a
 * wait running out, as in the market.
 */
import type { BatchPolicy } from '../../sim/market/batch-queues.js';
import { interpolate } from '../../sim/profile/batch-latency.js';

interface Spec {
  readonly policy: BatchPolicy;
  readonly maxSize: number;
  readonly maxWaitMs?: number | undefined;
}

export function referenceBatches(
  spec: Spec,
  points: readonly { batchSize: number; factor: number }[],
  arrivals: readonly number[],
  draws: readonly number[],
  concurrency: number,
): Array<{ startMs: number; completionMs: number }> {
  const result: Array<{ startMs: number; completionMs: number }> = [];
  const queue: number[] = [];
  const running: number[] = [];
  const waits = spec.policy === 'wait' || spec.policy === 'size-or-wait';
  const deadline = () => (waits && queue.length > 0 ? arrivals[queue[0]!]! + spec.maxWaitMs! : Infinity);
  const ready = (t: number) => {
    const full = queue.length >= spec.maxSize;
    const waited = t >= deadline();
    if (spec.policy === 'queued') return true;
    if (spec.policy === 'size') return full;
    return spec.policy === 'wait' ? waited : full || waited;
  };
  const startBatches = (t: number, draining: boolean) => {
    while (running.length < concurrency && queue.length > 0 && (draining || ready(t))) {
      const jobs = queue.splice(0, Math.min(queue.length, spec.maxSize));
      const mean = jobs.reduce((sum, job) => sum + draws[job]!, 0) / jobs.length;
      const end = t + interpolate(points, jobs.length) * mean;
      for (const job of jobs) result[job] = { startMs: t, completionMs: end };
      running.push(end);
    }
  };
  let next = 0;
  let t = 0;
  for (;;) {
    const nextArrival = next < arrivals.length ? arrivals[next]! : Infinity;
    const nextEnd = running.length > 0 ? Math.min(...running) : Infinity;
    const nextDeadline = running.length < concurrency ? deadline() : Infinity;
    const soonest = Math.min(nextArrival, nextEnd, nextDeadline);
    if (soonest === Infinity) {
      if (queue.length === 0) return result;
      startBatches(t, true);
      continue;
    }
    t = soonest;
    if (nextEnd === t) running.splice(running.indexOf(t), 1);
    else if (nextArrival === t) queue.push(next++);
    startBatches(t, false);
  }
}
