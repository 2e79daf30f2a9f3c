/**
 * The time-series table through the built CLI: a run folder's
 * timeseries.csv and .parquet, and a sweep's, byte-identical for any number
 * of worker threads, after a kill and --resume (each row once), and after
 * shards are merged; a point file that lost its time series is recomputed.
 * DuckDB reads the Parquet files with NULL where a column does not apply.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, cliAsync, expectSameFolders, pointFiles, waitFor, workspace, writeScenario } from './sweep-helpers.js';

const dir = workspace('timeseries');
const RUN = `extends: paper-baseline
name: timeseries-run
reference: null
stop: { requests: 300 }
output: { timeseries: { intervalSeconds: 30 } }
`;
const scenario = writeScenario(dir, 'run.yaml', RUN);
const sweepScenario = writeScenario(
  dir,
  'sweep.yaml',
  `${RUN.replace('name: timeseries-run', 'name: timeseries-sweep')}replications: 2
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 0.25, 0.5, 1] }
    - { path: mechanism.evaluatorsPerRound, name: k, values: [2, 3] }
`,
);
const runFolder = join(dir, 'run');
const reference = join(dir, 'workers-1');
const SWEEP = ['--no-progress', '--no-report'];

function succeed(args: readonly string[]) {
  const result = cli(args);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result;
}

function csvRows(folder: string): string[][] {
  return readFileSync(join(folder, 'timeseries.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

async function duckdb() {
  return (await DuckDBInstance.create(':memory:')).connect();
}

beforeAll(() => {
  succeed(['run', scenario, '--out', runFolder, '--no-report', '-q']);
  succeed(['sweep', sweepScenario, '--out', reference, '--workers', '1', ...SWEEP, '-q']);
});

describe('timeseries.csv and .parquet of a run', () => {
  it('are long tables with NULL where a column does not apply', () => {
    const rows = csvRows(runFolder);
    expect(rows[0]).toEqual(['time_s', 'level', 'role', 'group', 'metric', 'value']);
    expect(new Set(rows.slice(1).map((r) => r[1]))).toEqual(new Set(['role-model', 'population', 'run']));
    const runLevel = rows.filter((r) => r[1] === 'run');
    expect(runLevel.length).toBeGreaterThan(0);
    expect(runLevel.every((r) => r[2] === '' && r[3] === '')).toBe(true);
    const settled = runLevel.filter((r) => r[4] === 'requests_settled').reduce((a, r) => a + Number(r[5]), 0);
    expect(settled).toBe(300);
    const summary = JSON.parse(readFileSync(join(runFolder, 'summary.json'), 'utf8'));
    const llama = rows.filter((r) => r[1] === 'role-model' && r[3] === 'llama-3.2-3b' && r[4] === 'rounds');
    expect(llama.reduce((a, r) => a + Number(r[5]), 0)).toBe(
      summary.groups.find((g: { model: string }) => g.model === 'llama-3.2-3b').rounds,
    );
  });

  it('the Parquet file holds the CSV’s rows, with SQL NULLs', async () => {
    const db = await duckdb();
    const parquet = `read_parquet('${join(runFolder, 'timeseries.parquet')}')`;
    const counts = await db.runAndReadAll(
      `select count(*)::INTEGER as n, count(*) filter (where level = 'run' and role is null and "group" is null)::INTEGER as run from ${parquet}`,
    );
    const rows = csvRows(runFolder).slice(1);
    expect(counts.getRowObjects()[0]).toEqual({ n: rows.length, run: rows.filter((r) => r[1] === 'run').length });
    const mismatches = await db.runAndReadAll(`
      select count(*)::INTEGER as n from ${parquet} p
      full join read_csv('${join(runFolder, 'timeseries.csv')}', all_varchar = true) c
        on p.time_s = c.time_s::DOUBLE and p.level = c.level and p.role is not distinct from c.role
       and p."group" is not distinct from c."group" and p.metric = c.metric
      where p.value is distinct from c.value::DOUBLE`);
    expect(mismatches.getRowObjects()[0]!.n).toBe(0);
  });
});

describe('the time-series table of a sweep', () => {
  it('has point_id and replication first, and one row per point × replication × sample × series', () => {
    const rows = csvRows(reference);
    expect(rows[0]).toEqual(['point_id', 'replication', 'time_s', 'level', 'role', 'group', 'metric', 'value']);
    const keys = rows.slice(1).map((r) => r.slice(0, 7).join(','));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(rows.slice(1).map((r) => `${r[0]}/${r[1]}`)).size).toBe(8 * 2);
    const manifest = JSON.parse(readFileSync(join(reference, 'manifest.json'), 'utf8'));
    expect(manifest.tables.timeseries).toBe(keys.length);
    // Each run's requests settled add up to its stop.requests.
    const settled = new Map<string, number>();
    for (const r of rows.slice(1).filter((r) => r[3] === 'run' && r[6] === 'requests_settled')) {
      settled.set(`${r[0]}/${r[1]}`, (settled.get(`${r[0]}/${r[1]}`) ?? 0) + Number(r[7]));
    }
    expect([...settled.values()]).toEqual(Array.from({ length: 16 }, () => 300));
  });

  it('is byte-identical with 2 worker threads', () => {
    const out = join(dir, 'workers-2');
    succeed(['sweep', sweepScenario, '--out', out, '--workers', '2', ...SWEEP, '-q']);
    expectSameFolders(reference, out, expect);
  });

  it('after a kill and --resume holds each row once, identical to an uninterrupted sweep', async () => {
    const out = join(dir, 'killed');
    const child = cliAsync(['sweep', sweepScenario, '--out', out, '--workers', '1', ...SWEEP]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitFor(() => pointFiles(out).length >= 2, 'two finished points');
    child.kill('SIGKILL');
    await exited;
    const survivors = pointFiles(out).length;
    expect(survivors).toBeLessThan(8);
    expect(existsSync(join(out, 'timeseries.csv'))).toBe(false);

    const resumed = succeed(['sweep', sweepScenario, '--out', out, '--resume', '--workers', '2', ...SWEEP]);
    expect(resumed.stdout).toMatch(new RegExp(`resumed: ${survivors} points already done`));
    expectSameFolders(reference, out, expect);
    const keys = csvRows(out)
      .slice(1)
      .map((r) => r.slice(0, 7).join(','));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a point file that lost its time series is recomputed', () => {
    const out = join(dir, 'stripped');
    succeed(['sweep', sweepScenario, '--out', out, '--workers', '2', ...SWEEP, '-q']);
    const file = join(out, 'points', '000003.json');
    const { timeseries: _dropped, ...point } = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, `${JSON.stringify(point)}\n`);
    const result = cli(['sweep', sweepScenario, '--out', out, '--resume', '--workers', '1', ...SWEEP, '-q']);
    expect(result.status).toBe(0);
    expect(result.stderr.trim()).toMatch(/000003\.json is damaged \(it holds no time series\); recomputing point 3$/);
    expectSameFolders(reference, out, expect);
  });

  it('merged from shards equals the unsharded sweep', () => {
    const shards = [1, 2].map((i) => join(dir, `shard-${i}`));
    shards.forEach((out, i) => succeed(['sweep', sweepScenario, '--out', out, '--shard', `${i + 1}/2`, '--workers', '1', ...SWEEP, '-q']));
    expect(readdirSync(shards[0]!)).toContain('timeseries.parquet');
    const merged = join(dir, 'merged');
    succeed(['merge', ...shards, '--out', merged, '--no-report']);
    expectSameFolders(reference, merged, expect);
  });

  it('joins with the runs table on (point_id, replication) in DuckDB', async () => {
    const db = await duckdb();
    const result = await db.runAndReadAll(`
      select r.beta, sum(t.value)::INTEGER as settled
      from read_parquet('${join(reference, 'timeseries.parquet')}') t
      join read_parquet('${join(reference, 'runs.parquet')}') r using (point_id, replication)
      where t.level = 'run' and t.metric = 'requests_settled'
      group by r.beta order by r.beta`);
    expect(result.getRows()).toEqual([
      [0, 4 * 300],
      [0.25, 4 * 300],
      [0.5, 4 * 300],
      [1, 4 * 300],
    ]);
  });
});

describe('a sweep without output.timeseries', () => {
  it('writes no time-series table and keeps its point files free of one', () => {
    const plain = writeScenario(dir, 'plain.yaml', readFileSync(sweepScenario, 'utf8').replace(/^output:.*\n/m, ''));
    const out = join(dir, 'plain');
    succeed(['sweep', plain, '--out', out, '--workers', '2', ...SWEEP, '-q']);
    expect(existsSync(join(out, 'timeseries.csv'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'points', '000000.json'), 'utf8'))).not.toHaveProperty('timeseries');
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).tables).not.toHaveProperty('timeseries');
  });
});
