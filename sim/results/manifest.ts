/**
 * manifest.json: the provenance stamped beside every output folder (a run,
 * a sweep, a calibration): what made it, on what, from which inputs. Its
 * base, OutputProvenance, is the software and machine that wrote the
 * folder; the provenance of a value inside a profile or scenario is
 * another thing, sim/input/value-provenance.ts.
 */
import { packageRoot, packageVersion } from '../package-info.js';
import { gitCommitOf } from '../system/git-commit.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { OUTPUT_FORMATS } from './output-kinds.js';

/** What every manifest records of the software and machine that wrote it, and when. */
export interface OutputProvenance {
  readonly tool: 'poq-sim';
  readonly version: string;
  readonly gitCommit: string | null;
  readonly createdAt: string;
  readonly wallTimeMs: number;
  readonly node: string;
  readonly platform: string;
}

/** Where a replayed run comes from: one run of an experiment (`poq-sim replay`). */
export interface ReplayOrigin {
  /** The experiment folder, as given. */
  readonly experiment: string;
  readonly experimentHash: string;
  readonly point: number;
  readonly replication: number;
}

/** How a run's scenario differs from its file: the command line's --set overrides, and the experiment run it replays. */
export interface RunOrigin {
  /** The --set arguments, as written, in the order applied; their effect is in resolvedScenario. */
  readonly overrides?: readonly string[];
  readonly replayOf?: ReplayOrigin;
}

/** manifest.json of a run folder. */
export interface RunManifest extends OutputProvenance, RunOrigin {
  readonly format: typeof OUTPUT_FORMATS.run;
  readonly scenarioFile: string;
  readonly scenarioHash: string;
  readonly seed: number | string;
  readonly profile: { readonly name: string; readonly file: string; readonly hash: string };
  readonly resolvedScenario: unknown;
}

/** The commit of the poq-sim checkout that wrote the output; null for an installed package. */
export function gitCommit(): string | null {
  return gitCommitOf(packageRoot());
}

export function outputProvenance(wallTimeMs: number): OutputProvenance {
  return {
    tool: 'poq-sim',
    version: packageVersion(),
    gitCommit: gitCommit(),
    createdAt: new Date().toISOString(),
    wallTimeMs,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function runManifest(resolved: ResolvedScenario, wallTimeMs: number, origin: RunOrigin = {}): RunManifest {
  return {
    format: OUTPUT_FORMATS.run,
    ...outputProvenance(wallTimeMs),
    scenarioFile: resolved.file,
    // Only when used, so the manifest of a plain run keeps its fields.
    ...(origin.overrides && origin.overrides.length > 0 ? { overrides: origin.overrides } : {}),
    ...(origin.replayOf ? { replayOf: origin.replayOf } : {}),
    scenarioHash: resolved.hash,
    seed: resolved.scenario.seed,
    profile: { name: resolved.profile.profile.name, file: resolved.profile.file, hash: resolved.profile.hash },
    resolvedScenario: resolved.scenario,
  };
}
