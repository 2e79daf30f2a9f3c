/**
 * Writes an output folder all at once or not at all: files go to a staging
 * folder beside the target, which replaces the target only when complete.
 * A failure or an interruption leaves any previous folder untouched, and a
 * fault of the machine (a full disk, a permission) ends as one
 * EnvironmentFault naming the output, with nothing of it left behind.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { asEnvironmentFault } from '../system/environment-fault.js';
import { checkOutput, type OutputRequest } from './output-claim.js';
import { TEMPORARY } from './output-kinds.js';

/** How a staged folder is named in messages and checked before it replaces what is at its target. */
export interface StagingRules {
  /** The target as the user gave it. */
  readonly label: string;
  /** Throws when the target may not be replaced (checked at create and again at commit). */
  readonly verify: () => void;
}

/** A name beside `target` for a folder being written or retired (matches output-kinds' TEMPORARY). */
export function temporarySibling(target: string, suffix = ''): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}${suffix}`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/**
 * Removes what killed poq-sim processes left in `folder`: temporary files
 * and folders (output-kinds' TEMPORARY) whose writer is no longer running.
 * A live writer's are left alone. Returns the names removed.
 */
export function removeStaleTemporaries(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(folder)) {
    if (!TEMPORARY.test(name)) continue;
    const pid = Number(/\.tmp-(\d+)-/.exec(name)![1]);
    if (isAlive(pid)) continue;
    onDisk(join(folder, name), () => rmSync(join(folder, name), { recursive: true, force: true }));
    removed.push(name);
  }
  return removed;
}

/** Writes a file under a temporary name beside it and renames it into place: readers see all of it or none. */
export function writeAtomically(file: string, content: string | Uint8Array): void {
  const temporary = temporarySibling(file);
  onDisk(file, () => {
    try {
      writeFileSync(temporary, content);
      renameSync(temporary, file);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
  });
}

/** Runs a file-system step, turning a system error into an EnvironmentFault about `subject`. */
export function onDisk<T>(subject: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw asEnvironmentFault(error, subject);
  }
}

export class StagedFolder {
  private done = false;

  private constructor(
    private readonly rules: StagingRules,
    readonly target: string,
    readonly staging: string,
    /** The first parent folder this created, removed again on abort. */
    private readonly createdParent: string | undefined,
  ) {}

  /** A command's output folder, under the output rule (output-claim.ts). */
  static forOutput(request: OutputRequest): StagedFolder {
    return StagedFolder.create(request.path, { label: request.path, verify: () => checkOutput(request) });
  }

  /** Verifies the target, then creates the staging folder (and the target's parents). */
  static create(path: string, rules: StagingRules = { label: path, verify: () => {} }): StagedFolder {
    rules.verify();
    const target = resolve(path);
    const createdParent = onDisk(rules.label, () => mkdirSync(dirname(target), { recursive: true }));
    const staging = temporarySibling(target);
    const folder = new StagedFolder(rules, target, staging, createdParent);
    try {
      onDisk(rules.label, () => mkdirSync(staging));
    } catch (error) {
      folder.abort();
      throw error;
    }
    return folder;
  }

  path(name: string): string {
    return join(this.staging, name);
  }

  write(name: string, content: string | Uint8Array): void {
    onDisk(this.rules.label, () => writeFileSync(this.path(name), content));
  }

  /** Moves the staging folder into place, replacing any previous output (checked again: the target may have changed meanwhile). */
  commit(): void {
    if (this.done) return;
    this.rules.verify();
    onDisk(this.rules.label, () => {
      if (existsSync(this.target)) {
        const retired = `${this.staging}.old`;
        renameSync(this.target, retired);
        renameSync(this.staging, this.target);
        rmSync(retired, { recursive: true, force: true });
      } else {
        renameSync(this.staging, this.target);
      }
    });
    this.done = true;
  }

  /** Removes the staging folder and any parent folder `create` made. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      rmSync(this.staging, { recursive: true, force: true });
    } catch {
      // Cleaning up after a fault must not hide the fault itself.
    }
    if (this.createdParent === undefined) return;
    // Parents are removed only while empty: anything another process put there stays.
    for (let dir = dirname(this.target); dir.startsWith(this.createdParent); dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return;
      }
    }
  }
}

/** Moves a previous output out of the way in one rename, then deletes it: --force never leaves half of it. */
export function retireOutput(out: string): void {
  const retired = temporarySibling(resolve(out), '.old');
  onDisk(out, () => {
    renameSync(out, retired);
    rmSync(retired, { recursive: true, force: true });
  });
}
