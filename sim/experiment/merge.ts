/**
 * Combines the folders of a sharded experiment (`poq-sim sweep --shard i/N`)
 * into one experiment folder, identical in its points and tables to the
 * folder an unsharded run gives. Reads files only.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InputError } from '../input/input-error.js';
import { outputProvenance } from '../results/manifest.js';
import { checkOutput, type OutputRequest } from '../results/output-claim.js';
import { StagedFolder } from '../results/output-folder.js';
import { kindOfManifest } from '../results/output-kinds.js';
import { asEnvironmentFault } from '../system/environment-fault.js';
import type { ExperimentManifest, ParameterEntry } from './experiment-files.js';
import { pointFileName, PointStore } from './point-store.js';
import { writeTables } from './tables.js';
import { type ExperimentTableCounts, withTimeseries } from './timeseries-table.js';

export interface MergeOutcome {
  readonly points: number;
  readonly tables: ExperimentTableCounts;
  readonly wallTimeMs: number;
}

function readManifest(folder: string): ExperimentManifest {
  const file = join(folder, 'manifest.json');
  if (!existsSync(file)) {
    throw new InputError({
      file: folder,
      path: '',
      message: 'not a finished experiment folder (no manifest.json); finish the shard (poq-sim sweep … --resume) first',
    });
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (kindOfManifest(manifest) !== 'experiment') {
    throw new InputError({
      file: folder,
      path: '',
      message: 'its manifest.json is not that of a poq-sim experiment; merge the folders poq-sim sweep --shard wrote',
    });
  }
  return manifest as ExperimentManifest;
}

function describeIds(ids: readonly number[]): string {
  const shown = ids.slice(0, 8).join(', ');
  return ids.length > 8 ? `${shown}, …` : shown;
}

function checkSameExperiment(inputs: readonly string[], manifests: readonly ExperimentManifest[]): void {
  const first = manifests[0]!;
  manifests.forEach((manifest, i) => {
    if (manifest.experimentHash !== first.experimentHash) {
      throw new InputError({
        file: inputs[i]!,
        path: '',
        message: `comes from a different experiment than ${inputs[0]} (experiment hash ${manifest.experimentHash.slice(0, 12)}… ≠ ${first.experimentHash.slice(0, 12)}…)`,
      });
    }
  });
}

/**
 * The folder each point is taken from; a point found in two folders must be
 * the same file in both, and every point must be a point of this version's
 * format (a shard written by an older poq-sim holds points whose groups
 * the tables can no longer place).
 */
function pointSources(inputs: readonly string[]): Map<number, string> {
  const source = new Map<number, string>();
  inputs.forEach((folder) => {
    const store = new PointStore(folder);
    for (const id of store.ids()) {
      const checked = store.check(id);
      if ('damage' in checked) {
        const message = `${checked.damage}; recompute it with poq-sim sweep … --out ${folder} --resume, then merge again`;
        throw new InputError({ file: store.fileOf(id), path: '', message });
      }
      const previous = source.get(id);
      if (previous === undefined) source.set(id, folder);
      else if (!readFileSync(join(previous, 'points', pointFileName(id))).equals(readFileSync(join(folder, 'points', pointFileName(id))))) {
        throw new InputError({ file: folder, path: '', message: `point ${id} differs from the one in ${previous}` });
      }
    }
  });
  return source;
}

function checkEveryPoint(source: ReadonlyMap<number, string>, total: number, out: string): void {
  const missing = Array.from({ length: total }, (_, id) => id).filter((id) => !source.has(id));
  if (missing.length > 0) {
    throw new InputError({
      file: out,
      path: '',
      message: `the folders hold ${total - missing.length} of the experiment's ${total} points; missing: ${describeIds(missing)} (merge every shard)`,
    });
  }
}

/** The merged experiment's manifest: the first shard's, with the shards' times and stopping reasons combined. */
function mergedManifest(
  manifests: readonly ExperimentManifest[],
  total: number,
  tables: ExperimentTableCounts,
  wallTimeMs: number,
): ExperimentManifest {
  const stoppedBy: Record<string, number> = {};
  for (const manifest of manifests) {
    for (const [reason, count] of Object.entries(manifest.stoppedBy)) stoppedBy[reason] = (stoppedBy[reason] ?? 0) + count;
  }
  return {
    ...manifests[0]!,
    ...outputProvenance(wallTimeMs),
    points: { total, inFolder: total },
    shard: null,
    shards: manifests.map((m) => ({ shard: m.shard, wallTimeMs: m.wallTimeMs, gitCommit: m.gitCommit, executor: m.executor })),
    executor: { kind: 'merge' },
    resumed: manifests.some((m) => m.resumed),
    stoppedBy,
    tables,
  };
}

export function mergeExperiments(inputs: readonly string[], out: string, options: { force?: boolean } = {}): MergeOutcome {
  const started = performance.now();
  if (inputs.length === 0) throw new InputError({ file: 'merge', path: '', message: 'give the experiment folders to merge' });
  const manifests = inputs.map(readManifest);
  checkSameExperiment(inputs, manifests);
  const request: OutputRequest = {
    path: out,
    kind: 'experiment',
    ownKindAllowed: false,
    ownKindAdvice: 'pass --force to replace it, or give another --out',
    force: options.force,
  };
  const target = resolve(out);
  if (inputs.some((folder) => resolve(folder) === target))
    throw new InputError({ file: out, path: '', message: 'is one of the folders being merged; give another --out' });
  checkOutput(request);

  const total = manifests[0]!.points.total;
  const source = pointSources(inputs);
  checkEveryPoint(source, total, out);
  const parameters = JSON.parse(readFileSync(join(inputs[0]!, 'parameters.json'), 'utf8')) as ParameterEntry[];
  const folder = StagedFolder.forOutput(request);
  try {
    const store = new PointStore(folder.staging);
    store.ensure();
    for (const [id, from] of [...source].sort((a, b) => a[0] - b[0])) {
      copyFileSync(join(from, 'points', pointFileName(id)), join(store.directory, pointFileName(id)));
    }
    const tables = withTimeseries(writeTables(folder.staging, parameters, store.each()), folder.staging, store.each());
    folder.write('parameters.json', readFileSync(join(inputs[0]!, 'parameters.json')));
    folder.write('profile.yaml', readFileSync(join(inputs[0]!, 'profile.yaml')));
    const wallTimeMs = performance.now() - started;
    folder.write('manifest.json', `${JSON.stringify(mergedManifest(manifests, total, tables, wallTimeMs), null, 2)}\n`);
    folder.commit();
    return { points: total, tables, wallTimeMs };
  } catch (error) {
    folder.abort();
    throw asEnvironmentFault(error, out);
  }
}
