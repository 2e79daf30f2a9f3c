/**
 * Batching in the market: the M/D^[b]/1 queue against its exact solution,
 * a batch of one against serving alone, a job's cost as its share of its
 * batch, rounds whose evaluations are partly batched, determinism, and the
 * scenario checks.
 */
import { describe, expect, it } from 'vitest';
import { group, resolveText, runText } from '../helpers.js';
import { bulkServiceMD1 } from './bulk-service-theory.js';

const scenario = (options: { rate?: number; requests?: number; inference: string; evaluators: string; k?: number; seed?: number }) => `
name: batching
seed: ${options.seed ?? 5}
profile: ../profiles/batching.yaml
demand: { mode: poisson, ratePerSecond: ${options.rate ?? 20} }
stop: { requests: ${options.requests ?? 20000} }
network:
  inference:
${options.inference}
  evaluators:
${options.evaluators}
mechanism:
  evaluatorsPerRound: ${options.k ?? 1}
  rewards: { cost: { signal: request } }
`;

const INSTANT = '    - { model: instant, count: 1, concurrency: 1000 }';

describe('the exact solution of the bulk-service queue', () => {
  it('reduces to Pollaczek–Khinchine for M/D/1 at b = 1', () => {
    // ρ = 0.8, D = 100 ms: Wq = ρD / (2(1 − ρ)) = 200 ms.
    expect(bulkServiceMD1(0.008, 100, 1).waitMs).toBeCloseTo(200, 6);
  });
});

describe('batching in the market', () => {
  it.each([
    [4, 32],
    [8, 60],
  ])('M/D^[%i]/1 at λ = %i/s: time at the node and batch size as the embedded chain gives them', (b, rate) => {
    const result = runText(
      scenario({
        rate,
        requests: 200_000,
        inference: `    - { model: constant-server, count: 1, batching: { policy: queued, maxSize: ${b} } }`,
        evaluators: INSTANT,
      }),
    );
    const server = group(result, 'constant-server');
    const theory = bulkServiceMD1(rate / 1000, 100, b);
    // Wait plus share is the job's time at the node: queueing plus its batch's whole run.
    expect(Math.abs(server.meanWaitMs + server.meanServiceMs - theory.sojournMs) / theory.sojournMs).toBeLessThan(0.03);
    expect(Math.abs(server.meanBatchSize! - theory.meanBatch) / theory.meanBatch).toBeLessThan(0.02);
    // Utilization is busy time (a batch's time once, not once per job) over the run.
    expect(server.utilization).toBeCloseTo((rate / 1000 / theory.meanBatch) * 100, 1);
  });

  it('a batch of one is a job served alone: the same draws, times, costs and rewards', () => {
    const nodes = (batching: string) => ({
      inference: `    - { model: exp-server, count: 2${batching} }`,
      evaluators: `    - { model: affine-evaluator, count: 3${batching} }`,
      k: 2,
      rate: 15,
    });
    const alone = runText(scenario(nodes('')));
    const batched = runText(scenario(nodes(', batching: { policy: queued, maxSize: 1 }')));
    expect(batched.requestsSettled).toBe(alone.requestsSettled);
    for (const model of ['exp-server', 'affine-evaluator']) {
      const a = group(alone, model);
      const b = group(batched, model);
      expect(b.meanBatchSize).toBe(1);
      expect(a.meanBatchSize).toBeUndefined();
      for (const field of ['meanReward', 'meanServiceMs', 'meanWaitMs', 'meanTrueCostUsd', 'utilization'] as const) {
        expect(b[field]).toBeCloseTo(a[field]!, 9);
      }
    }
    expect(batched.meanResponseMs).toBeCloseTo(alone.meanResponseMs, 9);
  });

  it('a batched job costs its share of its batch, and its time at the node is its wait plus that share', () => {
    const result = runText(
      scenario({
        rate: 60,
        inference: '    - { model: exp-server, count: 2, concurrency: 20 }',
        evaluators: '    - { model: affine-evaluator, count: 2, batching: { policy: size, maxSize: 4 } }',
      }),
    );
    const evaluator = group(result, 'affine-evaluator');
    // A batch of 4 takes (1 + 4) / 2 = 2.5 mean draws of 20 ms: 50 ms, 12.5 ms per job. A full-batch policy forms only
    // batches of 4 until the demand ends, and the draws average to their mean over 10,000 batches.
    expect(evaluator.meanBatchSize!).toBeGreaterThan(3.99);
    expect(Math.abs(evaluator.meanServiceMs - 12.5) / 12.5).toBeLessThan(0.01);
    // The profile's price is 3.6 USD per hour: 1e-6 USD per millisecond of busy time.
    expect(evaluator.meanTrueCostUsd).toBeCloseTo(evaluator.meanServiceMs * 1e-6, 15);
    // Each node takes half of 60 jobs/s, so a batch of 4 forms in 4/30 s on average: the first job waits 3/30 s for it,
    // the last none, 50 ms on average, plus its batch's 50 ms run less its own 12.5 ms share.
    expect(evaluator.meanWaitMs).toBeGreaterThan(50 + 37.5 - 5);
  });

  it('a round with batched and unbatched evaluations settles once the last of them completes', () => {
    const result = runText(
      scenario({
        rate: 30,
        inference: '    - { model: exp-server, count: 1, concurrency: 20 }',
        evaluators: [
          '    - { model: affine-evaluator, name: batched, count: 2, batching: { policy: wait, maxSize: 8, maxWaitMs: 40 } }',
          '    - { model: affine-evaluator, name: alone, count: 2, concurrency: 4 }',
        ].join('\n'),
        k: 3,
      }),
    );
    expect(result.requestsSettled).toBe(20000);
    const byPopulation = (name: string) => result.populations.find((p) => p.population === name)!;
    expect(byPopulation('batched').meanBatchSize!).toBeGreaterThan(1.5);
    expect(byPopulation('alone').meanBatchSize).toBeUndefined();
    // A request's response covers its inference and its slowest evaluation.
    const inference = group(result, 'exp-server');
    expect(result.meanResponseMs).toBeGreaterThan(inference.meanServiceMs + inference.meanWaitMs + byPopulation('batched').meanWaitMs);
  });

  it('a full-batch policy in rounds mode, where batches never fill, still settles every round', () => {
    const yaml = scenario({
      inference: '    - { model: exp-server, count: 1, batching: { policy: size, maxSize: 4 } }',
      evaluators: INSTANT,
      requests: 500,
    }).replace('{ mode: poisson, ratePerSecond: 20 }', '{ mode: rounds }');
    const result = runText(yaml);
    expect(result.requestsSettled).toBe(500);
    expect(result.stopReason).toBe('requests');
    expect(group(result, 'exp-server').meanBatchSize).toBe(1);
  });

  it('the same scenario and seed give the same results', () => {
    const yaml = scenario({
      inference: '    - { model: exp-server, count: 2, batching: { policy: size-or-wait, maxSize: 6, maxWaitMs: 30 } }',
      evaluators: '    - { model: affine-evaluator, count: 3, batching: { policy: queued, maxSize: 5 } }',
      k: 2,
      rate: 30,
      requests: 5000,
    });
    const first = runText(yaml);
    const second = runText(yaml);
    expect(JSON.stringify(second.groups)).toBe(JSON.stringify(first.groups));
    expect(JSON.stringify(second.nodes)).toBe(JSON.stringify(first.nodes));
  });
});

describe('the size check before a run', () => {
  it('counts a batching server at its full batches’ rate, and the jobs it holds while a batch fills', () => {
    // 30 jobs/s at a 20 ms evaluator: ρ = 0.6 alone; in batches of 8 (factor 4.5, 11.25 ms a job) ρ = 0.34.
    const pending = (batching: string) =>
      resolveText(
        scenario({
          rate: 30,
          requests: 1000,
          inference: '    - { model: exp-server, count: 1, concurrency: 1000 }',
          evaluators: `    - { model: affine-evaluator, count: 1${batching} }`,
        }),
      ).memory.pendingRequests;
    const alone = pending('');
    const batched = pending(', batching: { policy: size, maxSize: 8 }');
    const rho = (30 / 1000) * 20 * (4.5 / 8);
    expect(batched - alone).toBeCloseTo(rho / (1 - rho) + 8 - 0.6 / 0.4, 6);
  });
});

describe('batching in the scenario', () => {
  const resolve =
    (batching: string, model = 'exp-server') =>
    () =>
      resolveText(scenario({ inference: `    - { model: ${model}, count: 1, batching: ${batching} }`, evaluators: INSTANT }));

  it('needs the model’s batch latency curve', () => {
    expect(resolve('{ policy: queued, maxSize: 4 }', 'unbatchable')).toThrow(
      /network\.inference\[0\]\.batching: the profile gives no batchLatency curve for inference model "unbatchable"/,
    );
  });

  it('a waiting policy needs maxWaitMs, and the others refuse it', () => {
    expect(resolve('{ policy: wait, maxSize: 4 }')).toThrow(/batching\.maxWaitMs: required when policy is "wait"/);
    expect(resolve('{ policy: size, maxSize: 4, maxWaitMs: 3 }')).toThrow(/batching\.maxWaitMs: only applies when policy is "wait"/);
  });
});
