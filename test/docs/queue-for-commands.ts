/**
 * The Redis server and `poq-sim worker` a documented `--queue` command
 * assumes: `host:6379` in the documents stands for the reader's server, so
 * the test starts its own redis-server on a free loopback port (with the
 * documented password) and one worker in the workspace, and the command
 * runs with `host:6379` replaced by that address, and nothing else changed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Workspace } from './command-workspace.js';

/** The placeholder address the documents use for a reader's Redis server, and the password they show. */
export const DOCUMENTED_REDIS = /redis:\/\/:(\w+)@host:6379/;

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

/** Resolves once `child` prints `ready`; rejects if it exits first. */
function whenReady(child: ChildProcess, ready: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const listen = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(ready)) resolve();
    };
    child.stdout!.on('data', listen);
    child.stderr!.on('data', listen);
    child.on('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready: ${log}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}

/** Runs `run(text)` with the documented address in `text` pointing at a server and a worker of the test's own. */
export async function withQueue<T>(text: string, workspace: Workspace, run: (text: string) => Promise<T>): Promise<T> {
  const password = DOCUMENTED_REDIS.exec(text)![1]!;
  const port = await freePort();
  const children: ChildProcess[] = [];
  try {
    const redis = spawn('redis-server', [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--requirepass',
      password,
    ]);
    children.push(redis);
    await whenReady(redis, 'Ready to accept connections', 'redis-server');
    const url = `redis://:${password}@127.0.0.1:${port}`;
    const cli = join(workspace.root, 'dist', 'cli', 'main.js');
    const worker = spawn(process.execPath, [cli, 'worker', '--queue', url], { cwd: workspace.root, env: workspace.env });
    children.push(worker);
    await whenReady(worker, 'consuming queue', 'poq-sim worker');
    return await run(text.replace(DOCUMENTED_REDIS, url));
  } finally {
    for (const child of children.reverse()) await stop(child);
  }
}
