/**
 * A consensus rule that, at the scenario's K, computes what another rule
 * does gets one located warning line: a trimmed mean that trims nothing
 * (the mean), one that keeps only the middle score or two (the median), a
 * median of two scores (their mean). Warnings change neither the exit
 * code nor the results; a sweep says each distinct one once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatWarning } from '../../sim/input/input-warning.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { scenarioWarnings } from '../../sim/scenario/warnings.js';
import { CLI, FIXTURES } from '../helpers.js';

const PROFILE = join(FIXTURES, 'profiles', 'mm1.yaml');

function scenario(mechanism: string, evaluators = 6): string {
  return `name: warned
seed: 3
profile: ${PROFILE}
stop: { requests: 200 }
network:
  inference:
    - { model: exp-server, count: 2 }
  evaluators:
    - { model: instant, count: ${evaluators} }
mechanism:
${mechanism}`;
}

/** The warning lines of a scenario given as text, as the CLI prints them (without its "poq-sim: " prefix). */
function warningsOf(text: string): string[] {
  const loaded = loadScenarioText(text, 'scenario.yaml');
  return scenarioWarnings(loaded.scenario, loaded.source).map(formatWarning);
}

/** line:column of the first `needle` in `text`, 1-based. */
function at(text: string, needle: string): string {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return `${line + 1}:${lines[line]!.indexOf(needle) + 1}`;
}

describe('consensus rules that reduce to another at K', () => {
  it('a trimmed mean whose trim fraction trims nothing at K = 3 equals the mean: located at the fraction', () => {
    const text = scenario('  evaluatorsPerRound: 3\n  consensus: { rule: trimmed-mean, trimFraction: 0.2 }\n');
    expect(warningsOf(text)).toEqual([
      `scenario.yaml:${at(text, '0.2 }')}: mechanism.consensus.trimFraction: warning: at K = 3 a trim fraction of 0.2 trims nothing, so trimmed-mean equals mean; use at least 0.34 to trim one score from each end, which at K = 3 leaves only the median`,
    ]);
  });

  it('with the trim fraction defaulted, the warning is located at the rule and says it is the default', () => {
    const text = scenario('  consensus: { rule: trimmed-mean }\n');
    expect(warningsOf(text)).toEqual([
      `scenario.yaml:${at(text, 'trimmed-mean')}: mechanism.consensus.rule: warning: at K = 3 a trim fraction of 0.2 (the default) trims nothing, so trimmed-mean equals mean; use at least 0.34 to trim one score from each end, which at K = 3 leaves only the median`,
    ]);
  });

  it('a trim that keeps only the middle score equals the median', () => {
    const text = scenario('  consensus: { rule: trimmed-mean, trimFraction: 0.34 }\n');
    expect(warningsOf(text)).toEqual([
      `scenario.yaml:${at(text, '0.34')}: mechanism.consensus.trimFraction: warning: at K = 3 a trim fraction of 0.34 trims 1 score from each end and keeps only the middle one, so trimmed-mean equals median; use median`,
    ]);
  });

  it('at K = 5 a trim of two each side is the median, and the message gives the fraction that keeps three scores', () => {
    const [line] = warningsOf(scenario('  evaluatorsPerRound: 5\n  consensus: { rule: trimmed-mean, trimFraction: 0.45 }\n'));
    expect(line).toMatch(
      /trims 2 scores from each end and keeps only the middle one, so trimmed-mean equals median; use median, or a trim fraction below 0\.4 to keep 3 scores$/,
    );
  });

  it('at K = 4 keeping the middle two is the median too', () => {
    const [line] = warningsOf(scenario('  evaluatorsPerRound: 4\n  consensus: { rule: trimmed-mean, trimFraction: 0.25 }\n'));
    expect(line).toMatch(
      /at K = 4 a trim fraction of 0\.25 trims 1 score from each end and keeps only the middle two, so trimmed-mean equals median/,
    );
  });

  it('the median of two scores is their mean', () => {
    const text = scenario('  evaluatorsPerRound: 2\n  consensus: { rule: median }\n');
    expect(warningsOf(text)).toEqual([
      `scenario.yaml:${at(text, 'median')}: mechanism.consensus.rule: warning: at K = 2 the median of 2 scores is their mean, so median equals mean; use mean, or K ≥ 3`,
    ]);
  });

  it('at K = 2 no trim fraction trims, and at K = 1 trust weighting is the mean', () => {
    expect(warningsOf(scenario('  evaluatorsPerRound: 2\n  consensus: { rule: trimmed-mean, trimFraction: 0.49 }\n'))[0]).toMatch(
      /at K = 2 no trim fraction below 0\.5 trims a score, so trimmed-mean equals mean; use mean, or K ≥ 3$/,
    );
    expect(warningsOf(scenario('  evaluatorsPerRound: 1\n  consensus: { rule: trust-weighted }\n'))[0]).toMatch(
      /mechanism\.consensus\.rule: warning: at K = 1 a weighted mean of one score is that score, so trust-weighted equals mean/,
    );
  });

  it('rules that differ from every other at their K get no warning', () => {
    for (const mechanism of [
      '  consensus: { rule: mean }\n',
      '  consensus: { rule: median }\n',
      '  consensus: { rule: trust-weighted }\n',
      '  evaluatorsPerRound: 5\n  consensus: { rule: trimmed-mean }\n',
      '  evaluatorsPerRound: 6\n  consensus: { rule: trimmed-mean, trimFraction: 0.2 }\n',
      '  evaluatorsPerRound: 2\n  consensus: { rule: mean }\n',
    ]) {
      expect(warningsOf(scenario(mechanism))).toEqual([]);
    }
  });

  it('the smallest fraction that trims one score is exact at K beyond 100', () => {
    const [line] = warningsOf(scenario('  evaluatorsPerRound: 150\n  consensus: { rule: trimmed-mean, trimFraction: 0.001 }\n', 150));
    expect(line).toMatch(/at K = 150 a trim fraction of 0\.001 trims nothing, .*use at least 0\.007 to trim one score from each end$/);
  });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'poq-warnings-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const cli = (args: readonly string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

describe('warnings through the CLI', () => {
  it('run and check print the warning on stderr, exit 0, and the run writes the same results as without the warning', () => {
    const warned = scenario('  consensus: { rule: trimmed-mean }\n');
    const dir = folder({ 'warned.yaml': warned, 'mean.yaml': scenario('  consensus: { rule: mean }\n') });
    const line = `poq-sim: warned.yaml:${at(warned, 'trimmed-mean')}: mechanism.consensus.rule: warning: at K = 3`;

    const check = cli(['check', 'warned.yaml', '--quiet'], dir);
    expect({ status: check.status, stdout: check.stdout }).toEqual({ status: 0, stdout: '' });
    expect(check.stderr.trim().split('\n')).toHaveLength(1);
    expect(check.stderr).toContain(line);

    const run = cli(['run', 'warned.yaml', '--out', 'warned', '--no-report', '--quiet'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(line)]);
    const mean = cli(['run', 'mean.yaml', '--out', 'mean', '--no-report', '--quiet'], dir);
    expect({ status: mean.status, stderr: mean.stderr }).toEqual({ status: 0, stderr: '' });
    // A trimmed mean that trims nothing is the mean to every digit: the same per-node rewards.
    expect(readFileSync(join(dir, 'warned', 'nodes.csv'), 'utf8')).toBe(readFileSync(join(dir, 'mean', 'nodes.csv'), 'utf8'));
  });

  it('a sweep warns once per distinct case, at the sweep value, with the first point that has it and how many more', () => {
    const text = `${scenario('  consensus: { rule: mean }\n')}replications: 1
sweep:
  method: grid
  parameters:
    - { path: mechanism.consensus.rule, name: consensus, values: [mean, median, trimmed-mean] }
    - { path: mechanism.rewards.beta, values: [0.2, 0.8] }
`;
    const dir = folder({ 'sweep.yaml': text });
    const check = cli(['check', 'sweep.yaml'], dir);
    expect(check.status).toBe(0);
    expect(check.stderr.trim().split('\n')).toEqual([
      `poq-sim: sweep.yaml:${at(text, 'trimmed-mean]')}: mechanism.consensus.rule: warning: at K = 3 a trim fraction of 0.2 (the default) trims nothing, so trimmed-mean equals mean; use at least 0.34 to trim one score from each end, which at K = 3 leaves only the median (sweep point 4: consensus="trimmed-mean", beta=0.2; and 1 more point)`,
    ]);
    const sweep = cli(['sweep', 'sweep.yaml', '--out', 'out', '--workers', '1', '--no-report', '--quiet'], dir);
    expect(sweep.status).toBe(0);
    expect(sweep.stderr).toBe(check.stderr);
    expect(existsSync(join(dir, 'out', 'manifest.json'))).toBe(true);
  });
});
