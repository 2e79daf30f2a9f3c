/**
 * What the report reads of a run's timeseries.csv: only the cumulative
 * reward of each (role, model), picked out while parsing (the file holds
 * every metric of every group); the same rows and the same line numbers in
 * errors whether or not the file quotes its fields; and the figure says
 * what it needs when the scenario recorded no cumulative reward.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cumulativeReward } from '../../reports/figures/cumulative-reward.js';
import { readCsvFile } from '../../reports/folder/read-files.js';
import { loadResultsFolder } from '../../reports/folder/results-folder.js';
import { InputError } from '../../sim/input/input-error.js';
import { cli, temporaryFolder } from './folders.js';

const HEADER = 'time_s,level,role,group,metric,value';
const ROWS = [
  '60,role-model,inference,llama-3.2-3b,rounds,12',
  '60,role-model,inference,llama-3.2-3b,cumulative_reward,5.5',
  '60,population,inference,llama-3.2-3b,cumulative_reward,5.5',
  '60,run,,,cumulative_reward,20',
  '120,role-model,inference,llama-3.2-3b,cumulative_reward,11',
];
const WHERE = { level: 'role-model', metric: 'cumulative_reward' };

function csvFile(lines: readonly string[]): string {
  const file = join(temporaryFolder('poq-timeseries-'), 'timeseries.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The same table with every field quoted, as another writer might give it. */
const quoted = (lines: readonly string[]) =>
  lines.map((line) =>
    line
      .split(',')
      .map((field) => `"${field}"`)
      .join(','),
  );

function errorOf(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('reading part of timeseries.csv', () => {
  it('keeps only the rows asked for, the same whether or not fields are quoted', () => {
    const options = { required: HEADER.split(','), numeric: ['time_s', 'value'], where: WHERE };
    const plain = readCsvFile(csvFile([HEADER, ...ROWS]), options);
    expect(plain.rows.map((row) => [row['time_s'], row['value']])).toEqual([
      [60, 5.5],
      [120, 11],
    ]);
    expect(plain.lines).toEqual([3, 6]);
    const fromQuoted = readCsvFile(csvFile(quoted([HEADER, ...ROWS])), options);
    expect(fromQuoted.rows).toEqual(plain.rows);
    expect(fromQuoted.lines).toEqual(plain.lines);
  });

  it('names the line of the file a bad kept row is on', () => {
    const bad = [...ROWS.slice(0, 4), '120,role-model,inference,llama-3.2-3b,cumulative_reward,lots'];
    const options = { required: HEADER.split(','), numeric: ['value'], where: WHERE };
    for (const lines of [bad, quoted(bad)]) {
      const error = errorOf(() => readCsvFile(csvFile([HEADER, ...lines]), options));
      expect(error.problems[0]).toMatchObject({ line: 6, path: 'value', message: 'expected a number, got "lots"' });
    }
    const ragged = errorOf(() => readCsvFile(csvFile([HEADER, ...ROWS.slice(0, 3), '60,role-model,cumulative_reward,1']), options));
    expect(ragged.problems[0]!.line).toBe(5);
  });
});

describe('the cumulative-reward figure of a run', () => {
  it('is not drawn, saying why, when the time series has no cumulative_reward', () => {
    const dir = temporaryFolder('poq-timeseries-');
    const scenario = join(dir, 'run.yaml');
    writeFileSync(
      scenario,
      'extends: paper-baseline\nname: rounds-only\nstop: { requests: 200 }\noutput: { timeseries: { intervalSeconds: 60, metrics: [rounds] } }\n',
    );
    const run = cli(['run', scenario, '--out', join(dir, 'out'), '--no-report', '-q']);
    expect(run.stderr).toBe('');
    const folder = loadResultsFolder(join(dir, 'out'));
    expect(folder.kind === 'run' && folder.timeseries).toEqual([]);
    expect(cumulativeReward(folder)).toMatchObject({ reason: 'needs cumulative_reward among the metrics of output.timeseries' });
  });
});
