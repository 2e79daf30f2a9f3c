/**
 * Parsed input data together with a way to trace any field path back to the
 * file, line and column it was written at. A single YAML file is one; a
 * scenario built with `extends:` from several files is another, and a sweep
 * point (a scenario with values set from the sweep) a third.
 */

export interface Location {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export interface SourceDocument {
  /** The file the user named (for messages about the document as a whole). */
  readonly file: string;
  readonly data: unknown;
  /**
   * Where the value at `path` was written (or its key, with `atKey`). A path
   * that runs past what was written resolves to the deepest part that exists.
   */
  where(path: readonly PropertyKey[], atKey?: boolean): Location;
}
