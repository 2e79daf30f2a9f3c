/**
 * What a documented command must have done besides exiting 0: the folders it
 * writes (the one its comment names, its `--out`, or a run's or sweep's
 * default `results/<scenario name>/`) are complete poq-sim outputs, and what
 * it prints for a reader to look at (jq, python3, cat) is there and has no
 * hole where a field was renamed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { DocumentedCommand } from './documented-commands.js';

/** The words of a command, quotes removed (enough for the documents' commands: no expansions). */
export function words(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** `writes results/x/` in a command's comment. */
const writesIn = (comment: string) => [...comment.matchAll(/\bwrites (\S+?)\/?(?=[\s;,]|$)/g)].map((m) => m[1]!);

/** The folder `poq-sim run|sweep <file>` writes without `--out`: `results/<the scenario's name>`. */
function defaultFolder(args: readonly string[], root: string): string | undefined {
  const [command, file] = args;
  if (!['run', 'sweep', 'exploit', 'sensitivity', 'tune'].includes(command ?? '') || !file || args.includes('--shard')) return undefined;
  const name = (parse(readFileSync(join(root, file), 'utf8')) as { name?: unknown }).name;
  return typeof name === 'string' ? join('results', name) : undefined;
}

/** Every folder the command says or implies it writes, relative to the workspace. */
export function foldersWritten(command: DocumentedCommand, root: string): string[] {
  const all = words(command.text);
  const folders = writesIn(command.comment);
  const poqSim = all.indexOf('poq-sim');
  if (poqSim >= 0) {
    const args = all.slice(poqSim + 1);
    const out = args.findIndex((word) => word === '--out' || word === '-o');
    if (out >= 0 && args[out + 1]) folders.push(args[out + 1]!);
    else {
      const folder = defaultFolder(args, root);
      if (folder) folders.push(folder);
    }
  }
  return [...new Set(folders)];
}

/** Folders among `folders` that are not a complete poq-sim output (every command writes its manifest.json last). */
export function incompleteFolders(folders: readonly string[], root: string): string[] {
  return folders.filter((folder) => !existsSync(join(root, folder, 'manifest.json')));
}

/** jq's output, one JSON value after another (jq prints each on its own lines, objects pretty-printed). */
function jqValues(stdout: string): unknown[] {
  return JSON.parse(`[${stdout.trim().replace(/\n(?=[{["\d-]|true|false|null)/g, ',\n')}]`) as unknown[];
}

/** The top-level fields of a jq object that came out null: a path into summary.json that no longer exists. */
function nullFields(value: unknown): string[] {
  if (value === null) return ['(the whole value)'];
  if (typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field === null)
    .map(([name]) => name);
}

/** What is wrong with what a command printed for the reader ([] when nothing is, or when it prints nothing to check). */
export function outputProblems(text: string, stdout: string): string[] {
  const program = words(text)[0];
  if (program === 'jq') {
    const values = jqValues(stdout);
    if (values.length === 0) return ['jq printed nothing'];
    return values.flatMap((value, i) => nullFields(value).map((field) => `jq value ${i + 1}: ${field} is null`));
  }
  if (program === 'python3' && !/\d/.test(stdout)) return [`python3 printed no numbers: ${JSON.stringify(stdout)}`];
  if (program === 'cat' && !stdout.includes('|')) return [`cat printed no table: ${JSON.stringify(stdout.slice(0, 200))}`];
  return [];
}
