/**
 * Every SQL query of docs/results-format.md, run as written by DuckDB on
 * the experiment of the scenario the document gives, each checked for
 * what it claims: one row per key, nothing counted twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { cli, workspace, writeScenario } from './sweep-helpers.js';

const DOCUMENT = readFileSync(join(ROOT, 'docs', 'results-format.md'), 'utf8');
/** Where the document's queries read the experiment; the test's folder is put in its place. */
const DOCUMENTED_FOLDER = 'results/rules/';

type Row = Record<string, unknown>;

/** The fenced blocks of a language in a Markdown text, in order. */
function fencedBlocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1]!);
}

const scenarioText = fencedBlocks(DOCUMENT.slice(DOCUMENT.indexOf('### Reading the tables')), 'yaml')[0]!;
const queries = fencedBlocks(DOCUMENT, 'sql').map((sql) => ({ title: sql.split('\n')[0]!.replace(/^-- /, ''), sql }));

const dir = workspace('documented-queries');
const out = join(dir, 'rules');
const run = join(dir, 'run');
let db: DuckDBConnection;

const plain = (rows: Row[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
const select = async (sql: string) => plain((await db.runAndReadAll(sql)).getRowObjectsJS());

/** The nodes of each (role, model) group as nodes.csv lists them, for a run of the same network. */
const nodesPerModel = () =>
  select(`select role, model, count(*)::DOUBLE as nodes from read_csv('${join(run, 'nodes.csv')}') group by all order by role, model`);

/** What each documented query must give: its claim, checked. */
const CHECKS: Record<string, (rows: Row[]) => Promise<void> | void> = {
  'mean reward per inference model, at each β and consensus rule': (rows) => {
    const keys = new Set(rows.map((r) => `${String(r.beta)}|${String(r.rule)}|${String(r.model)}`));
    expect(rows).toHaveLength(5 * 2 * 2);
    expect(keys.size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.rule))).toEqual(new Set(['mean', 'median']));
  },
  'runs and consensus error per consensus rule': (rows) => {
    expect(rows.map((r) => [r.rule, r.runs])).toEqual([
      ['mean', 4],
      ['median', 4],
    ]);
  },
  'nodes per role and model': async (rows) => {
    expect(rows).toEqual(await nodesPerModel());
  },
  'total reward of one run, summed at each level': (rows) => {
    expect(rows.map((r) => r.level)).toEqual(['population', 'role-model']);
    expect(rows[0]!.total_reward as number).toBeGreaterThan(0);
    expect(rows[0]!.total_reward as number).toBeCloseTo(rows[1]!.total_reward as number, 9);
  },
  'utilization of llama-3.2-3b over time, at each β': (rows) => {
    const keys = new Set(rows.map((r) => `${String(r.beta)}|${String(r.time_s)}`));
    expect(keys.size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.beta))).toEqual(new Set([0.25, 0.5]));
    expect(rows.every((r) => typeof r.utilization === 'number' && r.utilization > 0)).toBe(true);
  },
  'the metadata of a table': (rows) => {
    expect(rows.map((r) => r.key)).toEqual(['poq-sim:columns', 'poq-sim:metrics']);
    expect(rows[0]!.described).toEqual(expect.arrayContaining(['point_id', 'beta', 'consensus', 'level', 'metric', 'mean']));
    expect(rows[1]!.described).toEqual(expect.arrayContaining(['mean_reward', 'count', 'consensus_mae']));
  },
};

beforeAll(async () => {
  const scenario = writeScenario(dir, 'rules.yaml', scenarioText);
  const sweep = cli(['sweep', scenario, '--out', out, '--no-progress', '--no-report']);
  expect(sweep.stderr).toBe('');
  expect(sweep.status).toBe(0);
  expect(cli(['run', scenario, '--out', run, '--no-report']).status).toBe(0);
  db = await (await DuckDBInstance.create(':memory:')).connect();
});

describe('the SQL queries of docs/results-format.md', () => {
  it('are each checked here', () => {
    expect(queries.length).toBeGreaterThanOrEqual(6);
    expect(queries.map((q) => q.title).filter((title) => !(title in CHECKS))).toEqual([]);
    expect(queries.every((q) => q.sql.includes(DOCUMENTED_FOLDER))).toBe(true);
  });

  it('the time series describes its columns and metrics in its metadata too', async () => {
    const rows = await select(`select decode(key) as key, json_keys(decode(value)::JSON) as described
      from parquet_kv_metadata('${join(out, 'timeseries.parquet')}') order by key`);
    expect(rows.map((r) => r.key)).toEqual(['poq-sim:columns', 'poq-sim:metrics']);
    expect(rows[0]!.described).toEqual(['point_id', 'replication', 'time_s', 'level', 'role', 'group', 'metric', 'value']);
    expect(rows[1]!.described).toEqual(expect.arrayContaining(['utilization', 'mean_reward', 'consensus_mae']));
  });

  for (const { title, sql } of queries) {
    it(title, async () => {
      const rows = await select(sql.replaceAll(`'${DOCUMENTED_FOLDER}`, `'${out}/`));
      await CHECKS[title]?.(rows);
    });
  }
});
