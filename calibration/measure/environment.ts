/** The hardware and software a calibration ran on, for the profile's provenance. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { gitCommit } from '../../sim/results/manifest.js';
import { packageVersion } from '../../sim/package-info.js';
import type { ExecutionProvider } from '../models/execution-provider.js';

/** A dependency's version, found from its entry point (some packages do not export package.json). */
function dependencyVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    let directory = dirname(require.resolve(name));
    for (let i = 0; i < 5; i++, directory = dirname(directory)) {
      const file = join(directory, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version) return manifest.version;
    }
  } catch {
    // fall through
  }
  return 'unknown';
}

function gpuDescription(): string | undefined {
  try {
    return execFileSync('nvidia-smi', ['--query-gpu=name,memory.total', '--format=csv,noheader'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    })
      .toString()
      .trim()
      .split('\n')
      .join('; ');
  } catch {
    return undefined;
  }
}

export function describeHardware(provider: ExecutionProvider): string {
  const processors = cpus();
  const cpu = `${processors[0]?.model.trim() ?? 'unknown CPU'} × ${processors.length} logical cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`;
  const gpu = provider === 'cuda' ? gpuDescription() : undefined;
  return `${cpu}; ONNX Runtime execution provider ${provider}${gpu ? `; GPU ${gpu}` : ''}`;
}

export function describeSoftware(): string {
  const commit = gitCommit();
  return [
    `poq-sim ${packageVersion()}${commit ? ` (${commit.slice(0, 12)})` : ''}`,
    `Node.js ${process.version} on ${process.platform}-${process.arch}`,
    `onnxruntime-node ${dependencyVersion('onnxruntime-node')}`,
    `@huggingface/transformers ${dependencyVersion('@huggingface/transformers')}`,
  ].join('; ');
}

/** SHA-256 of a file, or of a folder's files in name order; the first 16 hex digits. */
export function contentHash(path: string): string {
  const hash = createHash('sha256');
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path, { recursive: true, encoding: 'utf8' }).sort()) {
      const file = join(path, name);
      if (statSync(file).isFile()) hash.update(name).update(readFileSync(file));
    }
  } else {
    hash.update(readFileSync(path));
  }
  return hash.digest('hex').slice(0, 16);
}
