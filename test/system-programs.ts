/**
 * Tests that need a program from outside npm (Chromium, pdftotext,
 * redis-server, python3 with SimPy) ask for it here. On a machine without
 * it they are skipped with one visible line naming the Debian package;
 * `.ci/run` installs every one, so CI runs them all.
 */
import { spawnSync } from 'node:child_process';

const found = new Map<string, boolean>();

/**
 * Whether `command args…` runs and exits 0 (`--version` by default). When
 * it does not, prints one line saying what is skipped and which Debian
 * package provides the program.
 */
export function hasSystemProgram(command: string, debianPackage: string, what: string, args: readonly string[] = ['--version']): boolean {
  const key = [command, ...args].join(' ');
  let available = found.get(key);
  if (available === undefined) {
    const probe = spawnSync(command, args, { stdio: 'ignore', timeout: 20_000 });
    available = probe.status === 0;
    found.set(key, available);
  }
  if (!available) console.warn(`skipped: ${what} needs ${command} (Debian package ${debianPackage}; .ci/run installs it)`);
  return available;
}
