/**
 * The data model of an experiment's tables, read back by DuckDB the way an
 * analyst would: mapping-valued parameters are JSON that DuckDB can take
 * apart, and grouping by them gives one row per value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunSummaryFile } from '../../sim/results/run-files.js';
import { cli, workspace, writeScenario } from './sweep-helpers.js';

/** Two consensus rules given as mappings, a declared operator, a mixed-model population, two replications of 200 rounds. */
const CONSENSUS_SWEEP = `extends: paper-baseline
name: consensus-tables
reference: null
stop: { requests: 200 }
replications: 2
network:
  inference:
    - { model: llama-3.2-3b, count: 2, operator: house }
    - { name: mixed, model: { gemma-2-2b: 1, qwen2-1.5b: 1 }, count: 2 }
  evaluators:
    - { model: sts-distilroberta, count: 3 }
sweep:
  method: grid
  parameters:
    - { path: mechanism.consensus, name: consensus, values: [{ rule: mean }, { rule: median }] }
`;

const dir = workspace('tidy');
const out = join(dir, 'sweep');
let db: DuckDBConnection;

const table = (name: string) => `read_parquet('${join(out, `${name}.parquet`)}')`;
async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS();
}

beforeAll(async () => {
  const result = cli(['sweep', writeScenario(dir, 'consensus.yaml', CONSENSUS_SWEEP), '--out', out, '--no-progress', '--no-report']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  db = await (await DuckDBInstance.create(':memory:')).connect();
});

describe('an experiment with a mapping-valued parameter', () => {
  it('stores the mapping once, as JSON that DuckDB takes apart', async () => {
    for (const name of ['runs', 'metrics', 'summary']) {
      const types = await rows(`select column_type from (describe select * from ${table(name)}) where column_name = 'consensus'`);
      expect(types).toEqual([{ column_type: 'JSON' }]);
    }
    const byRule = await rows(`select consensus->>'rule' as rule, count(*)::INTEGER as runs from ${table('runs')} group by 1 order by 1`);
    expect(byRule).toEqual([
      { rule: 'mean', runs: 2 },
      { rule: 'median', runs: 2 },
    ]);
  });

  it('says the level of every row, with NULL (never an empty string) in the group columns that do not apply to it', async () => {
    expect(await rows(`select distinct level from ${table('runs')}`)).toEqual([{ level: 'run' }]);
    const expected = [
      { level: 'operator', role: true, model: true, population: true, operator: false, empty: 0 },
      { level: 'population', role: false, model: false, population: false, operator: true, empty: 0 },
      { level: 'role-model', role: false, model: false, population: true, operator: true, empty: 0 },
      { level: 'run', role: true, model: true, population: true, operator: true, empty: 0 },
    ];
    for (const name of ['metrics', 'summary']) {
      const nulls = await rows(`
        select level, bool_and(role is null) as role, bool_and(model is null) as model,
               bool_and(population is null) as population, bool_and(operator is null) as operator,
               count(*) filter (where '' in (role, model, population, operator))::INTEGER as empty
        from ${table(name)} group by level order by level`);
      expect(nulls).toEqual(expected);
    }
    const operators = await rows(`select distinct operator from ${table('summary')} where level = 'operator'`);
    expect(operators).toEqual([{ operator: 'house' }]);
  });

  it('says in each Parquet file’s metadata the unit and meaning of every column, and of every metric it holds', async () => {
    const metadata = async (name: string, key: string) => {
      const [entry] = await rows(
        `select decode(value) as value from parquet_kv_metadata('${join(out, `${name}.parquet`)}') where decode(key) = '${key}'`,
      );
      return JSON.parse(entry!.value as string) as Record<string, { unit: string; meaning: string; levels?: string[] }>;
    };
    for (const name of ['runs', 'metrics', 'summary']) {
      const columns = (await rows(`select column_name from (describe select * from ${table(name)})`)).map((r) => r.column_name);
      const described = await metadata(name, 'poq-sim:columns');
      expect(Object.keys(described)).toEqual(columns);
      for (const { unit, meaning } of Object.values(described)) expect([unit.length > 0, meaning.length > 0]).toEqual([true, true]);
    }
    expect((await metadata('runs', 'poq-sim:columns')).consensus!.meaning).toBe('swept parameter: `mechanism.consensus`');
    for (const name of ['metrics', 'summary']) {
      const held = (await rows(`select distinct metric from ${table(name)} order by 1`)).map((r) => r.metric);
      const described = await metadata(name, 'poq-sim:metrics');
      expect(Object.keys(described).sort()).toEqual(held);
      expect(described.mean_true_quality).toMatchObject({ unit: '[0, 1]', levels: ['role-model', 'population'] });
    }
  });

  it('names the stop rule that ended each run', async () => {
    expect(await rows(`select distinct stop_reason from ${table('runs')}`)).toEqual([{ stop_reason: 'requests' }]);
  });

  it('labels a mixed-model population a mixture, with its parts listed in summary.json', async () => {
    const labels = await rows(`select distinct model from ${table('summary')} where population = 'mixed'`);
    expect(labels).toEqual([{ model: 'mixture' }]);
    const run = join(dir, 'run');
    expect(cli(['run', join(dir, 'consensus.yaml'), '--out', run, '--no-report']).status).toBe(0);
    const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')) as RunSummaryFile;
    const mixed = summary.populations.find((p) => p.population === 'mixed')!;
    expect(mixed).toMatchObject({ model: 'mixture', servedModel: 'mixture', behaviour: 'honest' });
    expect(mixed.composition).toEqual([
      { model: 'gemma-2-2b', servedModel: 'gemma-2-2b', hardware: 'rtx4090', behaviour: 'honest', nodes: 1 },
      { model: 'qwen2-1.5b', servedModel: 'qwen2-1.5b', hardware: 'rtx4090', behaviour: 'honest', nodes: 1 },
    ]);
    expect(summary.populations.find((p) => p.population === 'llama-3.2-3b')!.model).toBe('llama-3.2-3b');
  });

  it('writes the mapping as one JSON text in CSV', async () => {
    const csv = await rows(`select distinct consensus from read_csv('${join(out, 'runs.csv')}', all_varchar = true) order by 1`);
    expect(csv).toEqual([{ consensus: '{"rule":"mean"}' }, { consensus: '{"rule":"median"}' }]);
  });
});
