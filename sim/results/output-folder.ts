/**
 * Writes an output folder all at once or not at all: files go to a staging
 * folder beside the target, which replaces the target only when complete.
 * A failure or an interruption leaves any previous folder untouched.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export class StagedFolder {
  private done = false;

  private constructor(
    readonly target: string,
    readonly staging: string,
  ) {}

  static create(target: string): StagedFolder {
    const absolute = resolve(target);
    mkdirSync(dirname(absolute), { recursive: true });
    const staging = join(dirname(absolute), `.${basename(absolute)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(staging);
    return new StagedFolder(absolute, staging);
  }

  path(name: string): string {
    return join(this.staging, name);
  }

  write(name: string, content: string | Uint8Array): void {
    writeFileSync(this.path(name), content);
  }

  /** Moves the staging folder into place, replacing any previous folder. */
  commit(): void {
    if (this.done) return;
    if (existsSync(this.target)) {
      const retired = `${this.staging}.old`;
      renameSync(this.target, retired);
      renameSync(this.staging, this.target);
      rmSync(retired, { recursive: true, force: true });
    } else {
      renameSync(this.staging, this.target);
    }
    this.done = true;
  }

  abort(): void {
    if (this.done) return;
    rmSync(this.staging, { recursive: true, force: true });
    this.done = true;
  }
}
