/**
 * `poq-sim sweep --resume` on a folder a killed or damaged sweep left:
 * point files that are not valid points are recomputed (one line each),
 * temporary files of dead writers are removed, and the result equals an
 * uninterrupted run byte for byte. `--force` is never the advice for damage.
 */
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { betaSweep, cli, expectSameFolders, workspace, writeScenario } from './sweep-helpers.js';

const dir = workspace('resume-repair');
const scenario = writeScenario(dir, 'small.yaml', betaSweep([0, 0.25, 0.5, 1]));
const reference = join(dir, 'reference');
const SWEEP = ['--no-progress', '--no-report', '--workers', '1'];

beforeAll(() => {
  expect(cli(['sweep', scenario, '--out', reference, ...SWEEP, '-q']).status).toBe(0);
});

/** A copy of the finished reference folder, to damage. */
function copyOfReference(name: string): string {
  const out = join(dir, name);
  cpSync(reference, out, { recursive: true });
  return out;
}

const point = (out: string, id: number) => join(out, 'points', `${String(id).padStart(6, '0')}.json`);

describe('poq-sim sweep --resume repairs', () => {
  it('recomputes point files that are not valid points, one line each', () => {
    const out = copyOfReference('damaged');
    rmSync(join(out, 'manifest.json'));
    writeFileSync(point(out, 0), 'null\n');
    writeFileSync(point(out, 1), '{}\n');
    writeFileSync(point(out, 2), readFileSync(point(out, 2), 'utf8').slice(0, 100));
    const edited = JSON.parse(readFileSync(point(out, 3), 'utf8'));
    writeFileSync(point(out, 3), `${JSON.stringify({ ...edited, values: { beta: 7 } })}\n`);

    const result = cli(['sweep', scenario, '--out', out, ...SWEEP, '--resume', '-q']);
    expect(result.status).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([
      `poq-sim: ${point(out, 0)} is damaged (not a point file: expected object, received null); recomputing point 0`,
      expect.stringMatching(new RegExp(`^poq-sim: .*000001\\.json is damaged \\(not a point file: format: .*\\); recomputing point 1$`)),
      expect.stringMatching(/000002\.json is damaged \(not valid JSON\); recomputing point 2$/),
      expect.stringMatching(/000003\.json is damaged \(its sweep values are not those of point 3\); recomputing point 3$/),
    ]);
    expect(result.stderr).not.toMatch(/--force|stack|\n\s+at /);
    expectSameFolders(reference, out, expect);
  });

  it('removes the temporary files a kill during the final tables left, and writes the tables again', () => {
    const out = copyOfReference('killed-while-writing');
    rmSync(join(out, 'manifest.json'));
    rmSync(join(out, 'summary.csv'));
    const leftovers = [
      '.runs.csv.tmp-999999999-0badc0de',
      '.summary.parquet.tmp-999999999-0badc0de',
      '.manifest.json.tmp-999999999-0badc0de',
    ];
    for (const name of leftovers) writeFileSync(join(out, name), 'half a table');
    writeFileSync(join(out, 'points', '.000002.json.tmp-999999999-0badc0de'), '{"format":');
    mkdirSync(join(out, '.report.tmp-999999999-0badc0de', 'figures'), { recursive: true });

    const result = cli(['sweep', scenario, '--out', out, ...SWEEP, '--resume', '-q']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(out).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect(readdirSync(join(out, 'points')).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expectSameFolders(reference, out, expect);
  });

  it('refuses the points of another experiment without touching them', () => {
    const out = copyOfReference('other-experiment');
    const other = writeScenario(dir, 'other.yaml', readFileSync(scenario, 'utf8').replace('requests: 200', 'requests: 150'));
    const before = readFileSync(point(out, 0));
    const result = cli(['sweep', other, '--out', out, ...SWEEP, '--resume']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /holds points of a different experiment .*; use another --out, or --force to discard them and start over/,
    );
    expect(readFileSync(point(out, 0)).equals(before)).toBe(true);
  });
});
