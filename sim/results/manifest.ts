/** Provenance stamped beside every result: what ran, on what, from which inputs. */
import { execFileSync } from 'node:child_process';
import { packageRoot, packageVersion } from '../package-info.js';
import type { ResolvedScenario } from '../scenario/resolved.js';
import { OUTPUT_FORMATS } from './output-kinds.js';

/** What every manifest records of the software and machine that wrote it. */
export interface Provenance {
  readonly tool: 'poq-sim';
  readonly version: string;
  readonly gitCommit: string | null;
  readonly createdAt: string;
  readonly wallTimeMs: number;
  readonly node: string;
  readonly platform: string;
}

export interface Manifest extends Provenance {
  readonly format: typeof OUTPUT_FORMATS.run;
  readonly scenarioFile: string;
  readonly scenarioHash: string;
  readonly seed: number | string;
  readonly profile: { readonly name: string; readonly file: string; readonly hash: string };
  readonly resolvedScenario: unknown;
}

export function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

export function provenance(wallTimeMs: number): Provenance {
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

export function buildManifest(resolved: ResolvedScenario, wallTimeMs: number): Manifest {
  return {
    format: OUTPUT_FORMATS.run,
    ...provenance(wallTimeMs),
    scenarioFile: resolved.file,
    scenarioHash: resolved.hash,
    seed: resolved.scenario.seed,
    profile: { name: resolved.profile.profile.name, file: resolved.profile.file, hash: resolved.profile.hash },
    resolvedScenario: resolved.scenario,
  };
}
