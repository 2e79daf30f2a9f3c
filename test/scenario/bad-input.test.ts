/**
 * Every kind of user mistake gets one line per problem naming
 * file:line:column and the field path, exit code 2, no stack trace, and no
 * output folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES } from '../helpers.js';

const valid = `name: bad
seed: 1
profile: paper-rtx4090
stop: { requests: 100 }
network:
  inference:
    - { model: llama-3.2-3b, count: 2 }
  evaluators:
    - { model: sts-distilroberta, count: 3 }
mechanism:
  evaluatorsPerRound: 3
  consensus: { rule: mean }
  rewards:
    alpha: 1
    beta: 0.5
`;

function runCli(yaml: string | null, name = 'scenario.yaml') {
  const dir = mkdtempSync(join(tmpdir(), 'poq-bad-'));
  const file = join(dir, name);
  if (yaml !== null) writeFileSync(file, yaml);
  const out = join(dir, 'out');
  const result = spawnSync(process.execPath, [CLI, 'run', file, '--out', out], { encoding: 'utf8' });
  return { ...result, file, out, dir };
}

function expectUserError(run: ReturnType<typeof runCli>, pattern: RegExp) {
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(existsSync(run.out)).toBe(false);
  expect(readdirSync(run.dir).filter((f) => f.includes('tmp'))).toEqual([]);
  for (const line of run.stderr.trim().split('\n')) expect(line).toMatch(/^poq-sim: /);
}

describe('bad scenario input', () => {
  it('the valid base scenario runs', () => {
    const run = runCli(valid);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(join(run.out, 'summary.json'))).toBe(true);
  });

  it('a missing file', () => {
    const run = runCli(null);
    expectUserError(run, /scenario\.yaml: no such file/);
  });

  it('invalid YAML', () => {
    const run = runCli(valid.replace('stop: { requests: 100 }', 'stop: { requests: 100'));
    expectUserError(run, /scenario\.yaml:\d+:\d+: invalid YAML/);
  });

  it('a misspelled field, with a suggestion', () => {
    const run = runCli(valid.replace('    beta: 0.5', '    betta: 0.5'));
    expectUserError(run, /scenario\.yaml:15:5: mechanism\.rewards\.betta: unknown field "betta"; did you mean "beta"\?/);
  });

  it('an unknown field', () => {
    const run = runCli(`${valid}colour: blue\n`);
    expectUserError(run, /scenario\.yaml:16:1: colour: unknown field "colour"/);
  });

  it('a misspelled enum value, with a suggestion', () => {
    const run = runCli(valid.replace('rule: mean', 'rule: medain'));
    expectUserError(run, /scenario\.yaml:12:22: mechanism\.consensus\.rule: expected one of "mean", "median", "trimmed-mean", "trust-weighted", got "medain"; did you mean "median"\?/);
  });

  it('a wrong type', () => {
    const run = runCli(valid.replace('alpha: 1', 'alpha: high'));
    expectUserError(run, /scenario\.yaml:14:12: mechanism\.rewards\.alpha: expected number, got string "high"/);
  });

  it('K larger than the evaluator pool', () => {
    const run = runCli(valid.replace('evaluatorsPerRound: 3', 'evaluatorsPerRound: 5'));
    expectUserError(run, /scenario\.yaml:11:23: mechanism\.evaluatorsPerRound: K = 5 is larger than the evaluator pool \(3 nodes\)/);
  });

  it('a negative rate', () => {
    const run = runCli(valid.replace('seed: 1', 'seed: 1\ndemand: { mode: poisson, ratePerSecond: -4 }'));
    expectUserError(run, /scenario\.yaml:3:41: demand\.ratePerSecond: must be > 0, got -4/);
  });

  it('a probability outside [0, 1]', () => {
    const run = runCli(valid.replace('rewards:', 'audits: { probability: 1.5 }\n  rewards:'));
    expectUserError(run, /scenario\.yaml:13:26: mechanism\.audits\.probability: must be ≤ 1, got 1\.5/);
  });

  it('a model the profile does not have, with a suggestion', () => {
    const run = runCli(valid.replace('model: llama-3.2-3b', 'model: llama-3.2-3', ));
    expectUserError(run, /scenario\.yaml:7:16: network\.inference\[0\]\.model: the profile has no inference model "llama-3\.2-3".*did you mean "llama-3\.2-3b"\?/);
  });

  it('a missing profile', () => {
    const run = runCli(valid.replace('profile: paper-rtx4090', 'profile: ./nowhere.yaml'));
    expectUserError(run, /scenario\.yaml:3:10: profile: no calibration profile "\.\/nowhere\.yaml"/);
  });

  it('a missing required field', () => {
    const run = runCli(valid.replace('stop: { requests: 100 }\n', ''));
    expectUserError(run, /scenario\.yaml:1:1: stop: required field is missing/);
  });

  it('reports several problems, one line each', () => {
    const run = runCli(valid.replace('alpha: 1', 'alpha: -1').replace('count: 2', 'count: 0'));
    expectUserError(run, /mechanism\.rewards\.alpha: must be ≥ 0/);
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
  });

  it('errors inside a profile name the profile file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-profile-'));
    writeFileSync(join(dir, 'broken.yaml'), 'formatVersion: 1\nname: broken\n');
    const run = runCli(valid.replace('profile: paper-rtx4090', `profile: ${join(dir, 'broken.yaml')}`));
    expectUserError(run, /broken\.yaml:1:1: description: required field is missing/);
  });

  it('a bad command-line seed', () => {
    const result = spawnSync(process.execPath, [CLI, 'run', join(FIXTURES, 'scenarios', 'mm1.yaml'), '--seed', 'abc'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--seed.*expected a non-negative integer/);
  });
});
