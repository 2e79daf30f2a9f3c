/** The package's own metadata, found whether running from sources or from dist/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

function locate(): { root: string; version: string } {
  if (cached) return cached;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(directory, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'poq-sim') {
        cached = { root: directory, version: manifest.version ?? '0.0.0' };
        return cached;
      }
    }
    directory = dirname(directory);
  }
  throw new Error('cannot find poq-sim’s package.json');
}

export const packageVersion = (): string => locate().version;
export const packageRoot = (): string => locate().root;
