/**
 * Fields a file format used to have under another name. A file written for
 * the old name gets one located line that says what the field became and,
 * where the meaning changed too, what to write instead, rather than
 * "unknown field" beside "required field is missing" for the new one.
 */
import { formatPath, type InputProblem } from './input-error.js';
import type { SourceDocument } from './source-document.js';

export interface RenamedField {
  /** Where the old field was, with '*' for any key of a mapping (e.g. ['hardware', '*', 'speedFactor']). */
  readonly path: readonly string[];
  /** The field that replaces it, beside it in the same mapping. */
  readonly replacement: string;
  /** What to tell the writer, given the value written under the old name. */
  readonly message: (value: unknown) => string;
}

interface Found {
  readonly path: readonly PropertyKey[];
  readonly value: unknown;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every concrete path of `data` that `pattern` matches, with its value. */
function matches(data: unknown, pattern: readonly string[], prefix: readonly PropertyKey[] = []): Found[] {
  if (pattern.length === 0) return [{ path: prefix, value: data }];
  if (!isMapping(data)) return [];
  const [head, ...rest] = pattern;
  const keys = head === '*' ? Object.keys(data) : Object.hasOwn(data, head!) ? [head!] : [];
  return keys.flatMap((key) => matches(data[key], rest, [...prefix, key]));
}

/** What the old fields present in a document explain: a problem for each, and the paths whose other problems they account for. */
export interface RenamedFieldReport {
  readonly problems: readonly InputProblem[];
  /** Dotted paths of each old field and of its replacement beside it (missing, since the old name was written instead). */
  readonly explained: ReadonlySet<string>;
}

/** One problem per old field present in the document, located at its key. */
export function renamedFields(source: SourceDocument, renamed: readonly RenamedField[]): RenamedFieldReport {
  const problems: InputProblem[] = [];
  const explained = new Set<string>();
  for (const field of renamed) {
    for (const { path, value } of matches(source.data, field.path)) {
      const at = source.where(path, true);
      problems.push({ file: at.file, line: at.line, column: at.column, path: formatPath(path), message: field.message(value) });
      explained.add(formatPath(path));
      explained.add(formatPath([...path.slice(0, -1), field.replacement]));
    }
  }
  return { problems, explained };
}
