/**
 * The descriptive files of an experiment folder: parameters.json (what was
 * swept), manifest.json (provenance) and profile.yaml. manifest.json is
 * written last: its presence means the folder is complete.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type OutputProvenance, outputProvenance } from '../results/manifest.js';
import { OUTPUT_FORMATS } from '../results/output-kinds.js';
import { writeAtomically } from '../results/output-folder.js';
import type { ExecutorDescription } from './executors/executor.js';
import type { ParameterInfo } from './design.js';
import type { ExperimentPlan } from './plan.js';
import type { ExperimentTableCounts } from './timeseries-table.js';

export const EXPERIMENT_FORMAT = OUTPUT_FORMATS.experiment;

/** One entry of parameters.json. */
export interface ParameterEntry {
  readonly name: string;
  readonly path: string;
  readonly design: number;
  readonly method: string;
  readonly values?: readonly unknown[];
  readonly range?: readonly [number, number];
  readonly scale?: 'linear' | 'log';
  readonly integer?: boolean;
  readonly points?: number;
  readonly samplingSeed?: number | string;
  readonly commonRandomNumbers: boolean;
  readonly type: ParameterInfo['type'];
}

/** `wallTimeMs` is that of the command that completed the folder (a resumed sweep counts only its own time). */
export interface ExperimentManifest extends OutputProvenance {
  readonly format: typeof EXPERIMENT_FORMAT;
  readonly scenarioFile: string;
  /** The --set arguments applied to the scenario file, as written, when there were any. */
  readonly overrides?: readonly string[];
  readonly scenarioName: string;
  /** Hash of the resolved base scenario (without sweep values) and the profile. */
  readonly scenarioHash: string;
  /** Hash of everything that determines the results: base scenario, profile, sweep, replications, stopping, version. */
  readonly experimentHash: string;
  readonly profile: { readonly name: string; readonly file: string; readonly hash: string };
  readonly sweep: unknown;
  readonly parameters: readonly string[];
  readonly replications: number;
  readonly stopping: unknown;
  readonly seeds: {
    readonly root: number | string;
    readonly derivation: string;
    readonly commonRandomNumbers: readonly string[];
    readonly independent: readonly string[];
  };
  /** Points of the whole experiment, and the ones this folder holds (fewer for a shard). */
  readonly points: { readonly total: number; readonly inFolder: number };
  readonly shard: string | null;
  readonly shards?: ReadonlyArray<{
    readonly shard: string | null;
    readonly wallTimeMs: number;
    readonly gitCommit: string | null;
    readonly executor: unknown;
  }>;
  readonly executor: ExecutorDescription | { readonly kind: 'merge' };
  readonly resumed: boolean;
  readonly stoppedBy: Readonly<Record<string, number>>;
  readonly tables: ExperimentTableCounts;
  readonly resolvedScenario: unknown;
}

export function parameterEntries(plan: ExperimentPlan): ParameterEntry[] {
  return plan.parameters.map((p) => {
    const design = plan.designs[p.design]!;
    const sampled = design.method === 'random' || design.method === 'latin-hypercube';
    return {
      name: p.name,
      path: p.path,
      design: p.design,
      method: p.method,
      ...(p.values ? { values: p.values } : {}),
      ...(p.range ? { range: p.range, scale: p.scale, integer: p.integer } : {}),
      ...(sampled ? { points: design.points, samplingSeed: design.seed ?? plan.context.rootSeed } : {}),
      commonRandomNumbers: p.commonRandomNumbers,
      type: p.type,
    };
  });
}

export interface ManifestFacts {
  readonly wallTimeMs: number;
  readonly inFolder: number;
  readonly shard: string | null;
  readonly executor: ExperimentManifest['executor'];
  readonly resumed: boolean;
  readonly stoppedBy: Record<string, number>;
  readonly tables: ExperimentTableCounts;
}

export function experimentManifest(plan: ExperimentPlan, facts: ManifestFacts): ExperimentManifest {
  const profile = plan.base.profile;
  return {
    ...outputProvenance(facts.wallTimeMs),
    format: EXPERIMENT_FORMAT,
    scenarioFile: plan.file,
    ...(plan.overrides.length > 0 ? { overrides: plan.overrides } : {}),
    scenarioName: plan.base.scenario.name,
    scenarioHash: plan.base.hash,
    experimentHash: plan.hash,
    profile: { name: profile.profile.name, file: profile.file, hash: profile.hash },
    sweep: plan.designs.length === 0 ? null : plan.designs.length === 1 ? plan.designs[0] : plan.designs,
    parameters: plan.parameters.map((p) => p.name),
    replications: plan.replications,
    stopping: plan.stopping,
    seeds: {
      root: plan.context.rootSeed,
      derivation:
        'seed = first 48 bits of SHA-256("poq-sim/run-seed/v1", root seed, values of the independent parameters, replication); `poq-sim run --seed <seed>` on the point’s scenario reproduces a run',
      commonRandomNumbers: plan.parameters.filter((p) => p.commonRandomNumbers).map((p) => p.name),
      independent: plan.parameters.filter((p) => !p.commonRandomNumbers).map((p) => p.name),
    },
    points: { total: plan.points.length, inFolder: facts.inFolder },
    shard: facts.shard,
    executor: facts.executor,
    resumed: facts.resumed,
    stoppedBy: facts.stoppedBy,
    tables: facts.tables,
    resolvedScenario: plan.base.scenario,
  };
}

export function writeJson(folder: string, name: string, value: unknown): void {
  writeAtomically(join(folder, name), `${JSON.stringify(value, null, 2)}\n`);
}

export function copyProfile(folder: string, profileFile: string): void {
  writeAtomically(join(folder, 'profile.yaml'), readFileSync(profileFile));
}
