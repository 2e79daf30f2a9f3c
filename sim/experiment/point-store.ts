/**
 * The finished points of an experiment, one JSON file each under
 * `points/`. A file is written under a temporary name and renamed into
 * place, so a kill never leaves a half-written point: a point is either
 * complete on disk or not there, which is what `--resume` relies on. A
 * file that is there but not a valid point (edited, truncated by a full
 * disk on another system, written by hand) is reported as damaged, so the
 * sweep can recompute it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { GROUP_LEVELS } from '../results/levels.js';
import { onDisk } from '../results/output-folder.js';
import type { PointResult } from './point.js';
import { PointTimeseriesSchema } from './point-timeseries.js';

const POINT_FILE = /^(\d+)\.json$/;

export function pointFileName(pointId: number): string {
  return `${String(pointId).padStart(6, '0')}.json`;
}

const MetricSeries = z.record(z.string(), z.array(z.number().nullable()));

/** The shape of a point file; lists over replications must all have one entry per replication. */
const PointFileSchema = z
  .object({
    format: z.literal('poq-sim/point/v2'),
    experiment: z.string().min(1),
    point_id: z.number().int().nonnegative(),
    values: z.record(z.string(), z.unknown()),
    replications: z.number().int().positive(),
    stopped_by: z.enum(['replications', 'half-width', 'max-replications', 'unknown-metric']),
    seeds: z.array(z.number()),
    stop_reasons: z.array(z.string()),
    run: MetricSeries,
    groups: z.array(
      z.object({
        level: z.enum(GROUP_LEVELS),
        role: z.string().nullable(),
        model: z.string().nullable(),
        population: z.string().nullable(),
        operator: z.string().nullable(),
        metrics: MetricSeries,
      }),
    ),
    timeseries: PointTimeseriesSchema.optional(),
  })
  .superRefine((point, ctx) => {
    const lists = [point.seeds, point.stop_reasons, ...Object.values(point.run), ...point.groups.flatMap((g) => Object.values(g.metrics))];
    if (lists.some((list) => list.length !== point.replications)) {
      ctx.addIssue({ code: 'custom', message: `a list does not hold one value per replication (${point.replications})` });
    }
    if (point.timeseries && point.timeseries.replications.length !== point.replications) {
      ctx.addIssue({
        code: 'custom',
        path: ['timeseries'],
        message: `does not hold one time series per replication (${point.replications})`,
      });
    }
  });

/** A stored point, or why the file is not one. */
export type CheckedPoint = { readonly point: PointResult } | { readonly damage: string };

export class PointStore {
  readonly directory: string;

  constructor(readonly folder: string) {
    this.directory = join(folder, 'points');
  }

  ensure(): void {
    onDisk(this.directory, () => mkdirSync(this.directory, { recursive: true }));
  }

  fileOf(pointId: number): string {
    return join(this.directory, pointFileName(pointId));
  }

  write(result: PointResult): void {
    const name = pointFileName(result.point_id);
    const temporary = join(this.directory, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    onDisk(this.fileOf(result.point_id), () => {
      try {
        writeFileSync(temporary, `${JSON.stringify(result)}\n`);
        renameSync(temporary, join(this.directory, name));
      } catch (error) {
        rmSync(temporary, { force: true }); // a full disk leaves no partial file behind
        throw error;
      }
    });
  }

  read(pointId: number): PointResult {
    return JSON.parse(readFileSync(this.fileOf(pointId), 'utf8')) as PointResult;
  }

  /** Reads and checks a stored point: well-formed, and the point its file name says. */
  check(pointId: number): CheckedPoint {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(this.fileOf(pointId), 'utf8'));
    } catch (error) {
      return {
        damage: error instanceof SyntaxError ? 'not valid JSON' : `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      };
    }
    const parsed = PointFileSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return {
        damage: `not a point file: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message.replace(/^Invalid input: /, '')}`,
      };
    }
    if (parsed.data.point_id !== pointId) return { damage: `it holds point ${parsed.data.point_id}` };
    return { point: parsed.data };
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

  has(pointId: number): boolean {
    return existsSync(this.fileOf(pointId));
  }

  remove(pointId: number): void {
    onDisk(this.fileOf(pointId), () => rmSync(this.fileOf(pointId), { force: true }));
  }

  /** Reads the stored points in id order, one at a time. */
  *each(ids: readonly number[] = this.ids()): Generator<PointResult> {
    for (const id of ids) yield this.read(id);
  }
}
