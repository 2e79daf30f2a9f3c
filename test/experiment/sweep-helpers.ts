/** Helpers for end-to-end sweep tests: run the built CLI, compare experiment folders. */
import { type ChildProcess, spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CLI } from '../helpers.js';

export function workspace(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `poq-${prefix}-`));
}

export function writeScenario(dir: string, name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

export function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

export function cliAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A CLI process running in the background: its output so far, and how and when it ended. */
export interface RunningCli {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** The exit code (null when killed by a signal) and the time it came (Date.now()). */
  readonly ended: Promise<{ code: number | null; at: number }>;
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = cliAsync(args, env);
  const ended = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, at: Date.now() })),
  );
  const running: RunningCli = { child, stdout: '', stderr: '', ended };
  child.stdout.on('data', (chunk) => (running.stdout += chunk));
  child.stderr.on('data', (chunk) => (running.stderr += chunk));
  return running;
}

/** Polls until `condition` holds; resolves with the time it did (Date.now()), rejects after `timeoutMs`. */
export function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve(Date.now());
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, 20);
  });
}

/** The point files an experiment folder holds so far (finished points, stored whole). */
export function pointFiles(out: string): string[] {
  const points = join(out, 'points');
  return existsSync(points) ? readdirSync(points).filter((name) => name.endsWith('.json')) : [];
}

/** The report rendered from a folder: it quotes the manifest (creation time), so it is compared separately. */
const REPORT_ENTRIES = new Set(['report.html', 'report.md', 'figures', 'tables']);

/**
 * Every result file of a folder (relative path → bytes): manifest.json aside,
 * as it records times and executors, and the report rendered from it aside.
 */
export function folderContents(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (at === dir && REPORT_ENTRIES.has(name)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'manifest.json') files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

export function expectSameFolders(
  a: string,
  b: string,
  expect: (value: unknown) => { toEqual(other: unknown): void; toBe(other: unknown): void },
): void {
  const left = folderContents(a);
  const right = folderContents(b);
  expect([...right.keys()]).toEqual([...left.keys()]);
  for (const [name, bytes] of left) expect(`${name}: ${right.get(name)!.equals(bytes)}`).toBe(`${name}: true`);
}

/** A small sweep of the paper baseline: 8 points (β × K) × 3 replications of 300 rounds. */
export const SMALL_SWEEP = `extends: paper-baseline
name: small-sweep
reference: null
stop: { requests: 300 }
replications: 3
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 0.25, 0.5, 1] }
    - { path: mechanism.evaluatorsPerRound, name: k, values: [2, 3] }
`;

/** A sweep of the paper baseline over β alone: `replications` × `requests` rounds a point, small enough for any test. */
export function betaSweep(betas: readonly number[], { replications = 2, requests = 200 } = {}): string {
  return `extends: paper-baseline
name: small
reference: null
stop: { requests: ${requests} }
replications: ${replications}
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [${betas.join(', ')}] }
`;
}
