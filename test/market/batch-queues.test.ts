/**
 * Each batch policy on hand-computed cases, and every policy against an
 * independent simulation of the same jobs written here.
 */
import { describe, expect, it } from 'vitest';
import { Environment } from '../../sim/engine/environment.js';
import { type BatchPolicy, BatchQueues, type BatchServerSpec } from '../../sim/market/batch-queues.js';
import { BatchCurve } from '../../sim/profile/batch-latency.js';
import { referenceBatches } from './batch-reference.js';

export interface Served {
  readonly job: number;
  readonly enqueuedMs: number;
  readonly startMs: number;
  readonly completionMs: number;
  readonly shareMs: number;
}

/** A batch of b takes 1 + 0.5 (b − 1) single draws. */
const HALF_PER_ITEM = [
  { batchSize: 1, factor: 1 },
  { batchSize: 2, factor: 1.5 },
];

/** Runs one server over jobs arriving at `arrivals` with service draws `draws`; returns each job's times, in job order. */
export function serve(
  spec: Omit<BatchServerSpec, 'curve'>,
  arrivals: readonly number[],
  draws: readonly number[],
  concurrency = 1,
  points = HALF_PER_ITEM,
): Served[] {
  const env = new Environment();
  const served: Served[] = [];
  const curve = new BatchCurve(points, spec.maxSize);
  const queues = new BatchQueues(env, 'test', [{ ...spec, curve }], [concurrency], (job, startMs, serviceMs, shareMs, enqueuedMs) =>
    served.push({ job, enqueuedMs, startMs, completionMs: env.now, shareMs }),
  );
  const arrive = env.defineEventType('arrive', (job) => queues.enqueue(0, job, draws[job]!));
  arrivals.forEach((t, job) => env.scheduleAt(t, arrive, job, 1));
  while (env.run() === 'empty' && queues.drain());
  return served.sort((a, b) => a.job - b.job);
}

/** [start, completion] of each job. */
const times = (served: readonly Served[]) => served.map((s) => [s.startMs, s.completionMs]);

const ARRIVALS = [0, 1, 2, 3, 10];
const DRAWS = [4, 4, 4, 4, 4];

describe('batch policies on hand-computed cases (draws of 4 ms; a batch of b takes 4 · (1 + (b − 1)/2) ms)', () => {
  it('queued: takes what is queued, up to maxSize, whenever the server frees', () => {
    const served = serve({ policy: 'queued', maxSize: 2 }, ARRIVALS, DRAWS);
    // 0 alone at 0–4; 1 and 2 together at 4–10 (6 ms); 3 alone at 10–14 (4 arrives at 10, after the batch that ends then); 4 at 14–18.
    expect(times(served)).toEqual([
      [0, 4],
      [4, 10],
      [4, 10],
      [10, 14],
      [14, 18],
    ]);
    expect(served.map((s) => s.shareMs)).toEqual([4, 3, 3, 4, 4]);
  });

  it('queued with two slots: a second batch runs beside the first', () => {
    const served = serve({ policy: 'queued', maxSize: 2 }, ARRIVALS, DRAWS, 2);
    expect(times(served)).toEqual([
      [0, 4],
      [1, 5],
      [4, 10],
      [4, 10],
      [10, 14],
    ]);
  });

  it('size: waits for a full batch; what is left when nothing else can happen is served as it is', () => {
    const served = serve({ policy: 'size', maxSize: 2 }, ARRIVALS, DRAWS);
    // 0 and 1 at 1–7; 2 and 3 at 7–13; 4 never finds a partner, and is served when the calendar runs dry at 13.
    expect(times(served)).toEqual([
      [1, 7],
      [1, 7],
      [7, 13],
      [7, 13],
      [13, 17],
    ]);
  });

  it('wait: serves once the oldest has waited maxWaitMs, with what arrived meanwhile', () => {
    const served = serve({ policy: 'wait', maxSize: 3, maxWaitMs: 2 }, ARRIVALS, DRAWS);
    // 0's wait ends at 2, after the arrival of 2 at that instant: 0, 1, 2 at 2–10 (8 ms). 3 has waited past 2 ms when
    // the server frees at 10: alone at 10–14. 4 (arrived at 10, server busy) has waited 4 ms by 14: 14–18.
    expect(times(served)).toEqual([
      [2, 10],
      [2, 10],
      [2, 10],
      [10, 14],
      [14, 18],
    ]);
    expect(served[0]!.shareMs).toBeCloseTo(8 / 3, 12);
  });

  it('size-or-wait: whichever comes first', () => {
    const served = serve({ policy: 'size-or-wait', maxSize: 2, maxWaitMs: 5 }, ARRIVALS, DRAWS);
    // 0 and 1 fill a batch at 1 (1–7); 2 and 3 fill one while it runs (7–13); 4 arrives at 10, finds no partner, and
    // its wait runs out at 15: 15–19.
    expect(times(served)).toEqual([
      [1, 7],
      [1, 7],
      [7, 13],
      [7, 13],
      [15, 19],
    ]);
  });

  it('a batch takes the curve’s factor times the mean of its own draws', () => {
    const served = serve({ policy: 'size', maxSize: 2 }, [0, 0], [2, 6]);
    // mean draw 4, factor 1.5: 6 ms, 3 each.
    expect(times(served)).toEqual([
      [0, 6],
      [0, 6],
    ]);
    expect(served.map((s) => s.shareMs)).toEqual([3, 3]);
  });
});

/** Poisson arrivals and log-normal draws from a small fixed generator (mulberry32), so both simulations see the same jobs. */
function randomJobs(count: number, ratePerMs: number, meanDrawMs: number, seed: number) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const arrivals: number[] = [];
  const draws: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += -Math.log(1 - uniform()) / ratePerMs;
    arrivals.push(t);
    const normal = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    draws.push(meanDrawMs * Math.exp(0.4 * normal - 0.08));
  }
  return { arrivals, draws };
}

describe('against an independent simulation of the same jobs', () => {
  const cases: Array<[BatchPolicy, number | undefined, number]> = [
    ['queued', undefined, 1],
    ['queued', undefined, 3],
    ['size', undefined, 1],
    ['size', undefined, 2],
    ['wait', 7, 1],
    ['wait', 7, 2],
    ['size-or-wait', 7, 1],
    ['size-or-wait', 3, 3],
  ];
  it.each(cases)(
    '%s (maxWaitMs %s, concurrency %s): every job starts and completes at the same times',
    (policy, maxWaitMs, concurrency) => {
      const { arrivals, draws } = randomJobs(3000, 0.25, 10, 7 + concurrency);
      const spec = { policy, maxSize: 5, maxWaitMs };
      const served = serve(spec, arrivals, draws, concurrency);
      const expected = referenceBatches(spec, HALF_PER_ITEM, arrivals, draws, concurrency);
      expect(served.length).toBe(3000);
      for (let job = 0; job < served.length; job++) {
        expect(served[job]!.startMs).toBeCloseTo(expected[job]!.startMs, 9);
        expect(served[job]!.completionMs).toBeCloseTo(expected[job]!.completionMs, 9);
      }
      // The load keeps batches of several jobs forming, so the comparison covers more than single jobs.
      const batched = served.filter((s) => s.shareMs < draws[s.job]! * 0.9).length;
      expect(batched).toBeGreaterThan(300);
    },
  );
});
