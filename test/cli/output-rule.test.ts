/**
 * The one output rule, through the CLI: every command that writes (run,
 * sweep, merge, report, calibrate) writes only into a new or empty folder
 * or one of poq-sim's own outputs. Anything else is refused with exit 2 and
 * one line saying what is there, and is left exactly as it was.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { betaSweep } from '../experiment/sweep-helpers.js';
import { CLI, ROOT } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'poq-output-rule-'));
const SCENARIO = join(dir, 'small.yaml');
writeFileSync(SCENARIO, betaSweep([0, 1]));

function cli(args: readonly string[], cwd = ROOT) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
}

/** Every file below `folder` with its bytes, so "left as it was" can be checked byte for byte. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(folder, path)] = readFileSync(path).toString('base64');
    }
  };
  walk(folder);
  return files;
}

function expectRefused(result: ReturnType<typeof cli>, pattern: RegExp) {
  expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: 2 });
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stdout).toBe('');
}

/** A folder of the user's own files. */
function userFolder(name: string): string {
  const folder = join(dir, name);
  mkdirSync(join(folder, 'data'), { recursive: true });
  writeFileSync(join(folder, 'notes.txt'), 'my notes\n');
  writeFileSync(join(folder, 'data', 'prices.csv'), 'a,b\n1,2\n');
  return folder;
}

const run = join(dir, 'run');
const experiment = join(dir, 'experiment');
beforeAll(() => {
  expect(cli(['run', SCENARIO, '--out', run, '--no-report', '-q']).status).toBe(0);
  expect(cli(['sweep', SCENARIO, '--out', experiment, '--no-report', '--no-progress', '-q', '--workers', '1']).status).toBe(0);
});

describe('poq-sim run --out', () => {
  it('refuses a regular file and leaves it as it was', () => {
    const file = join(dir, 'a-file.txt');
    writeFileSync(file, 'keep me\n');
    expectRefused(
      cli(['run', SCENARIO, '--out', file, '--no-report']),
      /a-file\.txt: is a file, not a folder; poq-sim never replaces a file/,
    );
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    expectRefused(cli(['run', SCENARIO, '--out', file, '--no-report', '--force']), /is a file, not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  it('refuses a folder of other files, even with --force, and leaves it as it was', () => {
    const folder = userFolder('mine');
    const before = snapshot(folder);
    expectRefused(cli(['run', SCENARIO, '--out', folder, '--no-report']), /mine: holds files poq-sim did not write \(data, notes\.txt\)/);
    expectRefused(cli(['run', SCENARIO, '--out', folder, '--no-report', '--force']), /holds files poq-sim did not write/);
    expect(snapshot(folder)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('refuses the current folder and its parents, even when empty', () => {
    const work = userFolder('project');
    const before = snapshot(work);
    expectRefused(
      cli(['run', SCENARIO, '--out', '.', '--no-report', '--force'], work),
      /^poq-sim: \.: is the current folder; poq-sim writes each output into a folder of its own/,
    );
    expectRefused(cli(['run', SCENARIO, '--out', '..', '--no-report', '--force'], work), /\.\.: is a parent of the current folder/);
    const empty = join(dir, 'empty-cwd');
    mkdirSync(empty);
    expectRefused(cli(['run', SCENARIO, '--out', '.', '--no-report'], empty), /is the current folder/);
    expect(snapshot(work)).toEqual(before);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('refuses poq-sim’s own folder and the folders above it', () => {
    expectRefused(cli(['run', SCENARIO, '--out', ROOT, '--no-report', '--force'], dir), /is poq-sim’s own folder/);
    expectRefused(
      cli(['run', SCENARIO, '--out', dirname(ROOT), '--no-report', '--force'], dir),
      /holds poq-sim’s own folder|is a parent of the current folder/,
    ); // the latter when the checkout sits beside the temporary folders
  });

  it('refuses a symbolic link', () => {
    const link = join(dir, 'link');
    symlinkSync(run, link);
    expectRefused(cli(['run', SCENARIO, '--out', link, '--no-report']), /link: is a symbolic link; give the folder it points to/);
  });

  it('writes into a new path, an empty folder, and replaces its own previous run', () => {
    const fresh = join(dir, 'deep', 'new', 'run');
    expect(cli(['run', SCENARIO, '--out', fresh, '--no-report', '-q']).status).toBe(0);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(cli(['run', SCENARIO, '--out', empty, '--no-report', '-q']).status).toBe(0);
    expect(readdirSync(empty).sort()).toEqual(['manifest.json', 'nodes.csv', 'profile.yaml', 'report.md', 'summary.json']);
    const again = cli(['run', SCENARIO, '--out', fresh, '--no-report', '-q', '--seed', '5']);
    expect(again.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(fresh, 'summary.json'), 'utf8')).seed).toBe(5);
  });

  it('refuses its own previous run once a user has added a file to it', () => {
    const copy = join(dir, 'run-with-notes');
    cpSync(run, copy, { recursive: true });
    writeFileSync(join(copy, 'analysis.ipynb'), '{}');
    const before = snapshot(copy);
    expectRefused(
      cli(['run', SCENARIO, '--out', copy, '--no-report', '--force']),
      /is a poq-sim run folder, but holds files poq-sim did not write \(analysis\.ipynb\); move them away or give another --out/,
    );
    expect(snapshot(copy)).toEqual(before);
    rmSync(join(copy, 'analysis.ipynb'));
    mkdirSync(join(copy, 'figures'));
    writeFileSync(join(copy, 'figures', 'my-sketch.jpg'), 'x');
    const withSketch = snapshot(copy);
    expectRefused(cli(['run', SCENARIO, '--out', copy, '--no-report']), /holds files poq-sim did not write \(figures\/my-sketch\.jpg\)/);
    expect(snapshot(copy)).toEqual(withSketch);
  });

  it('replaces an output of another kind only with --force', () => {
    const copy = join(dir, 'experiment-copy');
    cpSync(experiment, copy, { recursive: true });
    const before = snapshot(copy);
    expectRefused(
      cli(['run', SCENARIO, '--out', copy, '--no-report']),
      /holds a poq-sim experiment folder; pass --force to replace it, or give another --out/,
    );
    expect(snapshot(copy)).toEqual(before);
    expect(cli(['run', SCENARIO, '--out', copy, '--no-report', '-q', '--force']).status).toBe(0);
    expect(existsSync(join(copy, 'points'))).toBe(false);
    expect(existsSync(join(copy, 'summary.json'))).toBe(true);
  });
});

describe('the other commands that write', () => {
  it('sweep refuses a folder of other files, even with --force or --resume', () => {
    const folder = userFolder('sweep-into-mine');
    const before = snapshot(folder);
    for (const flag of ['--force', '--resume']) {
      expectRefused(
        cli(['sweep', SCENARIO, '--out', folder, '--no-report', '--no-progress', flag]),
        /holds files poq-sim did not write \(data, notes\.txt\)/,
      );
    }
    expect(snapshot(folder)).toEqual(before);
  });

  it('sweep refuses a run folder without --force, and replaces it with it', () => {
    const copy = join(dir, 'run-copy');
    cpSync(run, copy, { recursive: true });
    expectRefused(cli(['sweep', SCENARIO, '--out', copy, '--no-report', '--no-progress']), /holds a poq-sim run folder; pass --force/);
    expect(cli(['sweep', SCENARIO, '--out', copy, '--no-report', '--no-progress', '-q', '--force', '--workers', '1']).status).toBe(0);
    expect(existsSync(join(copy, 'summary.json'))).toBe(false);
    expect(readdirSync(join(copy, 'points'))).toHaveLength(2);
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('merge refuses a folder of other files and one of its own inputs', () => {
    const folder = userFolder('merge-into-mine');
    const before = snapshot(folder);
    expectRefused(cli(['merge', experiment, '--out', folder, '--force', '--no-report']), /holds files poq-sim did not write/);
    expect(snapshot(folder)).toEqual(before);
    expectRefused(cli(['merge', experiment, '--out', experiment, '--force', '--no-report']), /is one of the folders being merged/);
  });

  it('report refuses a folder that is not a poq-sim output, and keeps files in figures/ it did not draw', () => {
    const folder = userFolder('report-into-mine');
    const before = snapshot(folder);
    expectRefused(cli(['report', folder]), /is not a poq-sim output \(it has no manifest\.json of a run, a sweep or a calibration\)/);
    expect(snapshot(folder)).toEqual(before);
    const copy = join(dir, 'run-with-figure');
    cpSync(run, copy, { recursive: true });
    mkdirSync(join(copy, 'figures'));
    writeFileSync(join(copy, 'figures', 'mine.jpg'), 'x');
    mkdirSync(join(copy, 'tables'));
    writeFileSync(join(copy, 'tables', 'mine.csv'), 'y');
    expectRefused(cli(['report', copy]), /holds files a report would replace but poq-sim did not write \(tables\/mine\.csv\)/);
    rmSync(join(copy, 'tables', 'mine.csv'));
    const result = cli(['report', copy, '--formats', 'svg', '-q']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(join(copy, 'figures', 'mine.jpg'), 'utf8')).toBe('x');
    expect(existsSync(join(copy, 'figures', 'reward-by-group.svg'))).toBe(true);
  });

  it('calibrate refuses a folder of other files and replaces its own profile folder', () => {
    const log = join(ROOT, 'calibration', 'profiles', 'local-cpu', 'measurements.csv');
    const folder = userFolder('profile-into-mine');
    const before = snapshot(folder);
    expectRefused(
      cli(['calibrate', '--from-log', log, '--cost-usd-per-hour', '0.1', '--out', folder, '--force', '-q']),
      /holds files poq-sim did not write/,
    );
    expect(snapshot(folder)).toEqual(before);
    const profile = join(dir, 'profile');
    for (let i = 0; i < 2; i++) {
      const result = cli(['calibrate', '--from-log', log, '--cost-usd-per-hour', '0.1', '--out', profile, '-q']);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
    expect(readdirSync(profile).sort()).toEqual(['manifest.json', 'measurements.csv', 'profile.yaml', 'report.md']);
    expect(JSON.parse(readFileSync(join(profile, 'manifest.json'), 'utf8'))).toMatchObject({
      tool: 'poq-sim',
      format: 'poq-sim/calibration/v1',
      measurementLog: log,
    });
    expectRefused(
      cli(['calibrate', '--from-log', log, '--cost-usd-per-hour', '0.1', '--out', run, '-q']),
      /holds a poq-sim run folder; pass --force/,
    );
  });
});
