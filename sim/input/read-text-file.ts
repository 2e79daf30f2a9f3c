/** Reads a user's file as UTF-8 text, or fails with one clear line naming it. */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { InputError } from './input-error.js';
import { formatBytes, LIMITS_DOC } from './input-limits.js';

export function readTextFile(file: string, label = file): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(error, label);
  }
}

function unreadable(error: unknown, label: string): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code})`;
  return new InputError({ file: label, path: '', message: reason });
}

function tooLarge(label: string, size: string, maxBytes: number): InputError {
  return new InputError({
    file: label,
    path: '',
    message: `the file is ${size}, more than the ${formatBytes(maxBytes)} an input file may have (see ${LIMITS_DOC})`,
  });
}

/**
 * The file's bytes, refusing a file larger than `maxBytes` before reading
 * it: a regular file by its size, anything else (a pipe, a device such as
 * /dev/zero) by reading no more than one byte past the limit.
 */
export function readBoundedFile(file: string, maxBytes: number, label = file): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw unreadable(error, label);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError({ file: label, path: '', message: 'is a directory, not a file' });
    if (stat.isFile() && stat.size > maxBytes) throw tooLarge(label, formatBytes(stat.size), maxBytes);
    let buffer = Buffer.allocUnsafe(stat.isFile() ? Math.min(stat.size, maxBytes) + 1 : 2 ** 16);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge(label, `more than ${formatBytes(maxBytes)}`, maxBytes);
        const grown = Buffer.allocUnsafe(Math.min(2 * length, maxBytes + 1));
        buffer.copy(grown);
        buffer = grown;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.subarray(0, length);
      length += read;
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw unreadable(error, label);
  } finally {
    closeSync(fd);
  }
}
