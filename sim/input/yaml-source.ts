/**
 * A YAML file parsed with source positions, so that any field path can be
 * traced back to the line and column the user wrote it on. A file is read
 * and parsed within the limits of input-limits.ts, and a file that is not
 * YAML at all is described in one line, never quoted (foreign-file.ts).
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLError } from 'yaml';
import { binaryByte, conciseYamlMessage, type Expected, textKind } from './foreign-file.js';
import { InputError, type InputProblem } from './input-error.js';
import { formatBytes, formatCount, INPUT_LIMITS, type InputLimits, LIMITS_DOC } from './input-limits.js';
import { readBoundedFile } from './read-text-file.js';
import type { Location, SourceDocument } from './source-document.js';
import { expansionProblem, nodeLimitOffset } from './yaml-limits.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface YamlOptions {
  /** What the file should hold, e.g. "a scenario": named when the file turns out to be something else. */
  readonly expected?: Expected;
  readonly limits?: InputLimits;
}

/** More YAML errors than this, and the file is described as a whole rather than error by error. */
const LISTED_ERRORS = 3;

export class YamlSource implements SourceDocument {
  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  static fromFile(file: string, label = file, options: YamlOptions = {}): YamlSource {
    const bytes = readBoundedFile(file, (options.limits ?? INPUT_LIMITS).maxBytes, label);
    const binary = binaryByte(bytes);
    if (binary) {
      const at = positionIn(bytes.subarray(0, binary.offset).toString('latin1'), binary.offset);
      throw new InputError({
        file: label,
        ...at,
        path: '',
        message: `a binary file, not text (${binary.what} here); expected ${expectedText(options)}`,
      });
    }
    return YamlSource.fromText(bytes.toString('utf8'), label, options);
  }

  static fromText(text: string, file: string, options: YamlOptions = {}): YamlSource {
    const limits = options.limits ?? INPUT_LIMITS;
    const bytes = Buffer.byteLength(text);
    if (bytes > limits.maxBytes) {
      throw new InputError({
        file,
        path: '',
        message: `the text is ${formatBytes(bytes)}, more than the ${formatBytes(limits.maxBytes)} an input may have (see ${LIMITS_DOC})`,
      });
    }
    const over = nodeLimitOffset(text, limits.maxNodes);
    if (over !== undefined) {
      const message = `more than ${formatCount(limits.maxNodes)} YAML nodes (keys, values, list items) by here; an input may have ${formatCount(limits.maxNodes)} (see ${LIMITS_DOC})`;
      throw new InputError({ file, ...positionIn(text, over), path: '', message });
    }
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: true });
    if (document.errors.length > 0) throw new InputError(yamlErrorProblems(document.errors, text, file, options));
    const problem = expansionProblem(document, limits.maxNodes, limits.maxDepth);
    if (problem) throw new InputError({ file, ...startOf(problem.node, lines), path: '', message: problem.message });
    // Aliases are bounded by expansionProblem, which also says where; the library's own count would not.
    const data: unknown = document.toJS({ maxAliasCount: -1 }) ?? {};
    if (options.expected !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
      const kind = textKind(text);
      const what = kind === 'a text file' ? 'a YAML document' : kind;
      const at = startOf(document.contents, lines) ?? { line: 1, column: 1 };
      throw new InputError({
        file,
        ...at,
        path: '',
        message: `${what} holding ${typeName(data)}, not ${options.expected}: expected a mapping of fields`,
      });
    }
    return new YamlSource(file, data, document, lines);
  }

  /**
   * The position of the value at `path`, or of its key when `atKey` is set.
   * A path that runs past the document (a missing field) resolves to the
   * deepest node that exists.
   */
  locate(path: readonly PropertyKey[], atKey = false): Position {
    let node: unknown = this.document.contents;
    let position = this.positionOf(node) ?? { line: 1, column: 1 };
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
        if (!pair) return position;
        node = last && atKey ? pair.key : pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        return position;
      }
      position = this.positionOf(node) ?? position;
    }
    return position;
  }

  where(path: readonly PropertyKey[], atKey = false): Location {
    return { file: this.file, ...this.locate(path, atKey) };
  }

  /** Whether `path` was written in this file (a key present, even with a null value). */
  has(path: readonly PropertyKey[]): boolean {
    let node: unknown = this.document.contents;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
        if (!pair) return false;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        if (segment < 0 || segment >= node.items.length) return false;
        node = node.items[segment];
      } else {
        return false;
      }
    }
    return true;
  }

  private positionOf(node: unknown): Position | undefined {
    return startOf(node, this.lines);
  }
}

function startOf(node: unknown, lines: LineCounter): Position | undefined {
  const range = (node as Node | null | undefined)?.range;
  if (!range) return undefined;
  const { line, col } = lines.linePos(range[0]);
  return { line, column: col };
}

function expectedText(options: YamlOptions): string {
  return options.expected === undefined ? 'YAML text' : `${options.expected} in YAML`;
}

/** Line and column (from 1) of `offset` in `text`. */
function positionIn(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * A few YAML errors are listed one per line; many, or any in a file written
 * in another language (Markdown, HTML), mean the file is not YAML at all:
 * one line says what it is, where its first error is, and what was expected.
 */
function yamlErrorProblems(errors: readonly YAMLError[], text: string, file: string, options: YamlOptions): InputProblem[] {
  const at = (error: YAMLError) => ({ file, line: error.linePos?.[0].line, column: error.linePos?.[0].col, path: '' });
  const kind = textKind(text);
  const foreignLanguage = kind !== 'a text file' && kind !== 'a JSON document';
  if (!foreignLanguage && errors.length <= LISTED_ERRORS) {
    return errors.map((error) => ({ ...at(error), message: `invalid YAML: ${conciseYamlMessage(error.message)}` }));
  }
  const first = `${formatCount(errors.length)} YAML error${errors.length === 1 ? '' : 's'}, the first here: ${conciseYamlMessage(errors[0]!.message)}`;
  const message = foreignLanguage
    ? `${kind}, not YAML (${first}); expected ${expectedText(options)}`
    : `${kind} with ${first}; expected ${expectedText(options)}`;
  return [{ ...at(errors[0]!), message }];
}

function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}
