/** A redis-server and poq-sim workers of a test's own, for the queue-mode tests of sweeps and studies. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { type RunningCli, startCli, waitFor } from './sweep-helpers.js';

/** Every process a test started, stopped by its afterAll. */
export const children: ChildProcess[] = [];

export const PASSWORD = 'test-password-0123';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startRedis(args: string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', PASSWORD, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let log = '';
    child.stdout.on('data', (chunk) => {
      log += chunk;
      if (log.includes('Ready to accept connections')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${log}`)));
  });
  return child;
}

/** Starts `poq-sim worker` (one thread) and waits until it consumes the queue. */
export async function startWorker(url: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<RunningCli> {
  const worker = startCli(['worker', '--queue', url, '--threads', '1', ...args], env);
  children.push(worker.child);
  await Promise.race([
    waitFor(() => worker.stdout.includes('consuming queue'), 'the worker to start'),
    worker.ended.then(({ code }) => Promise.reject(new Error(`worker exited (${code}): ${worker.stdout}${worker.stderr}`))),
  ]);
  return worker;
}

/** Points a stopped worker reports having run. */
export const pointsRun = (worker: RunningCli) => Number(/stopping after (\d+) point/.exec(worker.stdout)?.[1] ?? NaN);

export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}
