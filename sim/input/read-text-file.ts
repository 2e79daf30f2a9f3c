/** Reads a user's file as UTF-8 text, or fails with one clear line naming it. */
import { readFileSync } from 'node:fs';
import { InputError } from './input-error.js';

export function readTextFile(file: string, label = file): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code})`;
    throw new InputError({ file: label, path: '', message: reason });
  }
}
