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
import { CLI, FIXTURES, ROOT } from '../helpers.js';

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
  expect(run.stderr.trimEnd()).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(existsSync(run.out)).toBe(false);
  expect(readdirSync(run.dir).filter((f) => f.includes('tmp'))).toEqual([]);
  for (const line of run.stderr.trim().split('\n')) expect(line).toMatch(/^poq-sim: /);
}

/** A user error reported in exactly one line. */
function expectOneLine(run: ReturnType<typeof runCli>, pattern: RegExp) {
  expectUserError(run, pattern);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
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
    expectUserError(
      run,
      /scenario\.yaml:12:22: mechanism\.consensus\.rule: expected one of "mean", "median", "trimmed-mean", "trust-weighted", "multiplicative-trust", got "medain"; did you mean "median"\?/,
    );
  });

  it('the replaced output.timeseriesIntervalSeconds gives the form that replaces it, with its interval', () => {
    const run = runCli(`${valid}output:\n  timeseriesIntervalSeconds: 30\n`);
    expectOneLine(
      run,
      /^poq-sim: .*scenario\.yaml:17:30: output\.timeseriesIntervalSeconds: replaced by output\.timeseries: \{ intervalSeconds: 30 \}$/,
    );
  });

  it('a misspelled time-series metric, with a suggestion', () => {
    const run = runCli(`${valid}output:\n  timeseries: { intervalSeconds: 60, metrics: [rounds, utilisation] }\n`);
    expectOneLine(
      run,
      /scenario\.yaml:17:56: output\.timeseries\.metrics\[1\]: expected one of "rounds", .*, got "utilisation"; did you mean "utilization"\?$/,
    );
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

  it('a spot-check verifier model the profile does not have, in one line, with a suggestion', () => {
    const run = runCli(valid.replace('rewards:', 'spotChecks: { probability: 0.1, verifier: { model: llama-3.2-3 } }\n  rewards:'));
    expectOneLine(
      run,
      /scenario\.yaml:13:54: mechanism\.spotChecks\.verifier\.model: the profile has no inference model "llama-3\.2-3"; did you mean "llama-3\.2-3b"\?$/,
    );
  });

  it('a model the profile does not have, with a suggestion', () => {
    const run = runCli(valid.replace('model: llama-3.2-3b', 'model: llama-3.2-3'));
    expectUserError(
      run,
      /scenario\.yaml:7:16: network\.inference\[0\]\.model: the profile has no inference model "llama-3\.2-3".*did you mean "llama-3\.2-3b"\?/,
    );
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

  it('a seed that is neither a non-negative integer nor a string says what a seed may be', () => {
    const run = runCli(valid.replace('seed: 1', 'seed: 1.5'));
    expectOneLine(run, /scenario\.yaml:2:7: seed: expected a non-negative integer \(0, 1, 2, …\) or a non-empty string, got number 1\.5$/);
  });

  it.each([
    ['.nan', '\\.nan'],
    ['.inf', '\\.inf'],
    ['-.inf', '-\\.inf'],
  ])('a non-finite number (%s) is called non-finite', (written, shown) => {
    const run = runCli(valid.replace('evaluatorsPerRound: 3', `evaluatorsPerRound: ${written}`));
    expectOneLine(
      run,
      new RegExp(`scenario\\.yaml:11:23: mechanism\\.evaluatorsPerRound: expected a finite number, got non-finite number ${shown}$`),
    );
  });

  it('a mapping told apart by one field, given as a string, names that field and its values', () => {
    const run = runCli(valid.replace('consensus: { rule: mean }', 'consensus: mean'));
    expectOneLine(
      run,
      /scenario\.yaml:12:14: mechanism\.consensus: expected a mapping with rule: "mean", "median", "trimmed-mean", "trust-weighted" or "multiplicative-trust", got string "mean"$/,
    );
  });

  it('a model given as a list says what a model may be', () => {
    const run = runCli(valid.replace('model: llama-3.2-3b,', 'model: [llama-3.2-3b],'));
    expectOneLine(
      run,
      /scenario\.yaml:7:16: network\.inference\[0\]\.model: expected a model id of the profile, or a mapping from model ids to relative weights, got a list$/,
    );
  });

  it('a behaviour given as a bare name says what a behaviour may be', () => {
    const run = runCli(valid.replace('count: 3 }', 'count: 3, behaviour: lazy }'));
    expectOneLine(
      run,
      /scenario\.yaml:9:56: network\.evaluators\[0\]\.behaviour: expected a behaviour \(a mapping with kind: …\), or a list of them, got string "lazy"$/,
    );
  });

  it('a calibration profile run as a scenario is named as such', () => {
    const profile = join(ROOT, 'calibration', 'profiles', 'paper-rtx4090', 'profile.yaml');
    const out = join(mkdtempSync(join(tmpdir(), 'poq-bad-')), 'out');
    const result = spawnSync(process.execPath, [CLI, 'run', profile, '--out', out], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `poq-sim: ${profile}:12:1: this is a calibration profile (it has formatVersion, referenceHardware and inferenceModels), not a scenario: a scenario uses it with \`profile:\`\n`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a calibration file run as a scenario is named as such', () => {
    const config = join(ROOT, 'calibration', 'examples', 'local.yaml');
    const out = join(mkdtempSync(join(tmpdir(), 'poq-bad-')), 'out');
    const result = spawnSync(process.execPath, [CLI, 'run', config, '--out', out], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^poq-sim: .*local\.yaml:9:1: this is a calibration file \(it has executionProvider, inference and evaluators\), not a scenario: give it to poq-sim calibrate, which writes a profile\n$/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a scenario named as the profile is named as such', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poq-profile-'));
    writeFileSync(join(dir, 'other.yaml'), valid);
    const run = runCli(valid.replace('profile: paper-rtx4090', `profile: ${join(dir, 'other.yaml')}`));
    expectOneLine(
      run,
      /other\.yaml:1:1: this is a scenario \(it has profile, network and stop\), not a calibration profile: run it with poq-sim run or poq-sim sweep$/,
    );
  });

  it('a bad command-line seed', () => {
    const result = spawnSync(process.execPath, [CLI, 'run', join(FIXTURES, 'scenarios', 'mm1.yaml'), '--seed', 'abc'], {
      encoding: 'utf8',
    });
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
    [
      'a misspelled sweep key',
      sweepBase.replace('  method: grid', '  metod: grid'),
      /scenario\.yaml:17:3: sweep\.metod: unknown field "metod"; did you mean "method"\?/,
    ],
    [
      'a misspelled method',
      sweepBase.replace('method: grid', 'method: gird'),
      /scenario\.yaml:17:11: sweep\.method: expected one of "grid", "zip", "random", "latin-hypercube", got "gird"; did you mean "grid"\?/,
    ],
    [
      'a misspelled parameter path',
      sweepBase.replace('rewards.beta', 'rewards.bta'),
      /scenario\.yaml:19:15: sweep\.parameters\[0\]\.path: no field "bta" in mechanism\.rewards; did you mean "beta"\?/,
    ],
    [
      'a sweep value the scenario rejects',
      sweepBase.replace('[0, 0.5]', '[0, 1.5, -0.5]'),
      /scenario\.yaml:19:56: mechanism\.rewards\.beta: must be ≥ 0, got -0\.5 \(sweep point 2: beta=-0\.5\)/,
    ],
    [
      'a random design without points',
      sweepBase.replace('method: grid', 'method: random'),
      /scenario\.yaml:17:3: sweep\.points: required field is missing \(expected number\)/,
    ],
    [
      'replications that are not a positive integer',
      `${valid}replications: 0\n`,
      /scenario\.yaml:16:15: replications: must be ≥ 1, got 0|replications: must be > 0, got 0/,
    ],
    [
      'a stopping rule without its width',
      `${valid}stopping: { maxReplications: 10 }\n`,
      /scenario\.yaml:16:11: stopping\.halfWidth: give exactly one of halfWidth and relativeHalfWidth/,
    ],
    [
      'an unknown stopping metric',
      `${valid}stopping: { metrics: [mean_rewards], halfWidth: 0.1, maxReplications: 3 }\n`,
      /scenario\.yaml:16:23: stopping\.metrics: no group and no run reports "mean_rewards"; did you mean "mean_reward"\?/,
    ],
    [
      'a base scenario that does not exist',
      `extends: ./nowhere.yaml\nname: child\n`,
      /scenario\.yaml:1:10: extends: no scenario "\.\/nowhere\.yaml"/,
    ],
    [
      'an error in the base file names the base file',
      `extends: base.yaml\nname: child\n`,
      /base\.yaml:14:12: mechanism\.rewards\.alpha: expected number, got string "high"/,
      { 'base.yaml': valid.replace('alpha: 1', 'alpha: high') },
    ],
    [
      'an extends cycle',
      `extends: base.yaml\nname: child\n`,
      /base\.yaml:1:10: extends: extends cycle: .*scenario\.yaml → .*base\.yaml → .*scenario\.yaml/,
      { 'base.yaml': 'extends: scenario.yaml\n' },
    ],
    [
      'fractions that do not sum to 1',
      valid.replace(
        'network:\n  inference:\n    - { model: llama-3.2-3b, count: 2 }',
        'network:\n  inferenceNodes: 10\n  inference:\n    - { model: llama-3.2-3b, fraction: 0.6 }\n    - { model: gemma-2-2b, fraction: 0.3 }',
      ),
      /scenario\.yaml:8:5: network\.inference: the fractions of network\.inference sum to 0\.9; they must sum to 1/,
    ],
    [
      'a fraction without a total',
      valid.replace('count: 2 }', 'fraction: 1 }'),
      /scenario\.yaml:7:40: network\.inference\[0\]\.fraction: fractions divide network\.inferenceNodes, which is not given/,
    ],
    [
      'both count and fraction',
      valid.replace('count: 2 }', 'count: 2, fraction: 1 }'),
      /scenario\.yaml:7:50: network\.inference\[0\]\.fraction: give count or fraction, not both/,
    ],
    [
      'a base that is a calibration profile',
      `extends: ${join(ROOT, 'calibration', 'profiles', 'paper-rtx4090', 'profile.yaml')}\nname: child\n`,
      /scenario\.yaml:1:10: extends: ".*profile\.yaml" is a calibration profile \(it has formatVersion, referenceHardware and inferenceModels\), not a scenario: a scenario uses it with `profile:`$/,
    ],
    [
      'a base that is a calibration file',
      `extends: ${join(ROOT, 'calibration', 'examples', 'local.yaml')}\nname: child\n`,
      /scenario\.yaml:1:10: extends: ".*local\.yaml" is a calibration file \(it has executionProvider, inference and evaluators\), not a scenario: give it to poq-sim calibrate, which writes a profile$/,
    ],
    [
      'a base that is some other YAML',
      `extends: ${join(ROOT, 'calibration', 'examples', 'qa.json')}\nname: child\n`,
      /scenario\.yaml:1:10: extends: ".*qa\.json" is not a scenario: none of its fields \(version, data\) is a scenario field$/,
    ],
    [
      'a base that is a list',
      `extends: [base.yaml]\nname: child\n`,
      /base\.yaml:1:1: a YAML document holding a list, not a scenario: expected a mapping of fields$/,
      { 'base.yaml': '- a\n- b\n' },
    ],
    [
      'a sweep that is not a design',
      `${valid}sweep: 5\n`,
      /scenario\.yaml:16:8: sweep: expected a sweep design \(a mapping with method: …\), or a list of them, got number 5$/,
    ],
    [
      'a sweep value no field takes',
      sweepBase.replace('values: [0, 0.5]', 'values: [0, null]'),
      /scenario\.yaml:19:51: sweep\.parameters\[0\]\.values\[1\]: expected a value for the field: a number, a string, true or false, a mapping or a list, got null$/,
    ],
    [
      'a sampling seed that is not a seed',
      sweepBase.replace('method: grid', 'method: random\n  points: 2\n  seed: -.inf').replace('values: [0, 0.5]', 'range: [0, 1]'),
      /scenario\.yaml:19:9: sweep\.seed: expected a non-negative integer \(0, 1, 2, …\) or a non-empty string, got non-finite number -\.inf$/,
    ],
    [
      'a misspelled model in a weighted mix',
      valid.replace('model: llama-3.2-3b, count: 2', 'model: { llama-3.2-3b: 1, gema-2-2b: 1 }, count: 2'),
      /scenario\.yaml:7:46: network\.inference\[0\]\.model\.gema-2-2b: the profile has no inference model "gema-2-2b".*did you mean "gemma-2-2b"\?/,
    ],
  ];
  for (const [name, yaml, pattern, files] of cases) {
    it(name, () => {
      const run = sweepCli(yaml, files);
      expectUserError(run, pattern);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
