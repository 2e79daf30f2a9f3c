/**
 * The tables a sweep writes while its points run: whatever order the points
 * arrive in, however many wait in memory and however many were stored by an
 * earlier run, they are byte for byte the tables written afterwards from the
 * stored points; and a CSV field is quoted exactly as csv-stringify quotes it.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { OrderedTables } from '../../sim/experiment/ordered-tables.js';
import { PointStore } from '../../sim/experiment/point-store.js';
import type { TableParameter } from '../../sim/experiment/table-columns.js';
import { csvField } from '../../sim/experiment/table-writer.js';
import { writeTables } from '../../sim/experiment/tables.js';
import { cli, workspace, writeScenario } from './sweep-helpers.js';

const SWEEP = `extends: paper-baseline
name: ordered-tables
reference: null
stop: { requests: 300 }
replications: 2
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 0.5, 1] }
    - { path: mechanism.rewards.alpha, values: [0.5, 1, 2] }
`;

const TABLE_FILES = ['runs', 'metrics', 'summary'].flatMap((name) => [`${name}.csv`, `${name}.parquet`]);
const dir = workspace('ordered-tables');
const out = join(dir, 'sweep');
let parameters: TableParameter[];
let ids: number[];

beforeAll(() => {
  const result = cli(['sweep', writeScenario(dir, 'sweep.yaml', SWEEP), '--out', out, '--no-progress', '--no-report']);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  parameters = (
    JSON.parse(readFileSync(join(out, 'parameters.json'), 'utf8')) as { name: string; path: string; type: TableParameter['type'] }[]
  ).map(({ name, path, type }) => ({ name, path, type }));
  ids = new PointStore(out).ids();
});

/** A folder holding a copy of the sweep's points, to write tables into. */
function folderWithPoints(name: string): { folder: string; store: PointStore } {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  cpSync(join(out, 'points'), join(folder, 'points'), { recursive: true });
  return { folder, store: new PointStore(folder) };
}

function expectSameTables(folder: string, reference: string): void {
  for (const file of TABLE_FILES) expect(readFileSync(join(folder, file)).equals(readFileSync(join(reference, file))), file).toBe(true);
}

describe('tables written as points arrive', () => {
  it('are the tables the sweep wrote, and those written afterwards from the stored points', () => {
    const serial = folderWithPoints('serial');
    writeTables(serial.folder, parameters, serial.store.each(ids));
    expectSameTables(serial.folder, out);
  });

  it('in any order, past the bound of points held in memory, with some stored by an earlier run', () => {
    expect(ids.length).toBe(9);
    const { folder, store } = folderWithPoints('scrambled');
    const earlier = new Set([0, 4]);
    const tables = new OrderedTables(folder, parameters, ids, earlier, store, 2);
    for (const id of [8, 7, 3, 1, 6, 2, 5]) tables.add(store.read(id));
    const outcome = tables.finish();
    expectSameTables(folder, out);
    expect(outcome.runs).toBe(18);
    expect(outcome.tables.runs).toBe(18);
    expect(outcome.stoppedBy).toEqual({ replications: 9 });
  });

  it('refuse to finish without every point, and abort leaving no file behind', () => {
    const { folder, store } = folderWithPoints('missing');
    const tables = new OrderedTables(folder, parameters, ids, new Set(), store);
    for (const id of ids.filter((id) => id !== 5)) tables.add(store.read(id));
    expect(() => tables.finish()).toThrow('the tables are missing point 5');
    tables.abort();
    expect(readdirSync(folder)).toEqual(['points']);
  });
});

describe('a CSV field', () => {
  it('is quoted exactly as csv-stringify quotes it', () => {
    const fields = [
      '',
      'plain',
      'a,b',
      'say "hi"',
      '"',
      'line\nbreak',
      'carriage\rreturn',
      '\r\n',
      ' spaced ',
      '-1.5e-7',
      '=SUM(A1)',
      'naïve — ü',
      ',',
    ];
    for (const field of fields) expect(`${csvField(field, 'string')}\n`, JSON.stringify(field)).toBe(stringify([[field]]));
    expect(csvField({ rule: 'trimmed-mean', trim: 0.1 }, 'json')).toBe('"{""rule"":""trimmed-mean"",""trim"":0.1}"');
    expect(csvField(null, 'double')).toBe('');
    expect(csvField(0.1 + 0.2, 'double')).toBe('0.30000000000000004');
    expect(`${fields.map((f) => csvField(f, 'string')).join(',')}\n`).toBe(stringify([fields]));
  });
});
