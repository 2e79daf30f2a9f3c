/**
 * The folders poq-sim writes, and how to tell one from a folder of anyone
 * else's files: each kind has a manifest.json naming its format, and a
 * fixed set of entries. A folder is a poq-sim output only if its manifest
 * says so and it holds nothing else (a file a user added makes it theirs).
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type OutputKind = 'run' | 'experiment' | 'calibration' | 'study';

/** The `format` of each kind's manifest.json. */
export const OUTPUT_FORMATS = {
  run: 'poq-sim/run/v1',
  experiment: 'poq-sim/experiment/v1',
  calibration: 'poq-sim/calibration/v1',
  study: 'poq-sim/study/v1',
} as const satisfies Record<OutputKind, string>;

/** What `poq-sim report` adds to a folder of any kind. */
export const REPORT_ENTRIES = ['report.md', 'report.html', 'figures', 'tables'] as const;

/** The tables a study may write (exploit and tune: trajectory; sensitivity: trajectory and indices; tune: candidates), each as CSV and Parquet. */
export const STUDY_TABLES = ['trajectory', 'indices', 'candidates'] as const;

/** The tables of an experiment, each as CSV and Parquet. */
export const EXPERIMENT_TABLES = ['runs', 'metrics', 'summary'] as const;

const ENTRIES: Readonly<Record<OutputKind, readonly string[]>> = {
  run: ['manifest.json', 'summary.json', 'nodes.csv', 'timeseries.csv', 'timeseries.parquet', 'profile.yaml', ...REPORT_ENTRIES],
  experiment: [
    'manifest.json',
    'parameters.json',
    'profile.yaml',
    'points',
    ...EXPERIMENT_TABLES.flatMap((table) => [`${table}.csv`, `${table}.parquet`]),
    // Only when the scenario declares output.timeseries.
    'timeseries.csv',
    'timeseries.parquet',
    ...REPORT_ENTRIES,
  ],
  calibration: ['manifest.json', 'profile.yaml', 'measurements.csv', ...REPORT_ENTRIES],
  study: [
    'manifest.json',
    'study-plan.json',
    'study.json',
    'profile.yaml',
    'points',
    ...STUDY_TABLES.flatMap((table) => [`${table}.csv`, `${table}.parquet`]),
    ...REPORT_ENTRIES,
  ],
};

/** The entries of the sub-folders poq-sim writes. */
const FOLDER_ENTRIES: Readonly<Record<string, RegExp>> = {
  figures: /^(?:figures\.json|[a-z0-9][a-z0-9-]*\.(?:vl\.json|svg|png|pdf))$/,
  tables: /^[a-z0-9][a-z0-9-]*\.(?:md|tex)$/,
  points: /^\d{6,}\.json$/,
};

/**
 * A file or folder poq-sim writes under a temporary name and renames into
 * place (`.<name>.tmp-<pid>-<8 hex>`, `.old` while a folder is swapped):
 * what an interrupted command leaves behind.
 */
export const TEMPORARY = /^\..+\.tmp-\d+-[0-9a-f]{8}(?:\.old)?$/;

export function isTemporary(name: string): boolean {
  return TEMPORARY.test(name);
}

export function kindOfManifest(manifest: unknown): OutputKind | undefined {
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const { tool, format } = manifest as { tool?: unknown; format?: unknown };
  if (tool !== 'poq-sim') return undefined;
  const kind = (Object.keys(OUTPUT_FORMATS) as OutputKind[]).find((k) => OUTPUT_FORMATS[k] === format);
  // Run folders of versions before formats were named: a manifest with a seed and a resolved scenario.
  if (kind === undefined && format === undefined && 'resolvedScenario' in manifest && 'seed' in manifest) return 'run';
  return kind;
}

/** The kind named by `folder`'s manifest.json, or undefined when it has none poq-sim wrote. */
export function readOutputKind(folder: string): OutputKind | undefined {
  const file = join(folder, 'manifest.json');
  if (!existsSync(file)) return undefined;
  try {
    return kindOfManifest(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

/** Entries of `folder` (recursively into the sub-folders poq-sim writes) that a `kind` output never holds. */
export function foreignEntries(folder: string, kind: OutputKind): string[] {
  const allowed = ENTRIES[kind];
  const foreign: string[] = [];
  for (const name of readdirSync(folder)) {
    if (isTemporary(name)) continue;
    if (!allowed.includes(name)) {
      foreign.push(name);
      continue;
    }
    const pattern = FOLDER_ENTRIES[name];
    const stat = lstatSync(join(folder, name));
    if (pattern === undefined) {
      if (!stat.isFile()) foreign.push(`${name}/`);
      continue;
    }
    if (!stat.isDirectory()) {
      foreign.push(name);
      continue;
    }
    for (const inner of readdirSync(join(folder, name))) {
      if (!pattern.test(inner) && !isTemporary(inner)) foreign.push(`${name}/${inner}`);
    }
  }
  return foreign.sort();
}

/**
 * An experiment folder whose sweep was stopped before it wrote its
 * manifest: a `points/` folder and nothing an experiment never holds.
 */
export function isUnfinishedExperiment(folder: string): boolean {
  const points = join(folder, 'points');
  return existsSync(points) && lstatSync(points).isDirectory() && foreignEntries(folder, 'experiment').length === 0;
}

/**
 * A study folder whose command was stopped before it wrote its manifest:
 * its study-plan.json (written first) and nothing a study never holds.
 */
export function isUnfinishedStudy(folder: string): boolean {
  return existsSync(join(folder, 'study-plan.json')) && foreignEntries(folder, 'study').length === 0;
}
