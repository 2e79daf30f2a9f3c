/**
 * One run of an experiment, made again (`poq-sim replay`): the scenario of
 * point I with the seed of replication R, derived by the code the sweep ran
 * it with (plan.ts for the points, point.ts for the point's scenario and
 * the replication's seed), so the run is the one the sweep made. The
 * folder says which scenario (manifest.json, or for a sweep that was
 * stopped, the scenario given) and proves it is the same experiment: its
 * hash covers the scenario, the sweep, the profile and poq-sim's version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input/input-error.js';
import type { ReplayOrigin } from '../results/manifest.js';
import { isUnfinishedExperiment, kindOfManifest } from '../results/output-kinds.js';
import { loadScenarioFile } from '../scenario/load.js';
import { parseOverride } from '../scenario/overrides.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import type { SourceDocument } from '../input/source-document.js';
import type { ExperimentManifest } from './experiment-files.js';
import { type ExperimentPlan, planExperiment } from './plan.js';
import { pointScenario, replicationScenario, replicationSeed } from './point.js';
import { pointFileName, PointStore } from './point-store.js';

export interface ReplayRequest {
  readonly experiment: string;
  readonly point: number;
  readonly replication: number;
  /** The scenario file, when the folder's manifest does not name it (a stopped sweep) or names one that moved. */
  readonly scenario?: string;
  /** The sweep's --set arguments, in place of those its manifest records. */
  readonly set?: readonly string[];
}

export interface ReplayRun {
  readonly resolved: ResolvedScenario;
  readonly source: SourceDocument;
  readonly plan: ExperimentPlan;
  readonly origin: ReplayOrigin;
  /** The point's parameter values, as the tables show them. */
  readonly values: Readonly<Record<string, unknown>>;
  /** The --set arguments the experiment's scenario was read with. */
  readonly overrides: readonly string[];
}

function refuse(folder: string, message: string): InputError {
  return new InputError({ file: folder, path: '', message });
}

/** The folder's manifest, or undefined for a sweep that was stopped before it wrote one. */
function readManifest(folder: string): ExperimentManifest | undefined {
  const file = join(folder, 'manifest.json');
  if (!existsSync(file)) {
    if (existsSync(folder) && isUnfinishedExperiment(folder)) return undefined;
    throw refuse(folder, existsSync(folder) ? 'not an experiment folder (no manifest.json, no points/)' : 'no such folder');
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    manifest = undefined;
  }
  if (kindOfManifest(manifest) !== 'experiment')
    throw refuse(folder, 'its manifest.json is not that of a poq-sim experiment (poq-sim sweep)');
  return manifest as ExperimentManifest;
}

/** The experiment's hash as the folder records it: in its manifest, or in any point a stopped sweep stored. */
function recordedHash(folder: string, manifest: ExperimentManifest | undefined, store: PointStore): string | undefined {
  if (manifest) return manifest.experimentHash;
  for (const id of store.ids()) {
    const checked = store.check(id);
    if ('point' in checked) return checked.point.experiment;
  }
  return undefined;
}

function scenarioFileOf(request: ReplayRequest, manifest: ExperimentManifest | undefined): string {
  if (request.scenario !== undefined) return request.scenario;
  if (!manifest) {
    throw refuse(
      request.experiment,
      'its sweep was stopped before it wrote manifest.json, which names the scenario: give the scenario with --scenario (and the sweep’s --set arguments)',
    );
  }
  if (!existsSync(manifest.scenarioFile)) {
    throw refuse(
      request.experiment,
      `its manifest names the scenario ${manifest.scenarioFile}, which is not there from this folder's working directory: give it with --scenario`,
    );
  }
  return manifest.scenarioFile;
}

/** The number of replications point `id` has, or may have: as stored, else what the experiment runs at most. */
function replicationsOf(plan: ExperimentPlan, store: PointStore, id: number): { count: number; seeds?: readonly number[] } {
  const checked = store.ids().includes(id) ? store.check(id) : undefined;
  if (checked && 'point' in checked) return { count: checked.point.replications, seeds: checked.point.seeds };
  return { count: plan.stopping ? Math.max(plan.replications, plan.stopping.maxReplications) : plan.replications };
}

const range = (count: number) => (count === 1 ? 'only 0' : `0–${count - 1}`);

/** Plans the folder's experiment again and resolves the scenario of one of its runs. */
export function replayRun(request: ReplayRequest): ReplayRun {
  const folder = request.experiment;
  const manifest = readManifest(folder);
  const store = new PointStore(folder);
  const recorded = recordedHash(folder, manifest, store);
  if (recorded === undefined) throw refuse(folder, 'its sweep stopped before a point was stored: there is no run to replay yet');
  const overrides = request.set ?? manifest?.overrides ?? [];
  const scenarioFile = scenarioFileOf(request, manifest);
  const plan = planExperiment(loadScenarioFile(scenarioFile, overrides.map(parseOverride)));
  if (plan.hash !== recorded) {
    throw refuse(
      folder,
      `holds another experiment than ${scenarioFile}${overrides.length > 0 ? ` with ${overrides.map((o) => `--set ${o}`).join(' ')}` : ''}: the scenario, its sweep, the profile or the poq-sim version changed since it ran`,
    );
  }
  const { point: id, replication } = request;
  if (id >= plan.points.length) throw refuse(folder, `--point ${id}: the experiment has points ${range(plan.points.length)}`);
  const stored = replicationsOf(plan, store, id);
  if (replication >= stored.count) {
    throw refuse(folder, `--replication ${replication}: point ${id} has replications ${range(stored.count)}`);
  }
  const values = plan.points[id]!.values;
  const seed = replicationSeed(plan.context, values, replication);
  if (stored.seeds && stored.seeds[replication] !== seed) {
    throw refuse(
      join(folder, 'points', pointFileName(id)),
      `records seed ${stored.seeds[replication]} for replication ${replication}, but the experiment derives ${seed}: the file was changed`,
    );
  }
  const point = pointScenario(plan.context, { pointId: id, values });
  return {
    resolved: replicationScenario(plan.context, point, seed),
    source: point.source,
    plan,
    origin: { experiment: folder, experimentHash: plan.hash, point: id, replication },
    values,
    overrides,
  };
}
