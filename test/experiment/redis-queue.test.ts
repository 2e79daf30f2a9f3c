/**
 * Queue mode end to end: a redis-server of the test's own on a free
 * loopback port (with a password, then TLS with a private CA), two
 * `poq-sim worker` processes, and `poq-sim sweep --queue`; the experiment
 * folder must equal the local run's. Then the faults: a server stopped
 * mid-sweep (exit 3 within --queue-retry, one line per change of state,
 * and --resume with the server back gives the local run's folder), a
 * signal while the server is down, a worker killed mid-point (another takes
 * its point within --takeover-after), and many waits with no listener
 * left behind. On a machine without redis-server the tests are skipped.
 */
import { spawnSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisQueueExecutor } from '../../sim/experiment/executors/redis-queue.js';
import { Cutoff } from '../../sim/experiment/executors/redis-link.js';
import { planExperiment } from '../../sim/experiment/plan.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { hasSystemProgram } from '../system-programs.js';
import { children, freePort, PASSWORD, pointsRun, startRedis, startWorker, stop } from './queue-helpers.js';
import { cli, expectSameFolders, pointFiles, SMALL_SWEEP, startCli, waitFor, workspace, writeScenario } from './sweep-helpers.js';

const hasRedis = hasSystemProgram('redis-server', 'redis-server', 'the queue-mode tests (poq-sim sweep --queue, poq-sim worker)');

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

afterAll(async () => {
  for (const child of children.reverse()) await stop(child);
});

describe.skipIf(!hasRedis)('poq-sim sweep --queue (BullMQ over Redis)', () => {
  const dir = workspace('queue');
  const scenario = writeScenario(dir, 'small.yaml', SMALL_SWEEP);
  const local = join(dir, 'local');
  let port = 0;

  beforeAll(async () => {
    expect(cli(['sweep', scenario, '--out', local, '--workers', '2', '--no-progress', '--no-report']).status).toBe(0);
    port = await freePort();
    await startRedis(['--port', String(port)]);
  });

  it('two worker processes give the same experiment as a local run (password URL)', async () => {
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const workers = await Promise.all([startWorker(url), startWorker(url)]);
    const out = join(dir, 'queued');
    const result = cli(['sweep', scenario, '--out', out, '--queue', url, '--no-progress', '--no-report']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`queue redis://:***@127.0.0.1:${port}`);
    expect(result.stdout).not.toContain(PASSWORD);
    expectSameFolders(local, out, expect);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.executor.kind).toBe('redis-queue');
    expect(JSON.stringify(manifest)).not.toContain(PASSWORD);
    for (const worker of workers) expect(await stop(worker.child)).toBe(0);
    const counts = workers.map(pointsRun);
    expect(counts[0]! + counts[1]!).toBe(8);
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });

  it('carries the time series (output.timeseries) through the queue: the same experiment as a local run', async () => {
    const withSeries = writeScenario(
      dir,
      'timeseries.yaml',
      SMALL_SWEEP.replace(/^stop:/m, 'output: { timeseries: { intervalSeconds: 60 } }\nstop:'),
    );
    const localSeries = join(dir, 'local-timeseries');
    expect(cli(['sweep', withSeries, '--out', localSeries, '--workers', '2', '--no-progress', '--no-report']).status).toBe(0);
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const workers = await Promise.all([startWorker(url), startWorker(url)]);
    const out = join(dir, 'queued-timeseries');
    const result = cli(['sweep', withSeries, '--out', out, '--queue', url, '--no-progress', '--no-report']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(out)).toContain('timeseries.parquet');
    expectSameFolders(localSeries, out, expect);
    for (const worker of workers) expect(await stop(worker.child)).toBe(0);
  });

  it('a wrong password is a one-line error, exit code 2, nothing written', () => {
    const out = join(dir, 'refused');
    const result = cli(['sweep', scenario, '--out', out, '--queue', `redis://:wrong@127.0.0.1:${port}`]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^poq-sim: --queue: cannot use redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/?: invalid username-password pair.*\n$/,
    );
  });

  it('works over TLS (rediss://) with a private CA', async () => {
    const tls = join(dir, 'tls');
    mkdirSync(tls);
    const openssl = (...args: string[]) => expect(spawnSync('openssl', args, { cwd: tls }).status).toBe(0);
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-subj',
      '/CN=poq-sim test CA',
    );
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeScenario(tls, 'ext.cnf', 'subjectAltName=IP:127.0.0.1\n');
    openssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '1',
      '-extfile',
      'ext.cnf',
    );
    const tlsPort = await freePort();
    await startRedis([
      '--port',
      '0',
      '--tls-port',
      String(tlsPort),
      '--tls-cert-file',
      join(tls, 'server.pem'),
      '--tls-key-file',
      join(tls, 'server.key'),
      '--tls-ca-cert-file',
      join(tls, 'ca.pem'),
      '--tls-auth-clients',
      'no',
    ]);
    const url = `rediss://:${PASSWORD}@127.0.0.1:${tlsPort}`;
    const env = { NODE_EXTRA_CA_CERTS: join(tls, 'ca.pem') };

    const untrusted = cli(['sweep', scenario, '--out', join(dir, 'untrusted'), '--queue', url]);
    expect(untrusted.status).toBe(2);
    expect(untrusted.stderr).toMatch(/cannot use rediss:\/\/.*certificate/);

    const worker = await startWorker(url, [], env);
    const out = join(dir, 'tls-queued');
    const result = cli(['sweep', scenario, '--out', out, '--queue', url, '--no-progress', '--no-report'], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expectSameFolders(local, out, expect);
    expect(await stop(worker.child)).toBe(0);
    expect(pointsRun(worker)).toBe(8);
  });
});

/** 8 points that take a moment each, so that a fault can come mid-sweep. */
const SLOWER_SWEEP = SMALL_SWEEP.replace('small-sweep', 'slower-sweep')
  .replace('requests: 300', 'requests: 300000')
  .replace('replications: 3', 'replications: 1');
/** 2 points that take seconds each, so that a worker can be killed mid-point. */
const LONG_POINTS = `extends: paper-baseline
name: long-points
reference: null
stop: { requests: 1500000 }
replications: 1
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 1] }
`;
/** 200 points of a few requests: many results, many waits. */
const MANY_TINY_POINTS = `extends: paper-baseline
name: many-tiny-points
reference: null
stop: { requests: 5 }
replications: 1
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [${Array.from({ length: 20 }, (_, i) => i / 20).join(', ')}] }
    - { path: mechanism.rewards.alpha, values: [${Array.from({ length: 10 }, (_, i) => 0.5 + i / 10).join(', ')}] }
`;

/** The keys a finished experiment could leave in Redis: its jobs and its context. */
async function leftBehind(port: number, experiment: string): Promise<string[]> {
  const redis = new Redis({ port, host: '127.0.0.1', password: PASSWORD });
  try {
    const jobs = await redis.keys(`bull:poq-sim:${experiment.slice(0, 16)}-*`);
    const context = await redis.keys(`poq-sim:*:context:${experiment}`);
    return [...jobs, ...context];
  } finally {
    redis.disconnect();
  }
}

describe.skipIf(!hasRedis)('queue mode when Redis or a worker fails', () => {
  const dir = workspace('queue-faults');
  const slower = writeScenario(dir, 'slower.yaml', SLOWER_SWEEP);
  const slowerLocal = join(dir, 'slower-local');
  const RETRY = 2;
  /** Beyond the retry window: the 1 s a command allows BullMQ's abandoned timers, and a loaded machine. */
  const SLACK_MS = 5000;

  beforeAll(() => {
    expect(cli(['sweep', slower, '--out', slowerLocal, '--workers', '2', '--no-progress', '--no-report']).status).toBe(0);
  });

  it('a server stopped mid-sweep: sweep and worker exit 3 within --queue-retry, one line per state; --resume with it back equals the local run', async () => {
    const port = await freePort();
    const redis = await startRedis(['--port', String(port)]);
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const masked = `redis://:***@127.0.0.1:${port}`;
    const worker = await startWorker(url, ['--queue-retry', String(RETRY)]);
    const out = join(dir, 'stopped');
    const sweep = startCli(['sweep', slower, '--out', out, '--queue', url, '--queue-retry', String(RETRY), '--no-progress', '--no-report']);
    children.push(sweep.child);
    await waitFor(() => pointFiles(out).length >= 1, 'a first point');
    const stoppedAt = Date.now();
    await stop(redis);

    const [swept, worked] = await Promise.all([sweep.ended, worker.ended]);
    expect(swept.code).toBe(3);
    expect(worked.code).toBe(3);
    expect(swept.at - stoppedAt).toBeLessThan(RETRY * 1000 + SLACK_MS);
    expect(worked.at - stoppedAt).toBeLessThan(RETRY * 1000 + SLACK_MS);
    const resume = `poq-sim sweep ${slower} --out ${out} --queue ${masked} --queue-retry ${RETRY} --no-report --resume`;
    const sweepLines = lines(sweep.stderr);
    expect(sweepLines).toHaveLength(3);
    expect(sweepLines[0]).toMatch(new RegExp(`^poq-sim: lost the connection to ${literal(masked)} \\(.+\\)$`));
    expect(sweepLines[1]).toMatch(new RegExp(`^poq-sim: retrying for ${RETRY} s, until \\d\\d:\\d\\d:\\d\\d$`));
    expect(sweepLines[2]).toBe(
      `poq-sim: ${masked}: connection lost for ${RETRY} s, gave up (ECONNREFUSED); finished points are kept; once that is fixed, continue with: ${resume}`,
    );
    const workerLines = lines(worker.stderr);
    expect(workerLines).toHaveLength(3);
    expect(workerLines[0]).toMatch(/^poq-sim worker: lost the connection to /);
    expect(workerLines[1]).toMatch(/^poq-sim worker: retrying for /);
    expect(workerLines[2]).toBe(
      `poq-sim: ${masked}: connection lost for ${RETRY} s, gave up (ECONNREFUSED); start it again with: poq-sim worker --queue ${masked} --threads 1 --queue-retry ${RETRY}`,
    );
    for (const text of [sweep.stderr, sweep.stdout, worker.stderr, worker.stdout]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/\n\s+at /);
    }
    const saved = pointFiles(out);
    expect(saved.length).toBeGreaterThanOrEqual(1);
    expect(readdirSync(join(out, 'points')).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(readdirSync(out)).toEqual(['points']);

    // The server back on the same port (empty: it kept nothing), a worker again, and the printed command.
    await startRedis(['--port', String(port)]);
    const again = await startWorker(url);
    const resumed = cli(resume.replace(masked, url).split(' ').slice(1));
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain(`resumed: ${saved.length} points already done`);
    expectSameFolders(slowerLocal, out, expect);
    expect(await stop(again.child)).toBe(0);
    expect(pointsRun(again)).toBe(8 - saved.length);
    const experiment = JSON.parse(readFileSync(join(out, 'points', saved[0]!), 'utf8')).experiment as string;
    expect(await leftBehind(port, experiment)).toEqual([]);
  });

  it('the first SIGTERM stops a sweep and a worker whose server is down, at once', async () => {
    const port = await freePort();
    const redis = await startRedis(['--port', String(port)]);
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const worker = await startWorker(url);
    const out = join(dir, 'signalled');
    const sweep = startCli(['sweep', slower, '--out', out, '--queue', url, '--no-progress', '--no-report']);
    children.push(sweep.child);
    await waitFor(() => pointFiles(out).length >= 1, 'a first point');
    await stop(redis, 'SIGKILL');
    await waitFor(() => sweep.stderr.includes('retrying') && worker.stderr.includes('retrying'), 'both to retry');
    const signalledAt = Date.now();
    sweep.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');

    const [swept, worked] = await Promise.all([sweep.ended, worker.ended]);
    expect(swept.code).toBe(130);
    expect(worked.code).toBe(0);
    expect(Math.max(swept.at, worked.at) - signalledAt).toBeLessThan(SLACK_MS);
    const sweepLines = lines(sweep.stderr);
    expect(sweepLines).toHaveLength(3);
    expect(sweepLines[0]).toMatch(/^poq-sim: lost the connection to /);
    expect(sweepLines[1]).toMatch(/^poq-sim: retrying for 60 s, until /);
    expect(sweepLines[2]).toMatch(
      new RegExp(
        `^poq-sim: interrupted: \\d+ of 8 points are saved in .*points; continue with: poq-sim sweep ${literal(slower)} --out ${literal(out)} --queue redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} --no-report --resume$`,
      ),
    );
    expect(lines(worker.stderr)).toHaveLength(2);
    expect(readdirSync(join(out, 'points')).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('a point whose worker is killed mid-point is finished by another worker within --takeover-after', async () => {
    const TAKEOVER = 3;
    const long = writeScenario(dir, 'long.yaml', LONG_POINTS);
    const longLocal = join(dir, 'long-local');
    expect(cli(['sweep', long, '--out', longLocal, '--workers', '2', '--no-progress', '--no-report']).status).toBe(0);
    const port = await freePort();
    await startRedis(['--port', String(port)]);
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const [doomed, survivor] = await Promise.all([
      startWorker(url, ['--takeover-after', String(TAKEOVER)]),
      startWorker(url, ['--takeover-after', String(TAKEOVER)]),
    ]);
    const out = join(dir, 'taken-over');
    const sweep = startCli(['sweep', long, '--out', out, '--queue', url, '--no-progress', '--no-report']);
    children.push(sweep.child);
    await waitFor(
      () => doomed.stdout.includes('running points') && survivor.stdout.includes('running points'),
      'both workers to take a point',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const killedAt = Date.now();
    await stop(doomed.child, 'SIGKILL');
    const takenAt = await waitFor(() => survivor.stdout.includes('was held by a worker that stopped'), 'the takeover');
    expect(takenAt - killedAt).toBeLessThan(TAKEOVER * 1000 + 2000);

    const swept = await sweep.ended;
    expect(sweep.stderr).toBe('');
    expect(swept.code).toBe(0);
    expectSameFolders(longLocal, out, expect);
    expect(await stop(survivor.child)).toBe(0);
    expect(pointsRun(survivor)).toBe(2);
    // Only the killed worker's point was taken over: the survivor's long point kept its lock while it ran.
    expect(survivor.stdout.match(/was held by a worker that stopped/g)).toHaveLength(1);
    expect(survivor.stderr).toBe('');
  });

  it('a point whose workers keep dying: the sweep exits 3 with the resume line; resumed with a healthy worker it completes', async () => {
    const one = writeScenario(
      dir,
      'one-long.yaml',
      LONG_POINTS.replace('values: [0, 1]', 'values: [0.5]').replace('long-points', 'one-long-point'),
    );
    const oneLocal = join(dir, 'one-long-local');
    expect(cli(['sweep', one, '--out', oneLocal, '--workers', '1', '--no-progress', '--no-report']).status).toBe(0);
    const port = await freePort();
    await startRedis(['--port', String(port)]);
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const out = join(dir, 'dying');
    const sweep = startCli(['sweep', one, '--out', out, '--queue', url, '--no-progress', '--no-report']);
    children.push(sweep.child);
    // A worker allows a job 3 stalls (maxStalledCount); the fifth worker finds it stalled a fourth time, and BullMQ fails it.
    for (let i = 0; i < 4; i++) {
      const worker = await startWorker(url, ['--takeover-after', '2']);
      await waitFor(() => worker.stdout.includes('running points'), `worker ${i + 1} to take the point`);
      await stop(worker.child, 'SIGKILL');
    }
    const last = await startWorker(url, ['--takeover-after', '2']);
    const swept = await sweep.ended;
    expect(swept.code).toBe(3);
    expect(lines(sweep.stderr)).toEqual([
      expect.stringMatching(
        /^poq-sim: point 0: the workers running it stopped under it too often \(BullMQ: job stalled more than allowable limit\); finished points are kept; once that is fixed, continue with: poq-sim sweep .* --resume$/,
      ),
    ]);
    const resumed = cli(['sweep', one, '--out', out, '--queue', url, '--no-progress', '--no-report', '--resume']);
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    expectSameFolders(oneLocal, out, expect);
    expect(await stop(last.child)).toBe(0);
  });

  it('many points: nothing on stderr (no MaxListenersExceededWarning), a bounded number of listeners, nothing left in Redis', async () => {
    const tiny = writeScenario(dir, 'tiny.yaml', MANY_TINY_POINTS);
    const port = await freePort();
    await startRedis(['--port', String(port)]);
    const url = `redis://:${PASSWORD}@127.0.0.1:${port}`;
    const worker = await startWorker(url, ['--threads', '2']);

    const out = join(dir, 'many');
    const result = cli(['sweep', tiny, '--out', out, '--queue', url, '--no-progress', '--no-report']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(pointFiles(out)).toHaveLength(200);

    // The same sweep in this process: the signal never holds more than the run's one listener.
    const plan = planExperiment(loadScenarioFile(tiny));
    const executor = await RedisQueueExecutor.connect(plan.context, url);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const controller = new AbortController();
    const listeners: number[] = [];
    let results = 0;
    const tasks = plan.points.map((point, pointId) => ({ pointId, values: point.values }));
    await executor.run(
      tasks,
      () => {
        results++;
        listeners.push(getEventListeners(controller.signal, 'abort').length);
      },
      controller.signal,
    );
    process.off('warning', onWarning);
    expect(results).toBe(200);
    expect(Math.max(...listeners)).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(warnings).toEqual([]);
    expect(await stop(worker.child)).toBe(0);
    expect(await leftBehind(port, plan.context.experiment)).toEqual([]);
  });
});

describe('Cutoff (how every await on Redis can end at once)', () => {
  it('keeps no listener from the guards that settled, however many', async () => {
    const cutoff = new Cutoff();
    for (let i = 0; i < 10_000; i++) await cutoff.guard(Promise.resolve(i));
    await cutoff.guard(Promise.reject(new Error('a failed command'))).catch(() => undefined);
    expect(cutoff.size).toBe(0);
    const hanging = cutoff.guard(new Promise(() => undefined));
    expect(cutoff.size).toBe(1);
    cutoff.trigger('stopped');
    await expect(hanging).rejects.toBe('stopped');
    expect(cutoff.size).toBe(0);
    await expect(cutoff.guard(Promise.resolve(1))).rejects.toBe('stopped');
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
