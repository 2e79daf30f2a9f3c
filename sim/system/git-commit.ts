/**
 * The commit a git checkout is at, as `git rev-parse HEAD` says it, read
 * from the repository's files: starting git is a fork and an exec (and
 * loading node:child_process), a good part of a short run's start-up.
 * HEAD is read as git writes it — a commit, or a ref to one in its own
 * file or in packed-refs, in the checkout's .git folder or, for a
 * worktree, the folder its .git file points to and that folder's common
 * one. Anything else (another ref layout, a reftable repository) asks git
 * itself.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';

const COMMIT = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** The checkout's commit; without a .git of its own, what git says for the folder (null when git cannot say). */
export function gitCommitOf(checkout: string): string | null {
  try {
    return fromFiles(checkout) ?? fromGit(checkout);
  } catch {
    return fromGit(checkout);
  }
}

function fromFiles(checkout: string): string | null | undefined {
  const dotGit = join(checkout, '.git');
  if (!existsSync(dotGit)) return undefined;
  const gitDir = statSync(dotGit).isDirectory() ? dotGit : pointedTo(dotGit);
  if (!gitDir) return undefined;
  const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  if (COMMIT.test(head)) return head;
  const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  const commonDir = existsSync(join(gitDir, 'commondir'))
    ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
    : gitDir;
  for (const dir of new Set([gitDir, commonDir])) {
    const file = join(dir, ref);
    if (existsSync(file)) {
      const commit = readFileSync(file, 'utf8').trim();
      return COMMIT.test(commit) ? commit : undefined;
    }
  }
  return packedRef(commonDir, ref);
}

/** The folder a worktree's (or submodule's) .git file names. */
function pointedTo(dotGitFile: string): string | undefined {
  const target = /^gitdir: (.+)$/m.exec(readFileSync(dotGitFile, 'utf8'))?.[1]?.trim();
  if (!target) return undefined;
  return isAbsolute(target) ? target : resolve(dirname(dotGitFile), target);
}

function packedRef(commonDir: string, ref: string): string | undefined {
  const file = join(commonDir, 'packed-refs');
  if (!existsSync(file)) return undefined;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [commit, name] = line.split(' ');
    if (name === ref && commit && COMMIT.test(commit)) return commit;
  }
  return undefined;
}

function fromGit(checkout: string): string | null {
  try {
    const { execFileSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: checkout, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}
