/**
 * Reads the files of a results folder with errors a user can act on: a
 * malformed or incomplete file names itself, the line and the field, as the
 * scenario loader does (sim/input), and the CLI exits with code 2.
 */
import { existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type * as z from 'zod';
import { InputError } from '../../sim/input/input-error.js';
import { readTextFile } from '../../sim/input/read-text-file.js';
import { validateSource } from '../../sim/input/validate.js';
import { YamlSource } from '../../sim/input/yaml-source.js';

/**
 * A JSON file validated against a schema. JSON is YAML, so the YAML source
 * gives every field a line and column to point at.
 */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return validateSource(schema, YamlSource.fromFile(file));
}

export type CsvValue = string | number | null;
export type CsvRecord = Record<string, CsvValue>;

export interface CsvTable {
  readonly file: string;
  readonly columns: readonly string[];
  readonly rows: readonly CsvRecord[];
  /** Line in the file of each row (1 is the header). */
  readonly lines: readonly number[];
}

export interface CsvOptions {
  /** Columns that must be present. */
  readonly required: readonly string[];
  /** Columns whose values must be numbers (an empty field is a missing value). */
  readonly numeric?: readonly string[];
  /** Keep only the rows whose columns hold these texts, dropped while parsing: for a long table read in part. */
  readonly where?: Readonly<Record<string, string>>;
}

/**
 * A CSV table with a header row. Numeric columns become numbers; other
 * columns stay strings, except that a column whose every value is a number
 * (a swept parameter such as beta) becomes numeric too.
 */
export function readCsvFile(file: string, options: CsvOptions): CsvTable {
  const records = parseCsvLines(file, options.where);
  if (records.length === 0) throw new InputError({ file, path: '', message: 'empty file (expected a header row)' });
  const columns = records[0]!.record;
  checkRequiredColumns(file, columns, options.required);
  const numeric = new Set(options.numeric ?? []);
  const body = records.slice(1);
  const numericLooking = numericLookingColumns(columns, body, numeric);
  const rows: CsvRecord[] = [];
  const lines: number[] = [];
  for (const { record, info } of body) {
    const row: CsvRecord = {};
    columns.forEach((column, c) => {
      const raw = record[c] ?? '';
      if (numeric.has(column)) row[column] = numericCell(raw, { file, line: info.lines, column: c + 1, path: column });
      else if (numericLooking.has(column)) row[column] = raw === '' ? null : toNumber(raw);
      else row[column] = raw;
    });
    rows.push(row);
    lines.push(info.lines);
  }
  return { file, columns, rows, lines };
}

/** A CSV line as csv-parse returns it with `info`: its fields and the line it ends on. */
interface CsvLine {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** The header and every line `where` keeps (all without it), or the first malformed line named. */
function parseCsvLines(file: string, where?: CsvOptions['where']): CsvLine[] {
  const text = readTextFile(file);
  const candidates = where ? candidateLines(text, Object.values(where)) : null;
  let wanted: Array<readonly [number, string]> | undefined;
  const keep = (line: CsvLine): CsvLine | null => {
    if (!wanted) {
      wanted = Object.entries(where!).map(([column, value]) => [line.record.indexOf(column), value] as const);
      return line;
    }
    return wanted.every(([at, value]) => line.record[at] === value) ? line : null;
  };
  // A line of the candidates' text is reported at its line in the file.
  const lineInFile = (line: number) => (candidates ? (candidates.lines[line - 1] ?? line) : line);
  try {
    // With `info`, csv-parse passes on_record the { record, info } it returns (its types say the bare record).
    const onRecord = where && (keep as unknown as (record: string[]) => string[] | null);
    const lines: CsvLine[] = parse(candidates?.text ?? text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
      on_record: onRecord,
    }) as never;
    return candidates ? lines.map(({ record, info }) => ({ record, info: { lines: lineInFile(info.lines) } })) : lines;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError({
      file,
      line: line === undefined ? undefined : lineInFile(line),
      path: '',
      message: `invalid CSV: ${(error as Error).message.replace(/^Invalid Record Length: /, '')}`,
    });
  }
}

/**
 * The header and the lines that hold every one of `values`, with their
 * line numbers in the file: parsing only those is many times faster for a
 * long table read in part (the exact test is on the parsed fields). Only
 * for a text that quotes nothing, where every line is one record; null
 * otherwise, and every line is parsed.
 */
function candidateLines(text: string, values: readonly string[]): { text: string; lines: number[] } | null {
  if (text.includes('"')) return null;
  const kept: string[] = [];
  const lines: number[] = [];
  for (let start = 0, line = 1; start < text.length; line++) {
    const end = text.indexOf('\n', start);
    const stop = end < 0 ? text.length : end;
    const content = text.slice(start, stop);
    if (line === 1 || values.every((value) => content.includes(value))) {
      kept.push(content);
      lines.push(line);
    }
    start = stop + 1;
  }
  return { text: kept.join('\n'), lines };
}

function checkRequiredColumns(file: string, columns: readonly string[], required: readonly string[]): void {
  for (const column of required) {
    if (!columns.includes(column)) {
      throw new InputError({
        file,
        line: 1,
        column: 1,
        path: column,
        message: `missing column "${column}" (columns: ${columns.join(', ')})`,
      });
    }
  }
}

/** Columns not declared numeric whose every non-empty value is a number (at least one value): a swept parameter such as beta. */
function numericLookingColumns(columns: readonly string[], body: readonly CsvLine[], numeric: ReadonlySet<string>): Set<string> {
  return new Set(
    columns.filter(
      (column, c) =>
        !numeric.has(column) &&
        body.length > 0 &&
        body.every(({ record }) => record[c] === '' || isNumber(record[c]!)) &&
        body.some(({ record }) => record[c] !== ''),
    ),
  );
}

/** A field of a declared numeric column: empty is a missing value, anything else must be a number. */
function numericCell(raw: string, at: { file: string; line: number; column: number; path: string }): number | null {
  if (raw === '') return null;
  if (isNumber(raw)) return toNumber(raw);
  throw new InputError({ ...at, message: `expected a number, got ${JSON.stringify(raw)}` });
}

function isNumber(text: string): boolean {
  return (text.trim() !== '' && Number.isFinite(Number(text))) || /^[+-]?(Infinity|NaN)$/.test(text);
}

/** NaN (a statistic that could not be computed) reads as a missing value. */
function toNumber(text: string): number | null {
  const value = Number(text);
  return Number.isNaN(value) ? null : value;
}

export const exists = (file: string): boolean => existsSync(file);
