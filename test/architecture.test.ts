/**
 * The layers of docs/architecture.md, checked on the imports themselves: a
 * file may import from its own folder group or from a lower layer, never
 * from a higher one or from another group of its own layer. A new upward
 * import fails here with the file and the line, before a reviewer has to
 * find it in a diagram.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../sim/package-info.js';

/** Bottom to top. Each entry is a folder group: its own files and subfolders. */
const LAYERS: readonly (readonly string[])[] = [
  ['sim/system', 'sim/input', 'sim/stats', 'sim'],
  ['sim/engine', 'sim/random'],
  ['sim/profile'],
  ['sim/mechanism'],
  ['agents'],
  ['sim/market'],
  ['sim/scenario'],
  ['sim/results'],
  ['sim/run'],
  ['sim/experiment', 'sim/analysis'],
  ['sim/study'],
  ['calibration', 'reports'],
  ['sim/cli'],
];

const root = packageRoot();

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return entry === 'profiles' || entry === 'node_modules' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The folder group a project file belongs to: the longest group that is a prefix of its folder. */
function groupOf(file: string): string {
  const folder = dirname(relative(root, file));
  const groups = LAYERS.flat().filter((group) => folder === group || folder.startsWith(`${group}/`));
  const group = groups.sort((a, b) => b.length - a.length)[0];
  if (group === undefined) throw new Error(`${relative(root, file)} is in no layer of test/architecture.test.ts`);
  return group;
}

const layerOf = (group: string) => LAYERS.findIndex((layer) => layer.includes(group));

interface Import {
  readonly from: string;
  readonly line: number;
  readonly target: string;
}

function relativeImports(file: string): Import[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((text, index) =>
    [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((match) => ({
      from: file,
      line: index + 1,
      target: resolve(dirname(file), match[1]!.replace(/\.js$/, '.ts')),
    })),
  );
}

const files = ['sim', 'agents', 'calibration', 'reports'].flatMap((folder) => sourceFiles(join(root, folder)));
const imports = files.flatMap(relativeImports);

describe('layers', () => {
  it('places every source file in a layer', () => {
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) expect(layerOf(groupOf(file))).toBeGreaterThanOrEqual(0);
  });

  it('has no import from a higher layer, or from another folder of the same layer', () => {
    const upward = imports.filter(({ from, target }) => {
      const source = groupOf(from);
      const destination = groupOf(target);
      return destination !== source && layerOf(destination) >= layerOf(source);
    });
    const described = upward.map(({ from, line, target }) => `${relative(root, from)}:${line} imports ${relative(root, target)}`);
    expect(described).toEqual([]);
  });

  it('keeps the engine free of PoQ and of process-wide settings', () => {
    const engine = files.filter((file) => groupOf(file) === 'sim/engine');
    expect(engine.length).toBeGreaterThan(2);
    for (const file of engine) {
      const text = readFileSync(file, 'utf8');
      expect(
        relativeImports(file).every(({ target }) => groupOf(target) === 'sim/engine'),
        relative(root, file),
      ).toBe(true);
      expect(text, relative(root, file)).not.toMatch(/node:v8|setFlagsFromString|process\.(on|env\.\w+\s*=)|globalThis\./);
    }
  });
});
