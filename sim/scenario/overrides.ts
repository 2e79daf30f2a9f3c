/**
 * `--set path=value`: a change to a scenario given on the command line,
 * applied after `extends:` is merged and before the scenario is validated,
 * so a bad value or an unknown field is reported as one in the file would
 * be, but located at the argument:
 *
 *   --set mechanism.rewards.beta=abc: mechanism.rewards.beta: expected number, got string "abc"
 *
 * The value is YAML (`0.7`, `median`, `{rule: median}`, `[1, 2]`); `null`
 * removes the field, as in a file that extends another.
 */
import { parsePath } from '../input/field-path.js';
import { formatPath, InputError, type InputProblem } from '../input/input-error.js';
import type { SourceDocument } from '../input/source-document.js';
import { YamlSource } from '../input/yaml-source.js';
import { isMapping, type MergedSource } from './extends.js';

export interface Override {
  /** As the user wrote it, e.g. `mechanism.rewards.beta=0.7`: how messages and manifests name it. */
  readonly text: string;
  readonly path: readonly PropertyKey[];
  /** The parsed value; null removes the field. */
  readonly value: unknown;
}

/** YAML 1.2's spellings of null (the core schema). */
const NULL = /^(?:~|null|Null|NULL)$/;

/** What messages call the argument: the option as it was written. */
export function overrideLabel(text: string): string {
  return `--set ${text}`;
}

function refuse(text: string, message: string, path: readonly PropertyKey[] = []): InputError {
  return new InputError({ file: overrideLabel(text), path: formatPath(path), message });
}

/** The value after "=", read as YAML; its errors are the argument's, without a line (it has one). */
function parseValue(text: string, valueText: string, path: readonly PropertyKey[]): unknown {
  if (NULL.test(valueText.trim())) return null;
  try {
    return YamlSource.fromText(valueText, overrideLabel(text)).data;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.problems.map((p): InputProblem => ({ file: p.file, path: formatPath(path), message: p.message })));
  }
}

/** Reads one `--set` argument. */
export function parseOverride(text: string): Override {
  const equals = text.indexOf('=');
  if (equals < 0) throw refuse(text, 'expected path=value, e.g. --set mechanism.rewards.beta=0.7');
  const path = parsePath(text.slice(0, equals).trim());
  if (typeof path === 'string') throw refuse(text, `${path}; a path is field names joined by ".", e.g. mechanism.rewards.beta`);
  if (path[0] === 'extends') throw refuse(text, 'extends is merged before --set applies; write it in the scenario file', path);
  const valueText = text.slice(equals + 1);
  if (valueText.trim() === '')
    throw refuse(text, 'expected a value after "=" (YAML: 0.7, median, {rule: median}; null removes the field)', path);
  return { text, path, value: parseValue(text, valueText, path) };
}

/** Why `path` cannot be set in `data`: a list index past its end, or an index into something that is no list. */
function indexProblem(data: unknown, path: readonly PropertyKey[]): string | undefined {
  let value = data;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const where = formatPath(path.slice(0, i));
    if (typeof segment === 'number') {
      if (!Array.isArray(value)) return `${where} is not a list`;
      if (segment >= value.length) {
        return `${where} has ${value.length} ${value.length === 1 ? 'entry' : 'entries'}; index ${segment} is out of range (set the whole list instead)`;
      }
      value = value[segment] as unknown;
    } else {
      value = isMapping(value) ? value[segment as string] : undefined;
    }
  }
  return undefined;
}

/** The part of `path` that exists in `data` and one segment more: where the fields the override creates begin. */
function createdFrom(data: unknown, path: readonly PropertyKey[]): readonly PropertyKey[] {
  let value = data;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const next: unknown = Array.isArray(value) || isMapping(value) ? (value as Record<PropertyKey, unknown>)[segment as string] : undefined;
    if (next === undefined) return path.slice(0, i + 1);
    value = next;
  }
  return path;
}

/** The argument as a document of its own: every field under it was written there. */
function overrideDocument(override: Override): SourceDocument {
  const file = overrideLabel(override.text);
  return { file, data: override.value, where: () => ({ file }) };
}

/** The merged scenario with the overrides applied in order (a later one wins). */
export function applyOverrides(source: MergedSource, overrides: readonly Override[]): MergedSource {
  let result = source;
  for (const override of overrides) {
    const problem =
      indexProblem(result.data, override.path) ??
      (override.value === null && typeof override.path.at(-1) === 'number'
        ? 'null removes a field, not a list entry; set the whole list instead'
        : undefined);
    if (problem) throw refuse(override.text, problem, override.path);
    result =
      override.value === null
        ? result.withoutAt(override.path)
        : result.withValue(
            override.path,
            override.value,
            { source: overrideDocument(override), at: [] },
            createdFrom(result.data, override.path),
          );
  }
  return result;
}
