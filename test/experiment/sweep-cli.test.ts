/**
 * `poq-sim sweep`, `merge` end to end through the built CLI: identical
 * results for any worker count, kill and resume, Ctrl-C, shards, tidy
 * tables read back by DuckDB, common random numbers, the stopping rule.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasReportFonts } from '../system-programs.js';
import { CLI } from '../helpers.js';
import { cli, cliAsync, expectSameFolders, SMALL_SWEEP, workspace, writeScenario } from './sweep-helpers.js';

const dir = workspace('sweep');
const scenario = writeScenario(dir, 'small.yaml', SMALL_SWEEP);
const reference = join(dir, 'workers-1');

function sweep(out: string, ...args: string[]) {
  const result = cli(['sweep', scenario, '--out', out, '--no-progress', '--no-report', ...args]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result;
}

function csv(folder: string, table: string): string[][] {
  return readFileSync(join(folder, `${table}.csv`), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
}

beforeAll(() => {
  sweep(reference, '--workers', '1');
});

describe('poq-sim sweep', () => {
  it('writes the experiment folder', () => {
    const files = readdirSync(reference).sort();
    expect(files).toEqual([
      'manifest.json',
      'metrics.csv',
      'metrics.parquet',
      'parameters.json',
      'points',
      'profile.yaml',
      'runs.csv',
      'runs.parquet',
      'summary.csv',
      'summary.parquet',
    ]);
    expect(readdirSync(join(reference, 'points'))).toHaveLength(8);
    const manifest = JSON.parse(readFileSync(join(reference, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      tool: 'poq-sim',
      format: 'poq-sim/experiment/v1',
      scenarioName: 'small-sweep',
      parameters: ['beta', 'k'],
      replications: 3,
      points: { total: 8, inFolder: 8 },
      shard: null,
      executor: { kind: 'threads', workers: 1 },
      stoppedBy: { replications: 8 },
      seeds: { root: 20251218, commonRandomNumbers: ['beta', 'k'], independent: [] },
      profile: { name: 'paper-rtx4090' },
      tables: { runs: 24 },
    });
    expect(manifest.experimentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.scenarioHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.wallTimeMs).toBeGreaterThan(0);
    expect(manifest.resolvedScenario.stop.requests).toBe(300);
    const parameters = JSON.parse(readFileSync(join(reference, 'parameters.json'), 'utf8'));
    expect(parameters).toEqual([
      {
        name: 'beta',
        path: 'mechanism.rewards.beta',
        design: 0,
        method: 'grid',
        values: [0, 0.25, 0.5, 1],
        commonRandomNumbers: true,
        type: 'double',
      },
      {
        name: 'k',
        path: 'mechanism.evaluatorsPerRound',
        design: 0,
        method: 'grid',
        values: [2, 3],
        commonRandomNumbers: true,
        type: 'int32',
      },
    ]);
  });

  it('writes tidy runs, metrics and summary tables', () => {
    const runs = csv(reference, 'runs');
    expect(runs[0]).toEqual([
      'point_id',
      'replication',
      'seed',
      'beta',
      'k',
      'level',
      'stop_reason',
      'events',
      'virtual_time_ms',
      'requests_generated',
      'requests_settled',
      'mean_response_ms',
      'quality_per_usd',
      'consensus_mae',
      'consensus_correlation',
      'consensus_honest_mae',
      ...['inference', 'evaluator'].flatMap((role) =>
        ['utilization', 'mean_in_system', 'mean_in_queue', 'p_wait'].map((metric) => `queues_${role}_${metric}`),
      ),
      'adversary_reward_share',
      'honest_loss_per_round',
      'honest_loss_total',
      'audit_detection_rate',
      'audit_false_positive_rate',
      'ejected_nodes',
    ]);
    expect(runs).toHaveLength(1 + 8 * 3);
    expect(runs.slice(1).map((r) => r.slice(0, 2).join('/'))).toEqual(
      Array.from({ length: 24 }, (_, i) => `${Math.floor(i / 3)}/${i % 3}`),
    );
    const metrics = csv(reference, 'metrics');
    expect(metrics[0]).toEqual([
      'point_id',
      'replication',
      'beta',
      'k',
      'level',
      'role',
      'model',
      'population',
      'operator',
      'metric',
      'value',
    ]);
    const metricNames = new Set(metrics.slice(1).map((r) => r[9]));
    for (const name of [
      'mean_reward',
      'sd_reward',
      'total_reward',
      'mean_consensus_quality',
      'mean_true_quality',
      'mean_agreement',
      'mean_score',
      'mean_cost',
      'correlation_with_truth',
      'consensus_mae',
      'consensus_correlation',
      'requests_settled',
      'events',
      'mean_response_ms',
    ]) {
      expect(metricNames).toContain(name);
    }
    expect(metricNames).not.toContain('ci95');
    const runLevel = metrics.slice(1).filter((r) => r[9] === 'requests_settled');
    expect(runLevel).toHaveLength(24);
    // A run-level row has the level run and no group: its role, model, population and operator are empty (NULL).
    expect(runLevel.every((r) => r[4] === 'run' && r.slice(5, 9).join('') === '' && r[10] === '300')).toBe(true);
    const summary = csv(reference, 'summary');
    expect(summary[0]).toEqual([
      'point_id',
      'beta',
      'k',
      'level',
      'role',
      'model',
      'population',
      'operator',
      'metric',
      'n',
      'mean',
      'sd',
      'ci_low',
      'ci_high',
    ]);
    // The (role, model) group has no population; the population's own row, at its own level, follows it.
    const llama = summary.find((r) => r[0] === '2' && r[3] === 'role-model' && r[5] === 'llama-3.2-3b' && r[8] === 'mean_reward')!;
    expect(llama[6]).toBe('');
    expect(summary.some((r) => r[0] === '2' && r[3] === 'population' && r[6] === 'llama-3.2-3b' && r[8] === 'mean_reward')).toBe(true);
    expect(llama.slice(1, 3)).toEqual(['0.25', '2']);
    const values = metrics
      .slice(1)
      .filter((r) => r[0] === '2' && r[4] === 'role-model' && r[6] === 'llama-3.2-3b' && r[9] === 'mean_reward')
      .map((r) => Number(r[10]));
    expect(values).toHaveLength(3);
    const mean = values.reduce((a, b) => a + b, 0) / 3;
    expect(Number(llama[9])).toBe(3);
    expect(Number(llama[10])).toBeCloseTo(mean, 12);
    expect(Number(llama[12])).toBeLessThan(mean);
    expect(Number(llama[13])).toBeGreaterThan(mean);
  });

  it('gives byte-identical results with 2 workers', () => {
    const out = join(dir, 'workers-2');
    sweep(out, '--workers', '2');
    expectSameFolders(reference, out, expect);
  });

  it('shares seeds across mechanism parameters (common random numbers)', () => {
    const runs = csv(reference, 'runs').slice(1);
    const seedsOf = (point: string) => runs.filter((r) => r[0] === point).map((r) => r[2]);
    for (let point = 1; point < 8; point++) expect(seedsOf(String(point))).toEqual(seedsOf('0'));
    expect(new Set(seedsOf('0')).size).toBe(3);
  });

  it('Parquet tables read back in DuckDB equal the CSV tables', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    for (const table of ['runs', 'metrics', 'summary']) {
      const parquet = join(reference, `${table}.parquet`);
      const count = await db.runAndReadAll(`select count(*)::INTEGER as n from read_parquet('${parquet}')`);
      expect(count.getRowObjects()[0]!.n).toBe(csv(reference, table).length - 1);
    }
    const types = await db.runAndReadAll(
      `select column_name, column_type from (describe select * from read_parquet('${join(reference, 'runs.parquet')}'))`,
    );
    expect(Object.fromEntries(types.getRows().map(([name, type]) => [name, type]))).toMatchObject({
      point_id: 'INTEGER',
      replication: 'INTEGER',
      seed: 'BIGINT',
      beta: 'DOUBLE',
      k: 'INTEGER',
      level: 'VARCHAR',
      stop_reason: 'VARCHAR',
      requests_settled: 'DOUBLE',
    });
    const mismatches = await db.runAndReadAll(`
      select count(*)::INTEGER as n from read_parquet('${join(reference, 'metrics.parquet')}') p
      full join read_csv('${join(reference, 'metrics.csv')}', all_varchar = true) c
        on p.point_id = c.point_id::INTEGER and p.replication = c.replication::INTEGER and p.level = c.level
       and p.role is not distinct from c.role and p.model is not distinct from c.model
       and p.population is not distinct from c.population and p.operator is not distinct from c.operator and p.metric = c.metric
      where p.value is distinct from c.value::DOUBLE`);
    expect(mismatches.getRowObjects()[0]!.n).toBe(0);
    const seeds = await db.runAndReadAll(
      `select seed::VARCHAR as seed from read_parquet('${join(reference, 'runs.parquet')}') order by point_id, replication`,
    );
    expect(seeds.getRows().map(([seed]) => seed)).toEqual(
      csv(reference, 'runs')
        .slice(1)
        .map((r) => r[2]),
    );
    const summary = await db.runAndReadAll(`
      select mean, ci_low, ci_high from read_parquet('${join(reference, 'summary.parquet')}')
      where level = 'role-model' and model = 'llama-3.2-3b' and metric = 'mean_reward' and beta = 0.25 and k = 2`);
    const [mean, low, high] = summary.getRows()[0] as number[];
    expect(low).toBeLessThan(mean!);
    expect(high).toBeGreaterThan(mean!);
  });

  it('resumes after a kill without recomputing finished points, identical to an uninterrupted run', async () => {
    const out = join(dir, 'killed');
    const child = cliAsync(['sweep', scenario, '--out', out, '--workers', '1', '--no-progress', '--no-report']);
    const points = join(out, 'points');
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        const done = existsSync(points) ? readdirSync(points).filter((f) => f.endsWith('.json')).length : 0;
        if (done >= 2) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        reject(new Error('the sweep ended before it could be killed'));
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const survivors = readdirSync(points).filter((f) => f.endsWith('.json'));
    expect(survivors.length).toBeGreaterThanOrEqual(2);
    expect(survivors.length).toBeLessThan(8);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    const before = new Map(survivors.map((f) => [f, statSync(join(points, f)).mtimeMs]));

    const refused = cli(['sweep', scenario, '--out', out, '--no-progress', '--no-report']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/holds an unfinished poq-sim experiment folder \(its sweep was stopped\); pass --resume/);

    const resumed = sweep(out, '--resume', '--workers', '2');
    expect(resumed.stdout).toMatch(new RegExp(`resumed: ${survivors.length} points already done`));
    for (const [file, mtime] of before) expect(statSync(join(points, file)).mtimeMs).toBe(mtime);
    expectSameFolders(reference, out, expect);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).resumed).toBe(true);
  });

  it('runs under node flags a worker thread may not be given again (--max-old-space-size), with the same results', () => {
    const out = join(dir, 'node-flags');
    const result = spawnSync(
      process.execPath,
      ['--max-old-space-size=1024', CLI, 'sweep', scenario, '--out', out, '--no-progress', '--no-report', '--workers', '2'],
      { encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expectSameFolders(reference, out, expect);
  });

  it('stops cleanly on Ctrl-C (SIGINT), and resumes', async () => {
    const out = join(dir, 'interrupted');
    const child = cliAsync(['sweep', scenario, '--out', out, '--workers', '1', '--no-progress', '--no-report']);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const points = join(out, 'points');
    const timer = setInterval(() => {
      if (existsSync(points) && readdirSync(points).length >= 1) {
        clearInterval(timer);
        child.kill('SIGINT');
      }
    }, 5);
    const code = await new Promise((resolve) => child.on('exit', (status) => resolve(status)));
    clearInterval(timer);
    expect(code).toBe(130);
    expect(stderr).toMatch(/^poq-sim: interrupted: \d+ of 8 points are saved in .*points; continue with: poq-sim sweep .* --resume\n$/);
    expect(readdirSync(points).filter((f) => f.includes('.tmp-'))).toEqual([]);
    sweep(out, '--resume');
    expectSameFolders(reference, out, expect);
  });

  it('runs shards for batch schedulers and merges them into the same experiment', () => {
    const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}`));
    shards.forEach((out, i) => sweep(out, '--shard', `${i + 1}/3`, '--workers', '1'));
    expect(readdirSync(join(shards[0]!, 'points'))).toEqual(['000000.json', '000003.json', '000006.json']);
    expect(JSON.parse(readFileSync(join(shards[1]!, 'manifest.json'), 'utf8')).shard).toBe('2/3');

    const incomplete = cli(['merge', shards[0]!, shards[1]!, '--out', join(dir, 'merged-partial')]);
    expect(incomplete.status).toBe(2);
    expect(incomplete.stderr).toMatch(/hold 6 of the experiment's 8 points; missing: 2, 5/);

    // A point file of an older format (or a damaged one) is refused by name, not merged into the tables.
    const old = join(dir, 'shard-old');
    cpSync(shards[0]!, old, { recursive: true });
    const oldPoint = join(old, 'points', '000003.json');
    writeFileSync(oldPoint, readFileSync(oldPoint, 'utf8').replace('poq-sim/point/v2', 'poq-sim/point/v1'));
    const refused = cli(['merge', old, shards[1]!, shards[2]!, '--out', join(dir, 'merged-old')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${oldPoint}: not a point file: format:`);
    expect(existsSync(join(dir, 'merged-old'))).toBe(false);

    const merged = join(dir, 'merged');
    const result = cli(['merge', ...shards, '--out', merged]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expectSameFolders(reference, merged, expect);
    // A merged experiment is complete: its report is rendered (a shard's is not), given the font to draw it.
    expect(existsSync(join(shards[0]!, 'report.html'))).toBe(false);
    if (hasReportFonts('the report of a merged experiment')) {
      expect(existsSync(join(merged, 'report.html'))).toBe(true);
      const figures = JSON.parse(readFileSync(join(merged, 'figures', 'figures.json'), 'utf8'));
      expect(figures.figures.map((f: { id: string }) => f.id)).toContain('mean-reward-vs-beta');
    }
    const manifest = JSON.parse(readFileSync(join(merged, 'manifest.json'), 'utf8'));
    expect(manifest.shards.map((s: { shard: string }) => s.shard)).toEqual(['1/3', '2/3', '3/3']);
  });

  it('replicates until the confidence intervals are narrow enough', () => {
    const stopping = writeScenario(
      dir,
      'stopping.yaml',
      `${SMALL_SWEEP.replace('replications: 3', 'replications: 2')}stopping: { metrics: [consensus_mae], halfWidth: 0.015, maxReplications: 6 }\n`,
    );
    const out = join(dir, 'stopping');
    expect(cli(['sweep', stopping, '--out', out, '--no-progress', '--no-report']).status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const runs = csv(out, 'runs').slice(1);
    const perPoint = [...Array(8).keys()].map((p) => runs.filter((r) => r[0] === String(p)).length);
    expect(Math.min(...perPoint)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...perPoint)).toBeLessThanOrEqual(6);
    expect(manifest.stoppedBy['half-width'] ?? 0).toBeGreaterThan(0);
    const summary = csv(out, 'summary')
      .slice(1)
      .filter((r) => r[8] === 'consensus_mae');
    summary.forEach((row, p) => {
      const halfWidth = (Number(row[13]) - Number(row[12])) / 2;
      if (perPoint[p]! < 6) expect(halfWidth).toBeLessThanOrEqual(0.015);
    });
    // The first replications of a point are those of a run without the stopping rule: seeds do not depend on it.
    expect(
      runs
        .filter((r) => r[0] === '0')
        .slice(0, 2)
        .map((r) => r[2]),
    ).toEqual(
      csv(reference, 'runs')
        .slice(1, 3)
        .map((r) => r[2]),
    );
  });
});
