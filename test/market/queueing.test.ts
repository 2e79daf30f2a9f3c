import { describe, expect, it } from 'vitest';
import { group, runText } from '../helpers.js';

const mm1 = (rate: number, requests: number, extra = '') => `
name: mm1
seed: 11
profile: ../profiles/mm1.yaml
demand: { mode: poisson, ratePerSecond: ${rate} }
stop: { requests: ${requests} }
network:
  inference:
    - { model: exp-server, count: 1 }
  evaluators:
    - { model: instant, count: 3, concurrency: 1000 }
${extra}`;

describe('queueing', () => {
  it('one inference node, Poisson arrivals, exponential service: mean time in system ≈ 1/(μ − λ)', () => {
    // μ = 10/s (mean service 100 ms), λ = 6/s → W = 1/(10 − 6) s = 250 ms; Wq = ρ/(μ − λ) = 150 ms
    const result = runText(mm1(6, 200_000));
    const server = group(result, 'exp-server');
    const timeInSystem = server.meanServiceMs + server.meanWaitMs;
    expect(result.requestsSettled).toBe(200_000);
    expect(Math.abs(timeInSystem - 250) / 250).toBeLessThan(0.04);
    expect(Math.abs(server.meanWaitMs - 150) / 150).toBeLessThan(0.06);
    expect(Math.abs(server.meanServiceMs - 100) / 100).toBeLessThan(0.01);
  });

  it('a node with spare concurrency never queues', () => {
    const result = runText(mm1(6, 20_000).replace('count: 1 }', 'count: 1, concurrency: 50 }'));
    expect(group(result, 'exp-server').meanWaitMs).toBe(0);
  });

  it('rounds mode runs one request at a time, so nothing waits', () => {
    const result = runText(mm1(6, 5_000).replace('mode: poisson, ratePerSecond: 6', 'mode: rounds'));
    expect(group(result, 'exp-server').meanWaitMs).toBe(0);
    expect(result.requestsSettled).toBe(5_000);
    // The engine's calendar ran empty; the run says which rule made it so.
    expect(result.stopReason).toBe('requests');
  });

  it('stops at a virtual time and counts only what settled by then', () => {
    const result = runText(mm1(6, 1).replace('stop: { requests: 1 }', 'stop: { timeSeconds: 1000 }'));
    expect(result.stopReason).toBe('time');
    expect(result.virtualTimeMs).toBe(1_000_000);
    // ≈ 6,000 arrivals in 1,000 s
    expect(result.requestsGenerated).toBeGreaterThan(5_700);
    expect(result.requestsGenerated).toBeLessThan(6_300);
    expect(result.requestsSettled).toBeLessThanOrEqual(result.requestsGenerated);
  });

  it('stops after a number of events', () => {
    const result = runText(mm1(6, 1).replace('stop: { requests: 1 }', 'stop: { events: 1234 }'));
    expect(result.stopReason).toBe('events');
    expect(result.events).toBe(1234);
  });
});
