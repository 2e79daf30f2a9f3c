/**
 * Writes one tidy table as CSV and Parquet side by side, streaming: rows are
 * buffered up to one Parquet row group and flushed, so memory does not grow
 * with the table. Both files are written under temporary names and renamed
 * into place by `close()`, so a reader never sees half a table. The
 * Parquet file's key-value metadata says each column's unit and meaning
 * (`poq-sim:columns`, JSON), so the file explains itself to any reader.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { ColumnType } from './design.js';

export type TableColumnType = ColumnType | 'int64';

/** One entry of a Parquet file's key-value metadata. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface TableColumn {
  readonly name: string;
  readonly type: TableColumnType;
  readonly unit?: string;
  readonly meaning?: string;
}

/** The `poq-sim:columns` metadata: {column: {unit, meaning}} for every column that has them, in table order. */
function columnsMetadata(columns: readonly TableColumn[]): KeyValue {
  const described = columns.filter((c) => c.unit !== undefined && c.meaning !== undefined);
  return {
    key: 'poq-sim:columns',
    value: JSON.stringify(Object.fromEntries(described.map((c) => [c.name, { unit: c.unit, meaning: c.meaning }]))),
  };
}

/** Rows per Parquet row group: the most rows a table holds in memory. */
const ROW_GROUP_ROWS = 10_000;
/** Rows buffered before they are written to the CSV file. */
const CSV_BATCH_ROWS = 1_000;

function schemaElement(column: TableColumn): SchemaElement {
  const base = { name: column.name, repetition_type: 'OPTIONAL' as const };
  switch (column.type) {
    case 'int32':
      return { ...base, type: 'INT32' };
    case 'int64':
      return { ...base, type: 'INT64' };
    case 'double':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'json':
      // Both annotations: DuckDB, Arrow and Spark read the column as JSON, so `consensus->>'rule'` works.
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' } };
  }
}

/** A field that must be quoted (RFC 4180): it holds a quote, the delimiter or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * A cell as a CSV field: numbers in their shortest round-trip form, null as
 * an empty field, quoted as csv-stringify's defaults quote (a test holds the
 * two to the same bytes). Formatted here rather than by csv-stringify: a
 * sweep writes millions of cells, and the library's per-field option
 * handling was most of the time its tables took.
 */
export function csvField(value: unknown, type: TableColumnType): string {
  if (value === null || value === undefined) return '';
  const text = type === 'json' ? JSON.stringify(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A cell as the Parquet column expects it. */
function parquetCell(value: unknown, type: TableColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'int64':
      return BigInt(value as number);
    case 'json':
      // The writer encodes a JSON column's values itself (JSON.stringify): a string given here would be encoded twice.
      return value;
    case 'string':
      return String(value);
    default:
      return value;
  }
}

export class TableWriter {
  private readonly csvTemp: string;
  private readonly parquetTemp: string;
  private readonly csv: number;
  private readonly parquet: ParquetWriter;
  private buffered: unknown[][];
  /** CSV records not yet written, each ending in a newline. */
  private csvRows: string[] = [];
  private rows = 0;
  private closed = false;

  constructor(
    private readonly folder: string,
    readonly name: string,
    readonly columns: readonly TableColumn[],
  ) {
    const tag = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.csvTemp = join(folder, `.${name}.csv${tag}`);
    this.parquetTemp = join(folder, `.${name}.parquet${tag}`);
    this.csv = openSync(this.csvTemp, 'w');
    writeSync(this.csv, `${columns.map((c) => csvField(c.name, 'string')).join(',')}\n`);
    this.parquet = new ParquetWriter({
      writer: fileWriter(this.parquetTemp),
      schema: [{ name: 'root', num_children: columns.length }, ...columns.map(schemaElement)],
      createdBy: 'poq-sim',
    });
    this.buffered = columns.map(() => []);
  }

  get rowCount(): number {
    return this.rows;
  }

  append(row: readonly unknown[]): void {
    let record = '';
    for (let i = 0; i < this.columns.length; i++) {
      const type = this.columns[i]!.type;
      record += i === 0 ? csvField(row[i], type) : `,${csvField(row[i], type)}`;
      this.buffered[i]!.push(parquetCell(row[i], type));
    }
    this.csvRows.push(`${record}\n`);
    this.rows++;
    if (this.csvRows.length >= CSV_BATCH_ROWS) this.flushCsv();
    if (this.buffered[0]!.length >= ROW_GROUP_ROWS) this.flush();
  }

  private flushCsv(): void {
    if (this.csvRows.length > 0) writeSync(this.csv, this.csvRows.join(''));
    this.csvRows = [];
  }

  private flush(): void {
    this.flushCsv();
    if (this.buffered[0]!.length === 0) return;
    void this.parquet.write({
      columnData: this.columns.map((column, i) => ({ name: column.name, data: this.buffered[i]! })),
      rowGroupSize: ROW_GROUP_ROWS,
    });
    this.buffered = this.columns.map(() => []);
  }

  /** Finishes both files, the Parquet metadata with `metadata` beside the columns' descriptions, and moves them into place. */
  close(metadata: readonly KeyValue[] = []): void {
    if (this.closed) return;
    this.flush();
    // Read when the footer is written, so what a table holds (its metrics) can be said once it is all written.
    this.parquet.kvMetadata = [columnsMetadata(this.columns), ...metadata];
    void this.parquet.finish();
    closeSync(this.csv);
    renameSync(this.csvTemp, join(this.folder, `${this.name}.csv`));
    renameSync(this.parquetTemp, join(this.folder, `${this.name}.parquet`));
    this.closed = true;
  }

  abort(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.csv);
    } catch {
      // already closed
    }
    rmSync(this.csvTemp, { force: true });
    rmSync(this.parquetTemp, { force: true });
  }
}
