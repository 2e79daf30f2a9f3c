/**
 * The commit a manifest records, read from the repository's files, is the
 * one `git rev-parse HEAD` gives: a branch in its own file or only in
 * packed-refs, a detached HEAD, a worktree, and a folder that is no checkout.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitCommitOf } from '../../sim/system/git-commit.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'poq-git-'));
  git(dir, 'init', '-q');
  for (const n of [1, 2]) {
    writeFileSync(join(dir, 'file.txt'), `${n}\n`);
    git(dir, 'add', 'file.txt');
    git(dir, 'commit', '-qm', `commit ${n}`);
  }
  return dir;
}

describe('the commit of a checkout', () => {
  it('is what git says, for a branch in its own file and in packed-refs only', () => {
    const dir = repository();
    expect(gitCommitOf(dir)).toBe(git(dir, 'rev-parse', 'HEAD'));
    git(dir, 'pack-refs', '--all');
    expect(gitCommitOf(dir)).toBe(git(dir, 'rev-parse', 'HEAD'));
  });

  it('is what git says for a detached HEAD and for a worktree on another branch', () => {
    const dir = repository();
    git(dir, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(gitCommitOf(dir)).toBe(git(dir, 'rev-parse', 'HEAD'));
    const worktree = join(mkdtempSync(join(tmpdir(), 'poq-git-worktree-')), 'wt');
    git(dir, 'worktree', 'add', '-q', '-b', 'other', worktree, 'main');
    expect(gitCommitOf(worktree)).toBe(git(worktree, 'rev-parse', 'HEAD'));
    expect(gitCommitOf(worktree)).toBe(git(dir, 'rev-parse', 'main'));
  });

  it('is null for a folder git knows nothing of', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'poq-not-git-')), 'plain');
    mkdirSync(dir);
    expect(gitCommitOf(dir)).toBeNull();
  });
});
