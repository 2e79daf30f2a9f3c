/**
 * A user's CSV file with a header row, parsed into records that remember
 * their line, after checking that the required columns are there. Errors
 * name the file and line.
 */
import { parse } from 'csv-parse/sync';
import { InputError } from './input-error.js';

export interface CsvRecord {
  readonly record: Readonly<Record<string, string>>;
  /** 1-based line of the record in the file. */
  readonly line: number;
}

export interface CsvExpectations {
  readonly required: readonly string[];
  /** Mentioned after the required columns when some are missing. */
  readonly optional?: readonly string[];
  /** What an empty file lacks, e.g. "no judge scores". */
  readonly whenEmpty: string;
}

export function parseCsvRecords(text: string, file: string, expectations: CsvExpectations): CsvRecord[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, info: true, bom: true, trim: true });
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new InputError({ file, line: e.lines, path: '', message: `invalid CSV: ${e.message}` });
  }
  if (records.length === 0) throw new InputError({ file, path: '', message: expectations.whenEmpty });
  const header = Object.keys(records[0]!.record);
  const missing = expectations.required.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    const optional = expectations.optional?.length ? `; optional: ${expectations.optional.join(', ')}` : '';
    throw new InputError({
      file,
      line: 1,
      path: '',
      message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (required: ${expectations.required.join(', ')}${optional})`,
    });
  }
  return records.map(({ record, info }) => ({ record, line: info.lines }));
}
