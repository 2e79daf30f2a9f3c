/**
 * Models poq-sim builds itself from npm packages, referred to in a
 * calibration file as `builtin:<name>`. Each is built on first use into a
 * cache folder (atomically: an interrupted build leaves nothing) and loaded
 * from there like any local model folder.
 *
 * Cache: $POQ_SIM_CACHE_DIR, else $XDG_CACHE_HOME/poq-sim, else ~/.cache/poq-sim.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { StagedFolder } from '../../sim/results/output-folder.js';
import { buildSifEncoder, DEFAULT_SIF_OPTIONS, type EncoderFolderFiles } from './sif-encoder.js';
import { loadWinkEmbeddings } from './word-embeddings.js';

export const BUILTIN_PREFIX = 'builtin:';

interface BuiltinModel {
  /** Bumped whenever the builder's output changes, so stale caches are rebuilt. */
  readonly version: number;
  readonly build: () => EncoderFolderFiles;
}

const BUILTINS: Readonly<Record<string, BuiltinModel>> = {
  'glove-sif-100d': { version: 1, build: () => buildSifEncoder(loadWinkEmbeddings(), DEFAULT_SIF_OPTIONS).files },
};

export const builtinNames = (): string[] => Object.keys(BUILTINS);

export function cacheDirectory(): string {
  if (process.env.POQ_SIM_CACHE_DIR) return process.env.POQ_SIM_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'poq-sim');
}

export function builtinFolder(name: string): string {
  const model = BUILTINS[name];
  if (!model) throw new Error(`no builtin model "${name}"`);
  return join(cacheDirectory(), 'models', `${name}-v${model.version}`);
}

export function writeModelFolder(target: string, files: EncoderFolderFiles): void {
  const folder = StagedFolder.create(target);
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(folder.path(path)), { recursive: true });
      folder.write(path, content);
    }
    folder.commit();
  } catch (error) {
    folder.abort();
    throw error;
  }
}

/** The folder of builtin model `name`, building it first if the cache lacks it. */
export function ensureBuiltinModel(name: string, log: (line: string) => void = () => {}): string {
  const target = builtinFolder(name);
  if (existsSync(join(target, 'onnx', 'model.onnx'))) return target;
  log(`building ${name} (once; cached in ${target})`);
  writeModelFolder(target, BUILTINS[name]!.build());
  return target;
}
