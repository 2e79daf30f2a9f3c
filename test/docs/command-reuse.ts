/**
 * A documented command that an earlier document already ran as written, with
 * the same inputs, is not run a second time: README.md and a scenario's header
 * may show the same sweep, which takes minutes under CI's load. The first run
 * is checked in full (exit 0, its output, its folders complete); the folders
 * it wrote are kept, and the later document's copy receives them, so that the
 * commands after it read what that command writes.
 *
 * Same inputs means: the same text, the same bytes of everything the copy
 * holds from the clone (command-workspace.ts's COPIED: the built CLI, the
 * scenarios, profiles and schema) and of every file the command names, and
 * none of the folders it writes present before it runs (a command that
 * writes over or resumes a previous output does something else). A command
 * that writes no folder, or that needs a Redis server, is always run.
 * Results are byte-identical for the same inputs (CONTRIBUTING.md,
 * Determinism), manifest.json aside, which records where and when.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { words } from './command-checks.js';
import { COPIED } from './command-workspace.js';
import { DOCUMENTED_REDIS } from './queue-for-commands.js';

/** A command's first run: where it was written, and a copy of the folders it wrote. */
export interface KeptRun {
  readonly where: string;
  readonly folders: readonly string[];
  readonly dir: string;
}

/** Every file under `path` (a file or a folder), sorted, with its bytes, into `hash`. */
function hashTree(hash: ReturnType<typeof createHash>, root: string, path: string): void {
  const full = join(root, path);
  if (!existsSync(full)) hash.update(`absent ${path}\n`);
  else if (statSync(full).isDirectory()) for (const name of readdirSync(full).sort()) hashTree(hash, root, join(path, name));
  else hash.update(`file ${path}\n`).update(readFileSync(full));
}

export class KeptCommands {
  private readonly runs = new Map<string, KeptRun>();
  private dir: string | undefined;

  /** The key of `text` run in the copy at `root` now; undefined when a first run could not stand for it. */
  key(text: string, folders: readonly string[], root: string): string | undefined {
    if (folders.length === 0 || DOCUMENTED_REDIS.test(text)) return undefined;
    if (folders.some((folder) => existsSync(join(root, folder)))) return undefined;
    const hash = createHash('sha256').update(`${text}\n`);
    for (const entry of COPIED) hashTree(hash, root, entry);
    const named = words(text).filter(
      (word) => !word.startsWith('-') && existsSync(join(root, word)) && statSync(join(root, word)).isFile(),
    );
    for (const file of named) hashTree(hash, root, file);
    return hash.digest('hex');
  }

  recall(key: string): KeptRun | undefined {
    return this.runs.get(key);
  }

  /** Keeps a copy of the folders a command wrote in the copy at `root`, after its checks passed. */
  keep(key: string, where: string, folders: readonly string[], root: string): void {
    this.dir ??= mkdtempSync(join(tmpdir(), 'poq-commands-kept-'));
    const dir = join(this.dir, String(this.runs.size));
    for (const folder of folders) cpSync(join(root, folder), join(dir, folder), { recursive: true });
    this.runs.set(key, { where, folders, dir });
  }

  /** Puts the folders of a first run into the copy at `root`, where the command would have written them. */
  restore(run: KeptRun, root: string): void {
    for (const folder of run.folders) cpSync(join(run.dir, folder), join(root, folder), { recursive: true });
  }

  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
