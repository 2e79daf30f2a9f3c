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
  // Compared as one object so that a failure shows how the process ended and what it printed.
  expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toMatchObject({ status: 2, signal: null });
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
    const run = runCli(valid.replace('alpha: 1', 'alpha: -1').replace('count: 2', 'count: -1'));
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

/** The same guarantees for experiments: `poq-sim sweep` on malformed sweeps, extends and populations. */
describe('bad experiment input', () => {
  const sweepBase = `${valid}sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 0.5] }
`;

  function sweepCli(yaml: string, files: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'poq-bad-sweep-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const file = join(dir, 'scenario.yaml');
    writeFileSync(file, yaml);
    const out = join(dir, 'out');
    const result = spawnSync(process.execPath, [CLI, 'sweep', file, '--out', out, '--no-progress'], { encoding: 'utf8' });
    return { ...result, file, out, dir };
  }

  it('the valid sweep runs', () => {
    const run = sweepCli(sweepBase);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(existsSync(join(run.out, 'summary.csv'))).toBe(true);
  });

  const cases: Array<[string, string, RegExp, Record<string, string>?]> = [
    ['a misspelled sweep key', sweepBase.replace('  method: grid', '  metod: grid'), /scenario\.yaml:17:3: sweep\.metod: unknown field "metod"; did you mean "method"\?/],
    ['a misspelled method', sweepBase.replace('method: grid', 'method: gird'), /scenario\.yaml:17:11: sweep\.method: expected one of "grid", "zip", "random", "latin-hypercube", got "gird"; did you mean "grid"\?/],
    ['a misspelled parameter path', sweepBase.replace('rewards.beta', 'rewards.bta'), /scenario\.yaml:19:15: sweep\.parameters\[0\]\.path: no field "bta" in mechanism\.rewards; did you mean "beta"\?/],
    ['a sweep value the scenario rejects', sweepBase.replace('[0, 0.5]', '[0, 1.5, -0.5]'), /scenario\.yaml:19:56: mechanism\.rewards\.beta: must be ≥ 0, got -0\.5 \(sweep point 2: beta=-0\.5\)/],
    ['a random design without points', sweepBase.replace('method: grid', 'method: random'), /scenario\.yaml:17:3: sweep\.points: required field is missing \(expected number\)/],
    ['replications that are not a positive integer', `${valid}replications: 0\n`, /scenario\.yaml:16:15: replications: must be ≥ 1, got 0|replications: must be > 0, got 0/],
    ['a stopping rule without its width', `${valid}stopping: { maxReplications: 10 }\n`, /scenario\.yaml:16:11: stopping\.halfWidth: give exactly one of halfWidth and relativeHalfWidth/],
    ['an unknown stopping metric', `${valid}stopping: { metrics: [mean_rewards], halfWidth: 0.1, maxReplications: 3 }\n`, /scenario\.yaml:16:23: stopping\.metrics: no group and no run reports "mean_rewards"; did you mean "mean_reward"\?/],
    ['a base scenario that does not exist', `extends: ./nowhere.yaml\nname: child\n`, /scenario\.yaml:1:10: extends: no scenario "\.\/nowhere\.yaml"/],
    ['an error in the base file names the base file', `extends: base.yaml\nname: child\n`, /base\.yaml:14:12: mechanism\.rewards\.alpha: expected number, got string "high"/, { 'base.yaml': valid.replace('alpha: 1', 'alpha: high') }],
    ['an extends cycle', `extends: base.yaml\nname: child\n`, /base\.yaml:1:10: extends: extends cycle: .*scenario\.yaml → .*base\.yaml → .*scenario\.yaml/, { 'base.yaml': 'extends: scenario.yaml\n' }],
    ['fractions that do not sum to 1', valid.replace('network:\n  inference:\n    - { model: llama-3.2-3b, count: 2 }', 'network:\n  inferenceNodes: 10\n  inference:\n    - { model: llama-3.2-3b, fraction: 0.6 }\n    - { model: gemma-2-2b, fraction: 0.3 }'), /scenario\.yaml:8:5: network\.inference: the fractions of network\.inference sum to 0\.9; they must sum to 1/],
    ['a fraction without a total', valid.replace('count: 2 }', 'fraction: 1 }'), /scenario\.yaml:7:40: network\.inference\[0\]\.fraction: fractions divide network\.inferenceNodes, which is not given/],
    ['both count and fraction', valid.replace('count: 2 }', 'count: 2, fraction: 1 }'), /scenario\.yaml:7:50: network\.inference\[0\]\.fraction: give count or fraction, not both/],
    ['a misspelled model in a weighted mix', valid.replace('model: llama-3.2-3b, count: 2', 'model: { llama-3.2-3b: 1, gema-2-2b: 1 }, count: 2'), /scenario\.yaml:7:46: network\.inference\[0\]\.model\.gema-2-2b: the profile has no inference model "gema-2-2b".*did you mean "gemma-2-2b"\?/],
  ];
  for (const [name, yaml, pattern, files] of cases) {
    it(name, () => {
      const run = sweepCli(yaml, files);
      expectUserError(run, pattern);
    });
  }
});
