/**
 * Whether a dataset path names what its format reads, checked before any
 * model runs so that the problem is reported at the calibration file's
 * `path` field: a SQuAD set is one JSON file; a CNN/DailyMail set is a
 * .csv or .jsonl file, or a folder holding .story files.
 */
import { existsSync, opendirSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { TaskConfig } from '../config/schema.js';

const CNN_EXTENSIONS = ['.csv', '.jsonl', '.ndjson'];

/** Whether the folder holds a .story file, at any depth; stops at the first. */
function holdsStory(folder: string): boolean {
  const dir = opendirSync(folder, { recursive: true });
  try {
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
      if (entry.isFile() && entry.name.endsWith('.story')) return true;
    }
    return false;
  } finally {
    dir.closeSync();
  }
}

/** What is wrong with `path` as a dataset of `format`, or undefined. */
export function datasetPathProblem(format: TaskConfig['dataset']['format'], path: string): string | undefined {
  if (!existsSync(path)) return `no such file or folder ${path}`;
  const folder = statSync(path).isDirectory();
  if (format === 'squad') return folder ? `${path} is a folder; a SQuAD dataset is one JSON file` : undefined;
  if (folder)
    return holdsStory(path)
      ? undefined
      : `the folder ${path} holds no .story files (a CNN/DailyMail dataset is a .csv or .jsonl file, or a folder of .story files)`;
  const extension = extname(path).toLowerCase();
  return CNN_EXTENSIONS.includes(extension)
    ? undefined
    : `unknown CNN/DailyMail format "${extension}" (expected .csv, .jsonl or a folder of .story files)`;
}
