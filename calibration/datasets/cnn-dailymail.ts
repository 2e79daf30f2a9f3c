/**
 * CNN/DailyMail: a CSV with a header (`article`, `highlights`, optional
 * `id`, as the Hugging Face release writes it), JSON Lines with the same
 * keys, or a folder of the original `.story` files (article paragraphs, then
 * `@highlight` blocks). Highlights are split into one reference per line.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../../sim/input/input-error.js';
import type { DatasetItem } from './item.js';

function readText(file: string, label: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError({ file: label, path: '', message: code === 'ENOENT' ? 'no such file or folder' : `cannot read (${code})` });
  }
}

function item(id: string, article: string, highlights: string, where: { file: string; line?: number }): DatasetItem {
  const references = highlights
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  if (article.trim().length === 0) throw new InputError({ ...where, path: 'article', message: 'the article is empty' });
  if (references.length === 0) throw new InputError({ ...where, path: 'highlights', message: 'the highlights are empty' });
  return { id, kind: 'summarization', fields: { article: article.trim() }, references };
}

function fromCsv(text: string, label: string): DatasetItem[] {
  let rows: { record: Record<string, string>; line: number }[];
  try {
    rows = parse<{ record: Record<string, string>; info: { lines: number } }>(text, {
      columns: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }).map((row) => ({ record: row.record, line: row.info.lines }));
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new InputError({ file: label, line: e.lines, path: '', message: `invalid CSV: ${e.message}` });
  }
  const header = rows[0] ? Object.keys(rows[0].record) : [];
  const missing = ['article', 'highlights'].filter((column) => !header.includes(column));
  if (rows.length === 0) throw new InputError({ file: label, path: '', message: 'no rows' });
  if (missing.length > 0) {
    throw new InputError({
      file: label,
      line: 1,
      path: '',
      message: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (columns: ${header.join(', ')})`,
    });
  }
  return rows.map(({ record, line }, i) => item(record.id || String(i + 1), record.article!, record.highlights!, { file: label, line }));
}

function fromJsonl(text: string, label: string): DatasetItem[] {
  const items: DatasetItem[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (error) {
      throw new InputError({ file: label, line, path: '', message: `invalid JSON: ${(error as Error).message}` });
    }
    const row = record as Record<string, unknown>;
    for (const key of ['article', 'highlights']) {
      if (typeof row?.[key] !== 'string') {
        throw new InputError({
          file: label,
          line,
          path: key,
          message: row?.[key] === undefined ? 'required field is missing' : 'expected a string',
        });
      }
    }
    items.push(
      item(
        typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id) : String(line),
        row.article as string,
        row.highlights as string,
        { file: label, line },
      ),
    );
  });
  if (items.length === 0) throw new InputError({ file: label, path: '', message: 'no records' });
  return items;
}

/** Parses one `.story` file: paragraphs, then `@highlight` markers each followed by a sentence. */
export function parseStory(text: string, id: string, label: string): DatasetItem {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const article: string[] = [];
  const highlights: string[] = [];
  let nextIsHighlight = false;
  for (const line of lines) {
    if (line === '') continue;
    if (line.startsWith('@highlight')) {
      nextIsHighlight = true;
      continue;
    }
    if (nextIsHighlight) highlights.push(line);
    else article.push(line);
    nextIsHighlight = false;
  }
  return item(id, article.join('\n'), highlights.join('\n'), { file: label });
}

function fromStoryFolder(folder: string, label: string): DatasetItem[] {
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.story'))
    .sort();
  if (files.length === 0) throw new InputError({ file: label, path: '', message: 'the folder holds no .story files' });
  return files.map((name) => parseStory(readText(join(folder, name), join(label, name)), basename(name, '.story'), join(label, name)));
}

export function loadCnnDailyMail(path: string, label = path): DatasetItem[] {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw new InputError({ file: label, path: '', message: 'no such file or folder' });
  }
  if (isFolder) return fromStoryFolder(path, label);
  const extension = extname(path).toLowerCase();
  const text = readText(path, label);
  if (extension === '.csv') return fromCsv(text, label);
  if (extension === '.jsonl' || extension === '.ndjson') return fromJsonl(text, label);
  throw new InputError({
    file: label,
    path: '',
    message: `unknown CNN/DailyMail format "${extension}" (expected .csv, .jsonl or a folder of .story files)`,
  });
}
