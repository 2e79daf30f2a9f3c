/**
 * The one rule for every command that writes a folder (run, sweep, merge,
 * report, calibrate): write only into a path that does not exist, an empty
 * folder, or a previous poq-sim output (recognised by its manifest and
 * holding nothing else). `--force` may replace a poq-sim output of another
 * kind, never a folder of other files, a file, the current folder or one of
 * its parents, or poq-sim's own folder. Checked before any work is done,
 * and again just before the output is moved into place.
 */
import { accessSync, constants, existsSync, lstatSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InputError } from '../input/input-error.js';
import { packageRoot } from '../package-info.js';
import { EnvironmentFault, isSystemError, systemReason } from '../system/environment-fault.js';
import { foreignEntries, isTemporary, isUnfinishedExperiment, isUnfinishedStudy, type OutputKind, readOutputKind, REPORT_ENTRIES } from './output-kinds.js';

export interface OutputRequest {
  /** The path as the user gave it: messages name it so. */
  readonly path: string;
  readonly kind: OutputKind;
  /** Whether a previous output of the same kind may be written into (run, calibrate: always; sweep: with --resume or --force; merge: with --force). */
  readonly ownKindAllowed: boolean;
  /** What to say when it is not, e.g. "pass --resume to continue it, or --force to start over". */
  readonly ownKindAdvice?: string;
  readonly force?: boolean;
}

export type OutputState =
  | { readonly state: 'absent' }
  | { readonly state: 'empty' }
  | { readonly state: 'output'; readonly kind: OutputKind };

const KIND_NAMES: Readonly<Record<OutputKind, string>> = {
  run: 'a poq-sim run folder',
  experiment: 'a poq-sim experiment folder',
  calibration: 'a poq-sim calibration profile folder',
  study: 'a poq-sim study folder (exploit, sensitivity or tune)',
};

function refuse(request: OutputRequest, message: string): InputError {
  return new InputError({ file: request.path, path: '', message });
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `${shown} and ${names.length - 4} more` : shown;
}

/** True when `inner` is `outer` or lies inside it. */
function within(inner: string, outer: string): boolean {
  const path = relative(outer, inner);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/** Folders no command ever writes into or replaces, whatever they hold. */
function forbiddenReason(target: string): string | undefined {
  const cwd = process.cwd();
  if (target === cwd) return 'is the current folder';
  if (within(cwd, target)) return 'is a parent of the current folder';
  const root = packageRoot();
  if (within(root, target)) return target === root ? 'is poq-sim’s own folder' : 'holds poq-sim’s own folder';
  return undefined;
}

/** Fails as the system would, before any work is done: a path below a file, or a folder without write permission. */
function checkWritable(request: OutputRequest, target: string): void {
  let ancestor = dirname(target);
  while (!existsSync(ancestor)) ancestor = dirname(ancestor);
  if (!lstatSync(ancestor).isDirectory() && !lstatSync(ancestor).isSymbolicLink()) {
    throw new EnvironmentFault(ancestor, `is a file, so ${request.path} cannot be created below it (ENOTDIR)`);
  }
  try {
    accessSync(ancestor, constants.W_OK | constants.X_OK);
  } catch (error) {
    if (!isSystemError(error)) throw error;
    throw new EnvironmentFault(ancestor, `${systemReason(error.code)}: cannot create ${request.path} there`);
  }
}

/** What is at the path now, refused (InputError) when the rule does not allow writing there. */
export function checkOutput(request: OutputRequest): OutputState {
  const target = resolve(request.path);
  const forbidden = forbiddenReason(target);
  if (forbidden) throw refuse(request, `${forbidden}; poq-sim writes each output into a folder of its own (e.g. --out results/my-run)`);
  checkWritable(request, target);
  if (!existsSync(target) && !isBrokenLink(target)) return { state: 'absent' };
  const stat = lstatSync(target);
  if (stat.isSymbolicLink()) throw refuse(request, 'is a symbolic link; give the folder it points to');
  if (!stat.isDirectory()) throw refuse(request, 'is a file, not a folder; poq-sim never replaces a file: give another --out');
  const names = readdirSync(target).filter((name) => !isTemporary(name));
  if (names.length === 0) return { state: 'empty' };
  const finished = readOutputKind(target);
  const kind = finished ?? (isUnfinishedExperiment(target) ? 'experiment' : isUnfinishedStudy(target) ? 'study' : undefined);
  if (kind === undefined) {
    throw refuse(request, `holds files poq-sim did not write (${listed(names)}); poq-sim writes only into a new or empty folder or one of its own outputs: give another --out`);
  }
  const foreign = foreignEntries(target, kind);
  if (foreign.length > 0) {
    throw refuse(request, `is ${KIND_NAMES[kind]}, but holds files poq-sim did not write (${listed(foreign)}); move them away or give another --out`);
  }
  if (kind !== request.kind && !request.force) throw refuse(request, `holds ${KIND_NAMES[kind]}; pass --force to replace it, or give another --out`);
  if (kind === request.kind && !request.ownKindAllowed && !request.force) {
    const what = finished ? KIND_NAMES[kind] : kind === 'study' ? 'an unfinished poq-sim study folder (its command was stopped)' : 'an unfinished poq-sim experiment folder (its sweep was stopped)';
    throw refuse(request, `holds ${what}; ${request.ownKindAdvice ?? 'pass --force to replace it, or give another --out'}`);
  }
  return { state: 'output', kind };
}

function isBrokenLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The folder `poq-sim report` renders into: a poq-sim output whose report
 * entries (tables/, report.md, report.html) hold nothing but what a
 * report writes, since rendering replaces them. A user's files in figures/
 * are carried into the new figures/ (reports/figure-files.ts), and other
 * files a user added beside the report are left alone.
 */
export function checkReportFolder(folder: string): OutputKind {
  const request: OutputRequest = { path: folder, kind: 'run', ownKindAllowed: true };
  const target = resolve(folder);
  if (!existsSync(target)) throw refuse(request, 'no such folder');
  if (!lstatSync(target).isDirectory()) throw refuse(request, 'is a file, not a results folder');
  const kind = readOutputKind(target);
  if (kind === undefined) {
    throw refuse(request, 'is not a poq-sim output (it has no manifest.json of a run, a sweep or a calibration); poq-sim report renders the folders those commands write');
  }
  const reportEntries: readonly string[] = REPORT_ENTRIES;
  const foreign = foreignEntries(target, kind).filter((entry) => reportEntries.includes(entry.split('/')[0]!) && !entry.startsWith('figures/'));
  if (foreign.length > 0) {
    throw refuse(request, `holds files a report would replace but poq-sim did not write (${listed(foreign)}); move them away first`);
  }
  return kind;
}
