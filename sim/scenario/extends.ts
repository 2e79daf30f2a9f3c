/**
 * Scenario files that build on others with `extends:`. The files are merged
 * deeply (mappings key by key, lists and values replaced, `null` removing an
 * inherited field), and the result remembers, for every value, the file it
 * was written in, so an error points at the line the user has to change.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { expectDocumentKind, recognizeDocument, wrongKind } from '../input/document-kind.js';
import { InputError, formatPath } from '../input/input-error.js';
import type { Location, SourceDocument } from '../input/source-document.js';
import { didYouMean } from '../input/suggest.js';
import { YamlSource } from '../input/yaml-source.js';
import { packageRoot } from '../package-info.js';
import { ScenarioSchema } from './schema.js';

/** What a scenario file is called when a file turns out to be something else. */
export const SCENARIO = 'a scenario';

/**
 * Where the values under one node of the merged data were written: at `at`
 * in `source`, except below the keys listed in `children`, which came from
 * elsewhere.
 */
export interface Origin {
  readonly source: SourceDocument;
  readonly at: readonly PropertyKey[];
  readonly children?: ReadonlyMap<PropertyKey, Origin>;
}

export class MergedSource implements SourceDocument {
  constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly origin: Origin,
  ) {}

  static of(source: SourceDocument): MergedSource {
    return new MergedSource(source.file, source.data, { source, at: [] });
  }

  where(path: readonly PropertyKey[], atKey = false): Location {
    let node = this.origin;
    let i = 0;
    while (i < path.length && node.children) {
      const child = node.children.get(path[i]!);
      if (!child) break;
      node = child;
      i++;
    }
    return node.source.where([...node.at, ...path.slice(i)], atKey);
  }

  /**
   * A copy with `value` set at `path` (creating mappings on the way), whose
   * position is that of `from.at` in `from.source`: a sweep value is
   * reported where the sweep lists it. With `originAt` (a prefix of
   * `path`), everything from there down is located at `from`, the mappings
   * created on the way included.
   */
  withValue(path: readonly PropertyKey[], value: unknown, from: Origin, originAt: readonly PropertyKey[] = path): MergedSource {
    const data = setAt(this.data, path, value);
    return new MergedSource(this.file, data, graft(this.origin, originAt, from));
  }

  /** A copy without the field at `path` (the same data when it is not there). */
  withoutAt(path: readonly PropertyKey[]): MergedSource {
    return new MergedSource(this.file, removeAt(this.data, path), this.origin);
  }

  /** A copy without the given top-level fields. */
  without(keys: readonly string[]): MergedSource {
    if (!isMapping(this.data)) return this;
    const data = { ...this.data };
    for (const key of keys) delete data[key];
    return new MergedSource(this.file, data, this.origin);
  }
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function setAt(data: unknown, path: readonly PropertyKey[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(data) && typeof head === 'number') {
    const copy: unknown[] = [...(data as readonly unknown[])];
    copy[head] = setAt(data[head], rest, value);
    return copy;
  }
  const mapping = isMapping(data) ? data : {};
  return { ...mapping, [head as string]: setAt(mapping[head as string], rest, value) };
}

function removeAt(data: unknown, path: readonly PropertyKey[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return data;
  if (Array.isArray(data) && typeof head === 'number') {
    const copy: unknown[] = [...(data as readonly unknown[])];
    copy[head] = removeAt(data[head], rest);
    return copy;
  }
  if (!isMapping(data) || !Object.hasOwn(data, head)) return data;
  const entries = Object.entries(data).flatMap(([key, value]): Array<[string, unknown]> => {
    if (key !== head) return [[key, value]];
    return rest.length === 0 ? [] : [[key, removeAt(value, rest)]];
  });
  return Object.fromEntries(entries);
}

function childOrigin(origin: Origin, key: PropertyKey): Origin {
  return origin.children?.get(key) ?? { source: origin.source, at: [...origin.at, key] };
}

function graft(origin: Origin, path: readonly PropertyKey[], from: Origin): Origin {
  if (path.length === 0) return from;
  const [head, ...rest] = path;
  const children = new Map(origin.children ?? []);
  children.set(head!, graft(childOrigin(origin, head!), rest, from));
  return { ...origin, children };
}

interface Layer {
  readonly data: unknown;
  readonly origin: Origin;
}

/** Merges `top` over `base`: mappings merge, anything else replaces, null removes. */
function merge(base: Layer, top: Layer): Layer {
  if (!isMapping(base.data) || !isMapping(top.data)) return top;
  const data: Record<string, unknown> = {};
  const children = new Map<PropertyKey, Origin>();
  for (const [key, value] of Object.entries(base.data)) {
    if (key in top.data) continue;
    data[key] = value;
    children.set(key, childOrigin(base.origin, key));
  }
  for (const [key, value] of Object.entries(top.data)) {
    if (value === null) continue;
    if (key in base.data) {
      const merged = merge(
        { data: base.data[key], origin: childOrigin(base.origin, key) },
        { data: value, origin: childOrigin(top.origin, key) },
      );
      data[key] = merged.data;
      children.set(key, merged.origin);
    } else {
      data[key] = value;
      children.set(key, childOrigin(top.origin, key));
    }
  }
  return { data, origin: { ...top.origin, children } };
}

/** The shipped scenarios folder. */
export function shippedScenariosDirectory(): string {
  return join(packageRoot(), 'scenarios');
}

function shippedScenarioNames(): string[] {
  try {
    return readdirSync(shippedScenariosDirectory())
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length));
  } catch {
    return [];
  }
}

/** A scenario reference: a file relative to `baseDirectory`, or a shipped scenario's name. */
export function resolveScenarioReference(reference: string, baseDirectory: string): string | undefined {
  const candidates = isAbsolute(reference) ? [reference] : [resolve(baseDirectory, reference)];
  if (/^[\w.-]+$/.test(reference)) {
    candidates.push(join(shippedScenariosDirectory(), reference.endsWith('.yaml') ? reference : `${reference}.yaml`));
  }
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** How a file is named in messages: relative to the working directory when below it. */
function label(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function problemAt(source: SourceDocument, path: readonly PropertyKey[], message: string): InputError {
  const at = source.where(path);
  return new InputError({ file: at.file, line: at.line, column: at.column, path: formatPath(path), message });
}

function mergeExtends(source: YamlSource, realFile: string, chain: readonly string[]): Layer {
  const own: Layer = { data: source.data, origin: { source, at: [] } };
  if (!isMapping(source.data) || source.data.extends === undefined) return own;
  const written = source.data.extends;
  const references: Array<{ reference: string; path: PropertyKey[] }> =
    typeof written === 'string'
      ? [{ reference: written, path: ['extends'] }]
      : Array.isArray(written) && written.length > 0 && written.every((r) => typeof r === 'string' && r.length > 0)
        ? (written as string[]).map((reference, i) => ({ reference, path: ['extends', i] }))
        : [];
  if (references.length === 0) {
    throw problemAt(
      source,
      ['extends'],
      'expected a scenario file (a path relative to this file or a shipped scenario name) or a list of them',
    );
  }

  let base: Layer | undefined;
  for (const { reference, path } of references) {
    const target = resolveScenarioReference(reference, dirname(source.file));
    if (!target) {
      const names = shippedScenarioNames();
      throw problemAt(
        source,
        path,
        `no scenario "${reference}" (a file relative to this one, or a shipped scenario: ${names.join(', ')})${didYouMean(reference, names)}`,
      );
    }
    const real = realpathSync(target);
    if (real === realFile || chain.includes(real)) {
      throw problemAt(source, path, `extends cycle: ${[...chain, realFile, real].map(label).join(' → ')}`);
    }
    const targetSource = YamlSource.fromFile(target, label(target), { expected: SCENARIO });
    const notScenario = notAScenario(targetSource.data);
    if (notScenario) throw problemAt(source, path, `"${reference}" is ${notScenario}`);
    const layer = mergeExtends(targetSource, real, [...chain, realFile]);
    base = base ? merge(base, layer) : layer;
  }
  const { extends: _extends, ...rest } = source.data;
  return merge(base!, { data: rest, origin: own.origin });
}

/**
 * Why a file named by `extends:` is not a scenario (another kind of
 * poq-sim file, or YAML without a single scenario field), or undefined.
 */
function notAScenario(data: unknown): string | undefined {
  const found = recognizeDocument(data);
  if (found && found.kind !== 'scenario') return wrongKind(found, 'scenario');
  if (Array.isArray(data)) return 'not a scenario: it holds a list, not a mapping of scenario fields';
  if (!isMapping(data)) return `not a scenario: it holds a ${data === null ? 'null' : typeof data}, not a mapping of scenario fields`;
  const keys = Object.keys(data);
  const scenarioKeys = Object.keys(ScenarioSchema.shape);
  if (keys.length > 0 && !keys.some((key) => scenarioKeys.includes(key))) {
    return `not a scenario: none of its fields (${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}) is a scenario field`;
  }
  return undefined;
}

/** Reads a scenario file and everything it extends. */
export function mergeScenarioFile(file: string): MergedSource {
  const source = YamlSource.fromFile(file, file, { expected: SCENARIO });
  expectDocumentKind(source, 'scenario');
  const layer = mergeExtends(source, existsSync(file) ? realpathSync(file) : resolve(file), []);
  return new MergedSource(source.file, layer.data, layer.origin);
}

/** Merges scenario text and everything it extends, as if it were the file `file` (extends resolve relative to it). */
export function mergeScenarioText(text: string, file: string): MergedSource {
  const source = YamlSource.fromText(text, file, { expected: SCENARIO });
  expectDocumentKind(source, 'scenario');
  const layer = mergeExtends(source, resolve(file), []);
  return new MergedSource(source.file, layer.data, layer.origin);
}
