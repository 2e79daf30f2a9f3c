/**
 * `poq-sim replay <experiment> --point I --replication R`: one run of a
 * sweep made again into its own run folder. Its metrics are the sweep's
 * row (I, R) of runs.csv, and its files are those `poq-sim run` writes for
 * the point's scenario with the replication's seed. It works on a stopped
 * sweep too (given its scenario), refuses a scenario that changed since,
 * and a point or replication out of range with the valid range.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { snakeCase } from '../../sim/experiment/parameter-path.js';
import { CLI, FIXTURES } from '../helpers.js';

const SCENARIO = `name: replayed
seed: 11
profile: ${join(FIXTURES, 'profiles', 'mm1.yaml')}
demand: { mode: poisson, ratePerSecond: 6 }
stop: { requests: 300 }
network:
  inference:
    - { model: exp-server, count: 2 }
    - { model: slow-server, count: 1 }
  evaluators:
    - { model: instant, count: 3 }
replications: 3
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0.2, 0.8] }
    - { path: demand.ratePerSecond, name: rate, values: [4, 8] }
`;

const cli = (args: readonly string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');

/** Every numeric field of summary.json, flattened as the sweep tables name run metrics (meanResponseMs → mean_response_ms). */
function flatNumbers(record: Record<string, unknown>, prefix = '', out = new Map<string, number | null>()): Map<string, number | null> {
  for (const [key, value] of Object.entries(record)) {
    const name = `${prefix}${snakeCase(key)}`;
    if (typeof value === 'number' || value === null) out.set(name, value);
    else if (typeof value === 'object' && !Array.isArray(value)) flatNumbers(value as Record<string, unknown>, `${name}_`, out);
  }
  return out;
}

let dir: string;
let rows: Record<string, string>[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'poq-replay-'));
  writeFileSync(join(dir, 'sweep.yaml'), SCENARIO);
  const sweep = cli(['sweep', 'sweep.yaml', '--out', 'exp', '--workers', '2', '--no-report', '--quiet'], dir);
  expect({ status: sweep.status, stderr: sweep.stderr }).toEqual({ status: 0, stderr: '' });
  rows = parse<Record<string, string>>(read(dir, 'exp', 'runs.csv'), { columns: true });
}, 120_000);

const row = (point: number, replication: number) =>
  rows.find((r) => r.point_id === String(point) && r.replication === String(replication))!;

describe('poq-sim replay', () => {
  it("writes the run's folder, whose metrics are the sweep's row of runs.csv", () => {
    const replay = cli(['replay', 'exp', '--point', '3', '--replication', '2', '--no-report'], dir);
    expect({ status: replay.status, stderr: replay.stderr }).toEqual({ status: 0, stderr: '' });
    const out = join(dir, 'results', 'replayed-p3-r2'); // the default folder
    expect(replay.stdout).toContain('replay of exp: point 3 (beta=0.8, rate=8), replication 2, seed ');
    const summary = flatNumbers(JSON.parse(read(out, 'summary.json')) as Record<string, unknown>);
    const expected = row(3, 2);
    expect(summary.get('seed')).toBe(Number(expected.seed));
    const compared = Object.keys(expected).filter((column) => summary.has(column) && column !== 'seed');
    expect(compared).toEqual(
      expect.arrayContaining(['events', 'virtual_time_ms', 'requests_settled', 'mean_response_ms', 'quality_per_usd']),
    );
    for (const column of compared) {
      const value = summary.get(column);
      expect([column, value === null ? '' : String(value)]).toEqual([column, expected[column]]);
    }
    const manifest = JSON.parse(read(out, 'manifest.json')) as { replayOf: unknown; seed: number };
    expect(manifest.replayOf).toEqual({ experiment: 'exp', experimentHash: expect.any(String), point: 3, replication: 2 });
    expect(manifest.seed).toBe(Number(expected.seed));
  });

  it("writes exactly what poq-sim run writes for the point's scenario and the replication's seed", () => {
    // Point 1 is beta = 0.2, rate = 8: a scenario file with those values, run with the seed of replication 1.
    writeFileSync(
      join(dir, 'point1.yaml'),
      'extends: ./sweep.yaml\nsweep: null\nreplications: null\ndemand: { ratePerSecond: 8 }\nmechanism: { rewards: { beta: 0.2 } }\n',
    );
    expect(row(1, 1).beta).toBe('0.2');
    expect(row(1, 1).rate).toBe('8');
    const run = cli(['run', 'point1.yaml', '--seed', row(1, 1).seed!, '--out', 'run-p1-r1', '--no-report', '-q'], dir);
    const replay = cli(['replay', 'exp', '--point', '1', '--replication', '1', '--out', 'replay-p1-r1', '--no-report', '-q'], dir);
    expect([run.status, replay.status]).toEqual([0, 0]);
    for (const file of ['summary.json', 'nodes.csv', 'report.md', 'profile.yaml']) {
      expect(read(dir, 'replay-p1-r1', file)).toBe(read(dir, 'run-p1-r1', file));
    }
  });

  it('a point or replication out of range: exit 2, the valid range, nothing written', () => {
    const point = cli(['replay', 'exp', '--point', '4', '--replication', '0', '--out', 'nothing'], dir);
    expect({ status: point.status, stderr: point.stderr.trim() }).toEqual({
      status: 2,
      stderr: 'poq-sim: exp: --point 4: the experiment has points 0–3',
    });
    const replication = cli(['replay', 'exp', '--point', '0', '--replication', '3', '--out', 'nothing'], dir);
    expect({ status: replication.status, stderr: replication.stderr.trim() }).toEqual({
      status: 2,
      stderr: 'poq-sim: exp: --replication 3: point 0 has replications 0–2',
    });
    const negative = cli(['replay', 'exp', '--point', '-1', '--replication', '0', '--out', 'nothing'], dir);
    expect(negative.status).toBe(2);
    expect(negative.stderr).toContain("option '--point <I>' argument '-1' is invalid. expected a whole number from 0.");
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });

  it('refuses a scenario that changed since the sweep ran', () => {
    const copy = mkdtempSync(join(tmpdir(), 'poq-replay-changed-'));
    cpSync(join(dir, 'exp'), join(copy, 'exp'), { recursive: true });
    writeFileSync(join(copy, 'sweep.yaml'), SCENARIO.replace('seed: 11', 'seed: 12'));
    const replay = cli(['replay', 'exp', '--point', '0', '--replication', '0', '--out', 'out'], copy);
    expect(replay.status).toBe(2);
    expect(replay.stderr.trim()).toBe(
      'poq-sim: exp: holds another experiment than sweep.yaml: the scenario, its sweep, the profile or the poq-sim version changed since it ran',
    );
    expect(existsSync(join(copy, 'out'))).toBe(false);
  });

  it('replays a stopped sweep (points only, no manifest) given its scenario', () => {
    const copy = mkdtempSync(join(tmpdir(), 'poq-replay-stopped-'));
    cpSync(join(dir, 'exp', 'points'), join(copy, 'exp', 'points'), { recursive: true });
    rmSync(join(copy, 'exp', 'points', '000003.json'));
    writeFileSync(join(copy, 'sweep.yaml'), SCENARIO);
    const without = cli(['replay', 'exp', '--point', '2', '--replication', '0'], copy);
    expect(without.status).toBe(2);
    expect(without.stderr).toContain(
      'exp: its sweep was stopped before it wrote manifest.json, which names the scenario: give the scenario with --scenario',
    );
    // A stored point and one the sweep had not reached yet: both are the sweep's runs.
    for (const point of [2, 3]) {
      const replay = cli(
        [
          'replay',
          'exp',
          '--scenario',
          'sweep.yaml',
          '--point',
          String(point),
          '--replication',
          '1',
          '--out',
          `p${point}`,
          '--no-report',
          '-q',
        ],
        copy,
      );
      expect({ status: replay.status, stderr: replay.stderr }).toEqual({ status: 0, stderr: '' });
      const summary = JSON.parse(read(copy, `p${point}`, 'summary.json')) as { seed: number; meanResponseMs: number };
      expect(summary.seed).toBe(Number(row(point, 1).seed));
      expect(String(summary.meanResponseMs)).toBe(row(point, 1).mean_response_ms);
    }
  });

  it('replays a sweep run with --set using the overrides its manifest records', () => {
    const sweep = cli(
      [
        'sweep',
        'sweep.yaml',
        '--out',
        'exp-set',
        '-w',
        '1',
        '--no-report',
        '-q',
        '--set',
        'mechanism.rewards.alpha=0.5',
        '--set',
        'replications=1',
      ],
      dir,
    );
    expect(sweep.status).toBe(0);
    const setRows = parse<Record<string, string>>(read(dir, 'exp-set', 'runs.csv'), { columns: true });
    const replay = cli(['replay', 'exp-set', '--point', '2', '--replication', '0', '--out', 'replay-set', '--no-report', '-q'], dir);
    expect({ status: replay.status, stderr: replay.stderr }).toEqual({ status: 0, stderr: '' });
    const manifest = JSON.parse(read(dir, 'replay-set', 'manifest.json')) as {
      overrides: string[];
      resolvedScenario: { mechanism: { rewards: { alpha: number } } };
    };
    expect(manifest.overrides).toEqual(['mechanism.rewards.alpha=0.5', 'replications=1']);
    expect(manifest.resolvedScenario.mechanism.rewards.alpha).toBe(0.5);
    const summary = JSON.parse(read(dir, 'replay-set', 'summary.json')) as { meanResponseMs: number };
    expect(String(summary.meanResponseMs)).toBe(setRows.find((r) => r.point_id === '2')!.mean_response_ms);
  });
});
