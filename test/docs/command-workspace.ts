/**
 * A fresh copy of what a reader of the documentation has in a clone after
 * `npm ci` (package.json, the built dist/, the shipped scenarios, profiles,
 * calibration examples and schema; node_modules linked, not copied), in
 * which documented commands run as written, so that nothing they write
 * lands in the checkout. And a shell to run them in.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import type { DocumentedFile } from './documented-commands.js';

/** What the documented commands read: the rest of the clone (sources, tests, docs) they never touch. */
export const COPIED = ['package.json', 'package-lock.json', '.npmrc', 'dist', 'scenarios', 'calibration', 'schema'];

/** Debian's own Python, the one python3-pandas installs pandas for (a pyenv or venv python3 earlier on PATH may lack it). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

export interface Workspace {
  /** The copy's root: the commands' working directory. */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  /** Removes the copy and everything the commands wrote. */
  readonly dispose: () => void;
}

/**
 * The environment of a reader's shell, with npm kept to this copy: `npx
 * poq-sim` in a project whose package.json has that bin installs the
 * project into npx's cache as a link, and would run its `prepare` (a second
 * build) there. The cache is the workspace's own, scripts other than the one
 * asked for (`npm start`) are not run (dist/ is built already), and npm is
 * offline: no network at test time.
 */
function readerEnvironment(dir: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD'));
  const shims = join(dir, 'bin');
  mkdirSync(shims);
  if (existsSync(DEBIAN_PYTHON)) symlinkSync(DEBIAN_PYTHON, join(shims, 'python3'));
  return {
    ...inherited,
    PATH: `${shims}:${process.env['PATH'] ?? ''}`,
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_offline: 'true',
    npm_config_ignore_scripts: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_yes: 'true',
  };
}

/** A new copy, with the files the document shows whole (README's `my-market.yaml`) saved under the names its commands use. */
export function makeWorkspace(label: string, files: readonly DocumentedFile[]): Workspace {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('the documented commands run the built CLI: npm run build first');
  const dir = mkdtempSync(join(tmpdir(), `poq-commands-${label}-`));
  const root = join(dir, 'repo');
  mkdirSync(root);
  for (const entry of COPIED) cpSync(join(ROOT, entry), join(root, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  for (const file of files) writeFileSync(join(root, file.name), file.text);
  return { root, env: readerEnvironment(dir), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ShellResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs `text` with `sh -c` in the workspace; after `timeoutMs` its whole process group is stopped. */
export function runInShell(text: string, workspace: Workspace, timeoutMs: number): Promise<ShellResult> {
  const started = performance.now();
  const child = spawn('sh', ['-c', text], { cwd: workspace.root, env: workspace.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => process.kill(-child.pid!, 'SIGTERM'), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}
