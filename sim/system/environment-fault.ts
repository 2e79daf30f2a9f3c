/**
 * Faults of the machine rather than of what the user wrote: a full disk, a
 * folder without write permission, a path below a regular file, too many
 * open files, a lost Redis server. The CLI prints one line (the path, the
 * system's reason and, where there is one, how to carry on) and exits with
 * EXIT_ENVIRONMENT; never a stack trace.
 */

/** The system's reason for an error code, in the words a user would look up. */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists',
  ENOTEMPTY: 'folder not empty',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files (raise the limit with ulimit -n)',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
  EBUSY: 'resource busy',
  EXDEV: 'cannot move across file systems',
  EFBIG: 'file too large',
  ENOMEM: 'out of memory',
};

export class EnvironmentFault extends Error {
  constructor(
    /** The path (or server) the operation was on, as the user would name it. */
    readonly subject: string,
    /** The system's reason, e.g. "no space left on device (ENOSPC)". */
    readonly reason: string,
    /** How to carry on, e.g. the `--resume` command; empty when there is nothing to add. */
    readonly hint = '',
  ) {
    super(`${subject}: ${reason}${hint ? `; ${hint}` : ''}`);
    this.name = 'EnvironmentFault';
  }

  /** The same fault with a way to carry on (kept if it already has one). */
  withHint(hint: string): EnvironmentFault {
    return this.hint ? this : new EnvironmentFault(this.subject, this.reason, hint);
  }
}

/** A Node system error (fs, net), recognised by its string code and numeric errno. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  if (!(error instanceof Error)) return false;
  const e = error as NodeJS.ErrnoException;
  return typeof e.code === 'string' && /^E[A-Z0-9]+$/.test(e.code) && (typeof e.errno === 'number' || typeof e.syscall === 'string');
}

export function systemReason(code: string): string {
  const words = REASONS[code];
  return words ? `${words} (${code})` : code;
}

/**
 * Turns a system error into an EnvironmentFault about `subject` (the
 * error's own path when none is given); anything else is returned as it is.
 */
export function asEnvironmentFault(error: unknown, subject?: string): unknown {
  if (error instanceof EnvironmentFault || !isSystemError(error)) return error;
  return new EnvironmentFault(subject ?? error.path ?? error.syscall ?? 'poq-sim', systemReason(error.code));
}

/**
 * A module that could not be loaded: Node reports a package it could not
 * open (a broken installation, or too many open files) as not found, which
 * is a fault of the machine or the installation, not of poq-sim's code.
 */
export function asLoadFault(error: unknown): unknown {
  const fault = asEnvironmentFault(error);
  if (fault !== error || (error as NodeJS.ErrnoException)?.code !== 'ERR_MODULE_NOT_FOUND') return fault;
  const what = (error as Error).message.split('\n')[0]!;
  return new EnvironmentFault('cannot load poq-sim', what, 'reinstall poq-sim, or raise the open-file limit with ulimit -n');
}
