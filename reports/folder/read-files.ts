/**
 * Reads the files of a results folder with errors a user can act on: a
 * malformed or incomplete file names itself, the line and the field, as the
 * scenario loader does (sim/input), and the CLI exits with code 2.
 */
import { existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
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
}

/**
 * A CSV table with a header row. Numeric columns become numbers; other
 * columns stay strings, except that a column whose every value is a number
 * (a swept parameter such as beta) becomes numeric too.
 */
export function readCsvFile(file: string, options: CsvOptions): CsvTable {
  const text = readTextFile(file);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, relax_column_count: false }) as never;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new InputError({ file, line, path: '', message: `invalid CSV: ${(error as Error).message.replace(/^Invalid Record Length: /, '')}` });
  }
  if (records.length === 0) throw new InputError({ file, path: '', message: 'empty file (expected a header row)' });
  const columns = records[0]!.record;
  for (const column of options.required) {
    if (!columns.includes(column)) {
      throw new InputError({ file, line: 1, column: 1, path: column, message: `missing column "${column}" (columns: ${columns.join(', ')})` });
    }
  }
  const numeric = new Set(options.numeric ?? []);
  const body = records.slice(1);
  const numericLooking = new Set(
    columns.filter((column, c) => !numeric.has(column) && body.length > 0 && body.every(({ record }) => record[c] === '' || isNumber(record[c]!)) && body.some(({ record }) => record[c] !== '')),
  );
  const rows: CsvRecord[] = [];
  const lines: number[] = [];
  for (const { record, info } of body) {
    const row: CsvRecord = {};
    columns.forEach((column, c) => {
      const raw = record[c] ?? '';
      if (numeric.has(column)) {
        if (raw === '') row[column] = null;
        else if (isNumber(raw)) row[column] = toNumber(raw);
        else throw new InputError({ file, line: info.lines, column: c + 1, path: column, message: `expected a number, got ${JSON.stringify(raw)}` });
      } else if (numericLooking.has(column)) {
        row[column] = raw === '' ? null : toNumber(raw);
      } else {
        row[column] = raw;
      }
    });
    rows.push(row);
    lines.push(info.lines);
  }
  return { file, columns, rows, lines };
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
