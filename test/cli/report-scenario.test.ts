/**
 * `poq-sim report <folder> --scenario <file>`: the figures a scenario file
 * declares, checked against the folder's parameters before anything is
 * drawn; a file of another scenario, or a figure naming what the folder
 * lacks, is one located line, exit 2, and the folder is left as it was.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, SMALL_SWEEP, workspace, writeScenario } from '../experiment/sweep-helpers.js';
import { hasReportFonts } from '../system-programs.js';

const dir = workspace('report-scenario');
const out = join(dir, 'sweep');

const withFigure = (fields: string, yaml = SMALL_SWEEP) =>
  `${yaml}report:\n  figures:\n    - { id: gain, title: Reward against β, ${fields} }\n`;

beforeAll(() => {
  const made = cli(['sweep', writeScenario(dir, 'small.yaml', SMALL_SWEEP), '--out', out, '--no-progress', '--no-report', '--quiet']);
  expect(made.stderr).toBe('');
  expect(made.status).toBe(0);
});

function report(yaml: string, name: string) {
  return cli(['report', out, '--scenario', writeScenario(dir, name, yaml), '--formats', 'svg']);
}

function expectRefused(result: ReturnType<typeof cli>, line: RegExp) {
  expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: '' });
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(
    readdirSync(out).filter((name) => ['figures', 'tables', 'report.html', 'report.md'].includes(name) || name.includes('tmp')),
  ).toEqual([]);
}

describe('poq-sim report --scenario', () => {
  it('refuses the file of another scenario, at its name', () => {
    const other = withFigure('x: beta, colour: k, y: mean_reward').replace('name: small-sweep', 'name: other-sweep');
    expectRefused(
      report(other, 'other.yaml'),
      /^poq-sim: .*other\.yaml:2:7: name: the folder was made by scenario "small-sweep" \(its manifest\.json\), not "other-sweep"; --scenario takes the scenario file that made the folder$/,
    );
  });

  it('refuses a figure that names a parameter the folder does not have', () => {
    expectRefused(
      report(withFigure('x: beta, colour: K, y: mean_reward'), 'typo.yaml'),
      /^poq-sim: .*typo\.yaml:13:61: report\.figures\[0\]\.colour: no parameter or field "K" \(parameters: beta, k; .*\); did you mean "k"\?$/,
    );
  });

  it('refuses a figure that leaves a parameter of the folder unshown', () => {
    expectRefused(
      report(withFigure('x: beta, y: mean_reward'), 'unshown.yaml'),
      /^poq-sim: .*unshown\.yaml:13:7: report\.figures\[0\]: k varies \(2, 3\) but is on no channel of this figure: put it on colour, row or column, or hold it$/,
    );
  });

  it.skipIf(!hasReportFonts('redrawing a folder with --scenario'))('draws the report of a valid file', () => {
    const result = report(withFigure('x: beta, colour: k, y: mean_reward'), 'valid.yaml');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
