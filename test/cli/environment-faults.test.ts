/**
 * Faults of the machine, through the CLI: a folder without write
 * permission, a path below a regular file, a full disk, too few file
 * descriptors. Each ends with one line naming the path and the system's
 * reason, exit code 3, no stack trace and nothing half-written; a sweep's
 * line says how to resume, and the resumed sweep equals an uninterrupted one.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT_ENVIRONMENT } from '../../sim/system/exit-codes.js';
import { betaSweep, expectSameFolders } from '../experiment/sweep-helpers.js';
import { CLI } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'poq-faults-'));
chmodSync(dir, 0o755); // readable by the unprivileged user the permission tests run as
const SCENARIO = join(dir, 'small.yaml');
writeFileSync(SCENARIO, betaSweep([0, 0.2, 0.4, 0.6, 0.8, 1]));
const RUN = ['run', SCENARIO, '--no-report'];
const SWEEP = ['sweep', SCENARIO, '--no-report', '--no-progress', '--workers', '1'];

function cli(args: readonly string[], options: SpawnSyncOptions = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', ...options }) as ReturnType<typeof spawnSync> & {
    stdout: string;
    stderr: string;
  };
}

function expectFault(result: { status: number | null; stderr: string; stdout?: string }, pattern: RegExp) {
  expect({ status: result.status, stderr: result.stderr }).toMatchObject({ status: EXIT_ENVIRONMENT });
  expect(result.stderr.trimEnd()).toMatch(pattern);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at |Error:/);
}

/** Root ignores permissions: as root, run the command as the unprivileged user "nobody". */
const asUnprivileged: SpawnSyncOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

describe('a folder without write permission', () => {
  const locked = join(dir, 'locked');
  beforeAll(() => {
    mkdirSync(locked);
    chmodSync(locked, 0o555);
  });

  it('run: one line naming the folder, exit 3, nothing written', () => {
    const result = cli([...RUN, '--out', join(locked, 'r')], asUnprivileged);
    expectFault(result, new RegExp(`^poq-sim: ${locked}: permission denied \\(EACCES\\): cannot create ${join(locked, 'r')} there$`));
    expect(readdirSync(locked)).toEqual([]);
  });

  it('sweep: the same, with the command that resumes it', () => {
    const out = join(locked, 's');
    const result = cli([...SWEEP, '--out', out], asUnprivileged);
    expectFault(
      result,
      new RegExp(
        `permission denied \\(EACCES\\).*; finished points are kept; once that is fixed, continue with: poq-sim sweep ${SCENARIO} --out ${out} --workers 1 --no-report --resume$`,
      ),
    );
    expect(readdirSync(locked)).toEqual([]);
  });
});

describe('a path below a regular file', () => {
  const file = join(dir, 'plain-file');
  beforeAll(() => writeFileSync(file, 'keep\n'));

  for (const [command, args] of [
    ['run', RUN],
    ['sweep', SWEEP],
  ] as const) {
    it(`${command}: one line, exit 3, the file untouched`, () => {
      const result = cli([...args, '--out', join(file, 'sub', 'out')]);
      expectFault(
        result,
        new RegExp(`^poq-sim: ${file}: is a file, so ${join(file, 'sub', 'out')} cannot be created below it \\(ENOTDIR\\)`),
      );
      expect(readFileSync(file, 'utf8')).toBe('keep\n');
    });
  }
});

describe('too few file descriptors', () => {
  // How many a run needs depends on the build (the bundle loads a few dozen files) and on Node: over a
  // range of limits, each run either completes or ends in the one line, and the lower ones do not complete.
  // Below about 18 Node cannot read poq-sim's first file, before any of poq-sim's code runs.
  it('run: one line saying to raise the limit, exit 3, at every limit too low to run', () => {
    const faulted: number[] = [];
    for (const limit of [40, 32, 28, 24, 22, 20, 19]) {
      const out = join(dir, `few-files-${limit}`);
      const result = spawnSync(
        'sh',
        ['-c', `ulimit -n ${limit} && exec "${process.execPath}" "${CLI}" run "${SCENARIO}" --out "${out}" --no-report`],
        { encoding: 'utf8' },
      );
      if (result.status === 0) {
        expect(existsSync(join(out, 'summary.json')), `limit ${limit}`).toBe(true);
        continue;
      }
      expectFault(result, /too many open files|raise the open-file limit with ulimit -n/);
      expect(existsSync(out), `limit ${limit}`).toBe(false);
      faulted.push(limit);
    }
    expect(faulted).toContain(19);
    expect(faulted).toContain(20);
  });
});

/** Mount namespaces let an unprivileged test mount a tiny tmpfs that fills up; a machine without them skips these tests. */
const canMount = spawnSync('unshare', ['--mount', '--map-root-user', 'true']).status === 0;
if (!canMount) console.warn('skipped: the full-disk tests need unshare --mount --map-root-user (util-linux, and user namespaces enabled)');

/** Runs a shell script in a private mount namespace with a tmpfs of `size` mounted at $M. */
function onSmallDisk(size: string, script: string) {
  const mountPoint = mkdtempSync(join(dir, 'disk-'));
  const result = spawnSync(
    'unshare',
    ['--mount', '--map-root-user', 'sh', '-c', `mount -t tmpfs -o size=${size} tmpfs "$M" && ${script}`],
    {
      encoding: 'utf8',
      env: { ...process.env, M: mountPoint, NODE: process.execPath, CLI, SCENARIO },
    },
  );
  if (result.status !== 0) throw new Error(`the script failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

describe.skipIf(!canMount)('a full disk', () => {
  it('run: one line, exit 3, nothing left on the disk', () => {
    const stdout = onSmallDisk(
      '16k',
      `"$NODE" "$CLI" run "$SCENARIO" --no-report --out "$M/results/r" 2>"$M.err"; echo "exit=$?"; find "$M" | sort; cat "$M.err"`,
    );
    const [exit, ...rest] = stdout.trim().split('\n');
    expect(exit).toBe(`exit=${EXIT_ENVIRONMENT}`);
    const listing = rest.filter((line) => !line.startsWith('poq-sim:'));
    expect(listing).toEqual([listing[0]]); // the mount point alone: no staging folder, not even results/
    expectFault(
      { status: EXIT_ENVIRONMENT, stderr: `${rest.filter((line) => line.startsWith('poq-sim:')).join('\n')}\n` },
      /results\/r: no space left on device \(ENOSPC\)$/,
    );
  });

  it('report: one line, exit 3, the folder as it was', () => {
    const run = join(dir, 'run-for-report');
    expect(cli([...RUN, '--out', run, '-q']).status).toBe(0);
    const stdout = onSmallDisk(
      '160k',
      `cp -a "${run}" "$M/run" && ls -A "$M/run" > "$M.before" && "$NODE" "$CLI" report "$M/run" 2>"$M.err"; echo "exit=$?"; cat "$M.err"; ls -A "$M/run" | diff "$M.before" - && echo same`,
    );
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`exit=${EXIT_ENVIRONMENT}`);
    expectFault({ status: EXIT_ENVIRONMENT, stderr: `${lines[1]}\n` }, /\/run: no space left on device \(ENOSPC\)$/);
    expect(lines[2]).toBe('same'); // no report files, no staging folder left
  });

  it('sweep: one line with the resume command; resumed on a larger disk, it equals an uninterrupted run', () => {
    const reference = join(dir, 'reference');
    expect(cli([...SWEEP, '--out', reference, '-q']).status).toBe(0);
    const resumed = join(dir, 'resumed');
    const stdout = onSmallDisk(
      '48k',
      `"$NODE" "$CLI" sweep "$SCENARIO" --no-report --no-progress --workers 1 --out "$M/x" 2>"$M.err"; echo "first=$?"; cat "$M.err";
       ls -A "$M/x" "$M/x/points" | tr '\\n' ' '; echo;
       for f in "$M"/x/points/*.json; do "$NODE" -e "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'))" "$f" || echo "broken $f"; done;
       mount -o remount,size=64m "$M";
       "$NODE" "$CLI" sweep "$SCENARIO" --no-report --no-progress --workers 1 --out "$M/x" --resume -q; echo "second=$?";
       cp -a "$M/x" "${resumed}"`,
    );
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(`first=${EXIT_ENVIRONMENT}`);
    expectFault(
      { status: EXIT_ENVIRONMENT, stderr: `${lines[1]}\n` },
      /no space left on device \(ENOSPC\); finished points are kept; once that is fixed, continue with: poq-sim sweep .* --out .*\/x --workers 1 --no-report --resume$/,
    );
    expect(lines[2]).not.toMatch(/\.tmp-/); // no temporary file left behind
    expect(lines[2]).toMatch(/points/);
    expect(stdout).not.toMatch(/broken/);
    expect(lines.at(-1)).toBe('second=0');
    expectSameFolders(reference, resumed, expect);
  });
});
