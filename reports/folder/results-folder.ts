/**
 * What a report reads: one results folder, recognised by its files.
 *
 * - run (`poq-sim run`): summary.json, nodes.csv, timeseries.csv (with output.timeseries), profile.yaml, manifest.json
 * - experiment (`poq-sim sweep`): parameters.json, summary.csv, profile.yaml, manifest.json
 * - calibration (`poq-sim calibrate`): measurements.csv, profile.yaml
 *
 * Everything is read from files (docs/results-format.md), never from live
 * objects, and loaded into plain typed data for the figure and table builders.
 */
import { join, resolve } from 'node:path';
import { statSync } from 'node:fs';
import * as z from 'zod';
import { loadProfileFile } from '../../sim/profile/load.js';
import type { Profile } from '../../sim/profile/schema.js';
import { InputError } from '../../sim/input/input-error.js';
import { exists, readCsvFile, readJsonFile, type CsvRecord, type CsvValue } from './read-files.js';
import type { StudyFile } from '../../sim/study/study-results.js';
import { readStudyFile } from '../study/study-schema.js';

const Ci = z.tuple([z.number(), z.number()]).nullable();

const GroupSchema = z.looseObject({
  role: z.string(),
  model: z.string(),
  population: z.string().optional(),
  count: z.number(),
  rounds: z.number(),
  effectiveRounds: z.number().nullable().optional(),
  meanReward: z.number(),
  ci95: Ci,
  sdReward: z.number().optional(),
  totalReward: z.number().optional(),
  meanConsensusQuality: z.number().optional(),
  meanTrueQuality: z.number().optional(),
  meanAgreement: z.number().optional(),
  meanScore: z.number().optional(),
  meanCost: z.number(),
  meanCostUsd: z.number().optional(),
  meanServiceMs: z.number().optional(),
  meanWaitMs: z.number().optional(),
  correlationWithTruth: z.number().nullable().optional(),
});

export const RunSummarySchema = z.looseObject({
  version: z.string(),
  scenario: z.string(),
  seed: z.union([z.number(), z.string()]),
  scenarioHash: z.string(),
  profileHash: z.string(),
  stopReason: z.string(),
  events: z.number(),
  virtualTimeMs: z.number(),
  requestsGenerated: z.number(),
  requestsSettled: z.number(),
  meanResponseMs: z.number(),
  consensus: z.looseObject({ meanAbsoluteError: z.number(), correlation: z.number().nullable() }),
  statistics: z
    .looseObject({
      intervalMethod: z.literal('batch-means'),
      level: z.number(),
      batches: z.number(),
      warmup: z.looseObject({ rule: z.enum(['mser', 'declared', 'none']), rounds: z.number(), seconds: z.number() }),
      warnings: z.array(z.string()),
    })
    .optional(),
  groups: z.array(GroupSchema),
  populations: z
    .array(
      z.looseObject({
        role: z.string(),
        population: z.string(),
        behaviour: z.string(),
        adversarial: z.boolean(),
        count: z.number(),
        meanReward: z.number(),
        ci95: Ci,
        meanProfit: z.number(),
        totalSlashed: z.number(),
        ejected: z.number(),
        twin: z.looseObject({ gainPerRound: z.number(), gainPerNode: z.number() }).nullable(),
      }),
    )
    .optional(),
  adversaries: z
    .looseObject({
      rewardShare: z.number(),
      honestLossPerRound: z.number().nullable(),
      auditDetectionRate: z.number().nullable(),
      auditFalsePositiveRate: z.number().nullable(),
      ejectedNodes: z.number(),
    })
    .optional(),
  reference: z.object({ citation: z.string(), meanReward: z.record(z.string(), z.number()) }).nullable(),
});

const Seed = z.union([z.number(), z.string()]);

/**
 * The manifest fields reports use; every kind of folder has more. Reports
 * show only fields the results depend on (reports/provenance.ts): where
 * and when a folder was made stays in manifest.json.
 */
export const ManifestSchema = z.looseObject({
  tool: z.string().optional(),
  version: z.string().optional(),
  scenarioFile: z.string().optional(),
  scenarioName: z.string().optional(),
  scenarioHash: z.string().optional(),
  experimentHash: z.string().optional(),
  seed: Seed.optional(),
  profile: z.looseObject({ name: z.string().optional(), hash: z.string().optional() }).optional(),
  replications: z.number().optional(),
  points: z.looseObject({ total: z.number(), inFolder: z.number() }).optional(),
  shard: z.string().nullable().optional(),
  seeds: z
    .looseObject({
      root: Seed.optional(),
      derivation: z.string().optional(),
      commonRandomNumbers: z.array(z.string()).optional(),
      independent: z.array(z.string()).optional(),
    })
    .optional(),
  stoppedBy: z.record(z.string(), z.number()).optional(),
  resolvedScenario: z.unknown().optional(),
});

export const SweepParameterSchema = z.looseObject({
  name: z.string(),
  path: z.string(),
  values: z.array(z.unknown()).optional(),
  method: z.string().optional(),
  /** Index of the parameter's design in a crossed sweep: parameters zipped in one design vary together. */
  design: z.number().optional(),
  type: z.string().optional(),
});

export type RunSummary = z.infer<typeof RunSummarySchema>;
export type RunGroup = z.infer<typeof GroupSchema>;
export type Manifest = z.infer<typeof ManifestSchema>;
export type SweepParameter = z.infer<typeof SweepParameterSchema>;

/** A (role, model)'s cumulative reward at one sample of timeseries.csv: the rows the figures draw. */
export interface TimeseriesRow {
  readonly timeS: number;
  readonly role: string;
  readonly model: string;
  readonly cumulativeReward: number;
}

/** One row of an experiment's summary.csv: a point × group × metric over the replications. */
export interface SweepSummaryRow {
  readonly pointId: number;
  /** Parameter values by parameter name. */
  readonly parameters: Readonly<Record<string, CsvValue>>;
  /** What the row is taken over: run, role-model, population or operator. */
  readonly level: string;
  /** The group's columns; empty where they do not apply at its level. */
  readonly role: string;
  readonly model: string;
  readonly population: string;
  readonly operator: string;
  readonly metric: string;
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
}

export interface Measurement {
  readonly role: string;
  readonly model: string;
  readonly task: string;
  readonly metric: string;
  readonly value: number;
}

interface FolderBase {
  readonly dir: string;
  readonly manifest: Manifest | null;
  readonly profile: Profile | null;
}

export interface RunFolder extends FolderBase {
  readonly kind: 'run';
  readonly summary: RunSummary;
  /** The cumulative_reward rows of timeseries.csv at level role-model; null without the file. */
  readonly timeseries: readonly TimeseriesRow[] | null;
}

export interface ExperimentFolder extends FolderBase {
  readonly kind: 'experiment';
  readonly parameters: readonly SweepParameter[];
  readonly summary: readonly SweepSummaryRow[];
}

export interface CalibrationFolder extends FolderBase {
  readonly kind: 'calibration';
  readonly measurements: readonly Measurement[];
}

export interface StudyResultsFolder extends FolderBase {
  readonly kind: 'study';
  readonly study: StudyFile;
  /** trajectory.csv: every evaluation (exploit, tune) or every point (sensitivity). */
  readonly trajectory: readonly CsvRecord[];
}

export type ResultsFolder = RunFolder | ExperimentFolder | CalibrationFolder | StudyResultsFolder;

function readStudyFolder(dir: string, base: FolderBase): StudyResultsFolder {
  const study = readStudyFile(join(dir, 'study.json'));
  const file = join(dir, 'trajectory.csv');
  const trajectory = exists(file) ? readCsvFile(file, { required: [], numeric: ['mean', 'ci_low', 'ci_high'] }).rows : [];
  return { ...base, kind: 'study', study, trajectory };
}

export function loadResultsFolder(folder: string): ResultsFolder {
  const dir = resolve(folder);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch {
    throw new InputError({ file: folder, path: '', message: 'no such folder' });
  }
  if (!isDirectory) throw new InputError({ file: folder, path: '', message: 'not a folder (expected a results folder)' });
  const file = (name: string) => join(dir, name);
  const manifest = exists(file('manifest.json')) ? readJsonFile(file('manifest.json'), ManifestSchema) : null;
  const profile = exists(file('profile.yaml')) ? loadProfileFile(file('profile.yaml')).profile : null;

  if (exists(file('study.json'))) return readStudyFolder(dir, { dir, manifest, profile });
  if (exists(file('summary.json'))) {
    return {
      kind: 'run',
      dir,
      manifest,
      profile,
      summary: readJsonFile(file('summary.json'), RunSummarySchema),
      timeseries: readTimeseries(file('timeseries.csv')),
    };
  }
  if (exists(file('parameters.json')) && exists(file('summary.csv'))) {
    const parameters = readJsonFile(file('parameters.json'), z.array(SweepParameterSchema));
    return { kind: 'experiment', dir, manifest, profile, parameters, summary: readSweepSummary(file('summary.csv'), parameters) };
  }
  if (exists(file('measurements.csv'))) {
    return { kind: 'calibration', dir, manifest, profile, measurements: readMeasurements(file('measurements.csv')) };
  }
  throw new InputError({
    file: folder,
    path: '',
    message:
      'not a poq-sim results folder: expected summary.json (a run), parameters.json and summary.csv (a sweep), measurements.csv (a calibration) or study.json (a study)',
  });
}

function readTimeseries(file: string): TimeseriesRow[] | null {
  if (!exists(file)) return null;
  // Only the rows drawn: the file holds every metric of every group, many times more.
  const table = readCsvFile(file, {
    required: ['time_s', 'level', 'role', 'group', 'metric', 'value'],
    numeric: ['time_s', 'value'],
    where: { level: 'role-model', metric: 'cumulative_reward' },
  });
  return table.rows
    .filter((row) => row['value'] !== null)
    .map((row) => ({
      timeS: row['time_s'] as number,
      role: stringOf(row['role']),
      model: stringOf(row['group']),
      cumulativeReward: row['value'] as number,
    }));
}

function readSweepSummary(file: string, parameters: readonly SweepParameter[]): SweepSummaryRow[] {
  const names = parameters.map((parameter) => parameter.name);
  const table = readCsvFile(file, {
    required: ['point_id', ...names, 'role', 'model', 'population', 'metric', 'n', 'mean', 'ci_low', 'ci_high'],
    numeric: ['point_id', 'n', 'mean', 'sd', 'ci_low', 'ci_high'],
  });
  return table.rows.map((row) => ({
    pointId: row['point_id'] as number,
    parameters: Object.fromEntries(names.map((name) => [name, row[name] ?? null])),
    ...groupOf(row),
    metric: stringOf(row['metric']),
    n: (row['n'] as number | null) ?? 0,
    mean: row['mean'] as number | null,
    sd: (row['sd'] as number | null | undefined) ?? null,
    ciLow: row['ci_low'] as number | null,
    ciHigh: row['ci_high'] as number | null,
  }));
}

type SweepGroup = Pick<SweepSummaryRow, 'level' | 'role' | 'model' | 'population' | 'operator'>;

/**
 * A row's group. Folders written before the level column said it with
 * empty fields (run level), role "operator" (the operator's name in
 * population) and an empty population ((role, model) groups): read so, a
 * report of such a folder still renders.
 */
function groupOf(row: Readonly<Record<string, CsvValue>>): SweepGroup {
  const [role, model, population] = [stringOf(row['role']), stringOf(row['model']), stringOf(row['population'])];
  if (row['level'] !== undefined) return { level: stringOf(row['level']), role, model, population, operator: stringOf(row['operator']) };
  if (role === '') return { level: 'run', role, model, population, operator: '' };
  if (role === 'operator') return { level: 'operator', role: '', model: '', population: '', operator: population };
  return { level: population === '' ? 'role-model' : 'population', role, model, population, operator: '' };
}

function readMeasurements(file: string): Measurement[] {
  const table = readCsvFile(file, { required: ['role', 'model', 'task', 'metric', 'value'], numeric: ['value'] });
  const measurements: Measurement[] = [];
  table.rows.forEach((row) => {
    const value = row['value'];
    if (typeof value !== 'number') return; // a measurement that failed is recorded empty
    measurements.push({
      role: stringOf(row['role']),
      model: stringOf(row['model']),
      task: stringOf(row['task']),
      metric: stringOf(row['metric']),
      value,
    });
  });
  return measurements;
}

const stringOf = (value: CsvValue | undefined): string => (value === null || value === undefined ? '' : String(value));
