import { describe, expect, it } from 'vitest';
import { group, runText } from '../helpers.js';

/** Erlang C: P(wait) in M/M/c with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}

const mmc = (rate: number, servers: number, requests: number) => `
name: mmc
seed: 5
profile: ../profiles/mm1.yaml
demand: { mode: poisson, ratePerSecond: ${rate} }
stop: { requests: ${requests} }
network:
  inference:
    - { model: exp-server, count: 1, concurrency: ${servers} }
  evaluators:
    - { model: instant, count: 3, concurrency: 1000 }
`;

describe('queue metrics', () => {
  // M/M/3 with μ = 10/s (mean service 100 ms) and λ = 21/s: ρ = λ/(cμ) = 0.7.
  const lambda = 21;
  const mu = 10;
  const c = 3;
  const result = runText(mmc(lambda, c, 300_000));
  const server = group(result, 'exp-server');
  const pWait = erlangC(c, lambda / mu);
  const lq = (pWait * (lambda / mu / c)) / (1 - lambda / mu / c);
  const l = lq + lambda / mu;

  it('utilization is λE[S]/c within 1%', () => {
    expect(Math.abs(server.utilization! / 0.7 - 1)).toBeLessThan(0.01);
    expect(server.intervals.utilization![0]).toBeLessThan(server.utilization!);
  });

  it("Little's law: the time-average number in system is λW within 1%, with λ and W measured per request", () => {
    const window = result.virtualTimeMs - result.statistics.warmup.seconds * 1000;
    const throughput = server.steadyRounds / window;
    const sojourn = server.meanServiceMs + server.meanWaitMs;
    expect(Math.abs(server.meanInSystem / (throughput * sojourn) - 1)).toBeLessThan(0.01);
    expect(Math.abs(server.meanInQueue / (throughput * server.meanWaitMs) - 1)).toBeLessThan(0.01);
  });

  it('matches the Erlang C formulas for L, Lq and P(wait), each inside its interval or within 2%', () => {
    expect(Math.abs(server.meanInSystem / l - 1)).toBeLessThan(0.02);
    expect(Math.abs(server.meanInQueue / lq - 1)).toBeLessThan(0.04);
    expect(Math.abs(server.pWait / pWait - 1)).toBeLessThan(0.02);
    const [low, high] = server.intervals.meanInSystem!;
    expect(low).toBeLessThan(l * 1.02);
    expect(high).toBeGreaterThan(l * 0.98);
  });

  it('reports the same queues per node, and for the role as a whole', () => {
    const node = result.nodes.find((n) => n.model === 'exp-server')!;
    expect(Math.abs(node.utilization / 0.7 - 1)).toBeLessThan(0.01);
    expect(Math.abs(node.pWait / pWait - 1)).toBeLessThan(0.02);
    expect(result.queues.inference.utilization).toBe(server.utilization);
    expect(result.queues.inference.meanInSystem).toBe(server.meanInSystem);
  });

  it('a node with spare servers never waits', () => {
    const idle = group(runText(mmc(2, 50, 5_000)), 'exp-server');
    expect(idle.pWait).toBe(0);
    expect(idle.meanInQueue).toBe(0);
  });
});
