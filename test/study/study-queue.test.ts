/**
 * A study on the Redis queue: `poq-sim exploit --queue` with two
 * `poq-sim worker` processes writes the same folder as worker threads do.
 * Skipped on a machine without redis-server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSystemProgram } from '../system-programs.js';
import { children, freePort, PASSWORD, pointsRun, startRedis, startWorker, stop } from '../experiment/queue-helpers.js';
import { cli, expectSameFolders, workspace, writeScenario } from '../experiment/sweep-helpers.js';

const hasRedis = hasSystemProgram('redis-server', 'redis-server', 'the queue-mode study test (poq-sim exploit --queue)');

const SCENARIO = `name: queued-exploit
seed: 21
profile: paper-rtx4090
demand: { mode: rounds }
stop: { requests: 300 }
network:
  inference:
    - { model: llama-3.2-3b, count: 3 }
    - { name: misreporters, model: tinyllama-1.1b, count: 2, behaviour: { kind: misreport-cost, factor: 0.5 } }
  evaluators:
    - { model: sts-distilroberta, count: 3 }
mechanism:
  rewards: { cost: { signal: request } }
exploit:
  families:
    - name: misreport
      population: misreporters
      parameters:
        - { path: network.inference.1.behaviour.factor, name: factor, range: [0.2, 1] }
  search: { candidates: 4, eta: 2, replications: 1, zoomRounds: 0 }
  confirmation: { halfWidth: 0.05, minReplications: 3, maxReplications: 6 }
`;

afterAll(async () => {
  for (const child of children.reverse()) await stop(child);
});

describe.skipIf(!hasRedis)('poq-sim exploit --queue (BullMQ over Redis)', () => {
  const dir = workspace('study-queue');
  const scenario = writeScenario(dir, 'exploit.yaml', SCENARIO);
  const local = join(dir, 'threads');
  let port = 0;

  beforeAll(async () => {
    expect(cli(['exploit', scenario, '--out', local, '--workers', '2', '--no-report', '--quiet']).status).toBe(0);
    port = await freePort();
    await startRedis(['--port', String(port)]);
  });

  it('two worker processes give the same study as worker threads', async () => {
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const workers = await Promise.all([startWorker(url), startWorker(url)]);
    const out = join(dir, 'queued');
    const result = cli(['exploit', scenario, '--out', out, '--queue', url, '--no-report']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`queue redis://:***@127.0.0.1:${port}`);
    expectSameFolders(local, out, expect);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.executor.kind).toBe('redis-queue');
    for (const worker of workers) expect(await stop(worker.child)).toBe(0);
    expect(workers.map(pointsRun).reduce((a, b) => a + b, 0)).toBe(manifest.counts.points);
  });
});
