/**
 * The finished points of an experiment, one JSON file each under
 * `points/`. A file is written under a temporary name and renamed into
 * place, so a kill never leaves a half-written point: a point is either
 * complete on disk or not there, which is what `--resume` relies on.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PointResult } from './point.js';

const POINT_FILE = /^(\d+)\.json$/;

export function pointFileName(pointId: number): string {
  return `${String(pointId).padStart(6, '0')}.json`;
}

export class PointStore {
  readonly directory: string;

  constructor(readonly folder: string) {
    this.directory = join(folder, 'points');
  }

  ensure(): void {
    mkdirSync(this.directory, { recursive: true });
  }

  write(result: PointResult): void {
    const name = pointFileName(result.point_id);
    const temporary = join(this.directory, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    writeFileSync(temporary, `${JSON.stringify(result)}\n`);
    renameSync(temporary, join(this.directory, name));
  }

  read(pointId: number): PointResult {
    return JSON.parse(readFileSync(join(this.directory, pointFileName(pointId)), 'utf8')) as PointResult;
  }

  /** Ids of the points stored, in order. */
  ids(): number[] {
    if (!existsSync(this.directory)) return [];
    return readdirSync(this.directory)
      .map((name) => POINT_FILE.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => a - b);
  }

  /** Removes temporary files left by an interrupted write. */
  removeTemporaries(): void {
    if (!existsSync(this.directory)) return;
    for (const name of readdirSync(this.directory)) if (name.includes('.tmp-')) rmSync(join(this.directory, name), { force: true });
  }

  /** Reads the stored points in id order, one at a time. */
  *each(ids: readonly number[] = this.ids()): Generator<PointResult> {
    for (const id of ids) yield this.read(id);
  }
}
