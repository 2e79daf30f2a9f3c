/**
 * `duckdb -c "…"` as documented, with the DuckDB CLI replaced by the
 * `@duckdb/node-api` devDependency: the DuckDB CLI is not a Debian package,
 * and the Node package is the same engine. The SQL is the command's, as
 * written; `file_search_path` makes its relative file names resolve against
 * the workspace, as the CLI resolves them against its working directory.
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** The SQL of `duckdb -c "<sql>"`, with the escapes sh would undo inside double quotes; undefined for any other form. */
export function duckdbSql(text: string): string | undefined {
  const match = /^duckdb\s+-c\s+"((?:[^"\\]|\\.)*)"$/s.exec(text);
  return match?.[1]!.replace(/\\(["\\$`])/g, '$1');
}

export interface QueryResult {
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
}

/** Runs `sql` as `duckdb -c` would from `cwd`, in a fresh in-memory database. */
export async function runDuckdb(sql: string, cwd: string): Promise<QueryResult> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`set file_search_path = '${cwd.replaceAll("'", "''")}'`);
    const reader = await connection.runAndReadAll(sql);
    return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** What is wrong with a documented query's answer: no rows, or a column that is NULL in every row. */
export function queryProblems(result: QueryResult): string[] {
  if (result.rows.length === 0) return ['the query returned no rows'];
  return result.columns
    .filter((column) => result.rows.every((row) => row[column] === null))
    .map((column) => `column ${column} is NULL in every row`);
}
