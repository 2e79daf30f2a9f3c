/**
 * A YAML file parsed with source positions, so that any field path can be
 * traced back to the line and column the user wrote it on.
 */
import { Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { InputError } from './input-error.js';
import { readTextFile } from './read-text-file.js';
import type { Location, SourceDocument } from './source-document.js';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export class YamlSource implements SourceDocument {
  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  static fromFile(file: string, label = file): YamlSource {
    return YamlSource.fromText(readTextFile(file, label), label);
  }

  static fromText(text: string, file: string): YamlSource {
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: true });
    if (document.errors.length > 0) {
      throw new InputError(
        document.errors.map((error) => ({
          file,
          line: error.linePos?.[0].line,
          column: error.linePos?.[0].col,
          path: '',
          message: `invalid YAML: ${firstSentence(error.message)}`,
        })),
      );
    }
    return new YamlSource(file, document.toJS({ maxAliasCount: 1000 }) ?? {}, document, lines);
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
    const range = (node as Node | null | undefined)?.range;
    if (!range) return undefined;
    const { line, col } = this.lines.linePos(range[0]);
    return { line, column: col };
  }
}

function firstSentence(message: string): string {
  const cut = message.indexOf(' at line ');
  return (cut >= 0 ? message.slice(0, cut) : message.split('\n')[0]!).trim();
}
