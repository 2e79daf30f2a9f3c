/**
 * Queue mode end to end: a redis-server of the test's own on a free
 * loopback port (with a password, then TLS with a private CA), two
 * `poq-sim worker` processes, and `poq-sim sweep --queue`; the experiment
 * folder must equal the local run's. CI installs Debian's redis-server; on
 * a machine without it the test is skipped, except under CI where it fails.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, expectSameFolders, SMALL_SWEEP, workspace, writeScenario } from './sweep-helpers.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis && process.env.CI) throw new Error('redis-server is not installed (CI installs Debian’s redis-server in .ci/run)');

const PASSWORD = 'test-password-0123';
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startRedis(args: string[]): Promise<void> {
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stdout!.on('data', (chunk) => {
      log += chunk;
      if (log.includes('Ready to accept connections')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${log}`)));
  });
}

interface Worker {
  readonly child: ChildProcess;
  output: string;
}

/** Starts `poq-sim worker` and waits until it consumes the queue. */
async function startWorker(url: string, env: NodeJS.ProcessEnv = {}): Promise<Worker> {
  const child = cliAsync(['worker', '--queue', url, '--threads', '1'], env);
  children.push(child);
  const worker: Worker = { child, output: '' };
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      worker.output += chunk;
      if (worker.output.includes('consuming queue')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited (${code}): ${worker.output}`)));
  });
  return worker;
}

/** Points a stopped worker reports having run. */
const pointsRun = (worker: Worker) => Number(/stopping after (\d+) point/.exec(worker.output)?.[1] ?? NaN);

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

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

  it('a wrong password is a one-line error, exit code 2, nothing written', () => {
    const out = join(dir, 'refused');
    const result = cli(['sweep', scenario, '--out', out, '--queue', `redis://:wrong@127.0.0.1:${port}`]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^poq-sim: --queue: cannot use redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/?: invalid username-password pair.*\n$/);
  });

  it('works over TLS (rediss://) with a private CA', async () => {
    const tls = join(dir, 'tls');
    mkdirSync(tls);
    const openssl = (...args: string[]) => expect(spawnSync('openssl', args, { cwd: tls }).status).toBe(0);
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=poq-sim test CA');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    writeScenario(tls, 'ext.cnf', 'subjectAltName=IP:127.0.0.1\n');
    openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'ext.cnf');
    const tlsPort = await freePort();
    await startRedis([
      '--port', '0',
      '--tls-port', String(tlsPort),
      '--tls-cert-file', join(tls, 'server.pem'),
      '--tls-key-file', join(tls, 'server.key'),
      '--tls-ca-cert-file', join(tls, 'ca.pem'),
      '--tls-auth-clients', 'no',
    ]);
    const url = `rediss://:${PASSWORD}@127.0.0.1:${tlsPort}`;
    const env = { NODE_EXTRA_CA_CERTS: join(tls, 'ca.pem') };

    const untrusted = cli(['sweep', scenario, '--out', join(dir, 'untrusted'), '--queue', url]);
    expect(untrusted.status).toBe(2);
    expect(untrusted.stderr).toMatch(/cannot use rediss:\/\/.*certificate/);

    const worker = await startWorker(url, env);
    const out = join(dir, 'tls-queued');
    const result = cli(['sweep', scenario, '--out', out, '--queue', url, '--no-progress', '--no-report'], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expectSameFolders(local, out, expect);
    expect(await stop(worker.child)).toBe(0);
    expect(pointsRun(worker)).toBe(8);
  });
});
