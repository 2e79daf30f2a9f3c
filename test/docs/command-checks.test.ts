/** The checks the documented-commands test makes of a command's output, on outputs made up to fail them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldersWritten, incompleteFolders, outputProblems, words } from './command-checks.js';
import { duckdbSql, queryProblems } from './duckdb-command.js';

const command = (text: string, comment = '') => ({ text, comment, where: 'README.md:1' });

describe("checks of a documented command's output", () => {
  const root = mkdtempSync(join(tmpdir(), 'poq-command-checks-'));
  writeFileSync(join(root, 'x.yaml'), 'name: my-x\nseed: 1\n');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('splits words as sh would for the documents: quotes removed, quoted blanks kept', () => {
    expect(words(`npx poq-sim calibrate --hardware "1× RTX" --out 'a b'`)).toEqual([
      'npx',
      'poq-sim',
      'calibrate',
      '--hardware',
      '1× RTX',
      '--out',
      'a b',
    ]);
  });

  it('finds the folders a command writes: its comment, its --out, or results/<scenario name>', () => {
    expect(foldersWritten(command('npm start', 'build, then run; writes results/paper-baseline/'), root)).toEqual([
      'results/paper-baseline',
    ]);
    expect(foldersWritten(command('npx poq-sim sweep x.yaml --shard 1/4 --out shards/1'), root)).toEqual(['shards/1']);
    expect(foldersWritten(command('npx poq-sim sweep x.yaml --resume'), root)).toEqual(['results/my-x']);
    expect(foldersWritten(command('npx poq-sim check x.yaml'), root)).toEqual([]);
    mkdirSync(join(root, 'results', 'my-x'), { recursive: true });
    expect(incompleteFolders(['results/my-x'], root)).toEqual(['results/my-x']);
    writeFileSync(join(root, 'results', 'my-x', 'manifest.json'), '{}');
    expect(incompleteFolders(['results/my-x'], root)).toEqual([]);
  });

  it('reads jq output value by value and names a field that came out null', () => {
    const jq = "jq '.groups[] | {role, meanReward}' s.json";
    expect(outputProblems(jq, '{\n  "role": "a",\n  "meanReward": 1\n}\n{\n  "role": "b",\n  "meanReward": 2\n}\n')).toEqual([]);
    expect(outputProblems(jq, '{\n  "role": "a",\n  "meanReward": null\n}\n')).toEqual(['jq value 1: meanReward is null']);
    expect(outputProblems(jq, '')).toEqual(['jq printed nothing']);
    expect(outputProblems('cat t.md', 'no table')).toHaveLength(1);
    expect(outputProblems('npx poq-sim check x.yaml', '')).toEqual([]);
  });

  it("takes duckdb -c's SQL as sh passes it, and fails an answer with no rows or an all-NULL column", () => {
    expect(duckdbSql(`duckdb -c "select 'a' as \\"x\\"\n  from t"`)).toBe(`select 'a' as "x"\n  from t`);
    expect(duckdbSql('duckdb t.db "select 1"')).toBeUndefined();
    expect(queryProblems({ columns: ['a'], rows: [] })).toEqual(['the query returned no rows']);
    expect(queryProblems({ columns: ['a', 'b'], rows: [{ a: 1, b: null }] })).toEqual(['column b is NULL in every row']);
  });
});
