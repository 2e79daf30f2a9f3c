import { describe, expect, it } from 'vitest';
import { ServerTimelines } from '../../sim/market/server-timelines.js';

/** A FIFO queue with c servers, simulated job by job: each job takes the server that falls free first. */
function referenceStarts(concurrency: number, jobs: ReadonlyArray<{ arrival: number; service: number }>): number[] {
  const freeAt = new Array<number>(concurrency).fill(0);
  return jobs.map(({ arrival, service }) => {
    let earliest = 0;
    for (let s = 1; s < concurrency; s++) if (freeAt[s]! < freeAt[earliest]!) earliest = s;
    const start = Math.max(arrival, freeAt[earliest]!);
    freeAt[earliest] = start + service;
    return start;
  });
}

describe('ServerTimelines', () => {
  it('starts each job as a FIFO queue with c servers would, for concurrency 1 to 7 side by side', () => {
    const concurrency = [1, 2, 3, 7];
    const timelines = new ServerTimelines(concurrency);
    let state = 2024;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const jobsByServer = concurrency.map(() => [] as { arrival: number; service: number }[]);
    const startsByServer = concurrency.map(() => [] as number[]);
    let clock = 0;
    for (let i = 0; i < 20_000; i++) {
      clock += next() * 2; // arrivals in time order, as the market admits them
      const server = Math.floor(next() * concurrency.length);
      // Heavy load: mean service 3 per server slot against about 8 time units between arrivals per server.
      const service = next() < 0.05 ? 0 : -Math.log(1 - next()) * 3 * concurrency[server]!;
      jobsByServer[server]!.push({ arrival: clock, service });
      startsByServer[server]!.push(timelines.admit(server, clock, service));
    }
    concurrency.forEach((c, server) => {
      const starts = startsByServer[server]!;
      expect(starts).toEqual(referenceStarts(c, jobsByServer[server]!));
      // The load is high enough that jobs really wait.
      expect(starts.filter((start, j) => start > jobsByServer[server]![j]!.arrival).length).toBeGreaterThan(starts.length / 10);
    });
  });

  it('never starts a job before it arrives, and a free server starts it at once', () => {
    const timelines = new ServerTimelines([2]);
    expect(timelines.admit(0, 10, 5)).toBe(10);
    expect(timelines.admit(0, 11, 5)).toBe(11); // the second slot is free
    expect(timelines.admit(0, 12, 1)).toBe(15); // both busy: waits for the first to free
    expect(timelines.admit(0, 100, 1)).toBe(100);
  });
});
