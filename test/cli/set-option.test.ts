/**
 * `--set path=value` on run, sweep and check: applied after extends: and
 * before validation, so the run is the one a file with that value would
 * give, a bad value or an unknown field is reported like a file's mistake
 * but located at the argument (exit 2, nothing written), and the manifest
 * records the overrides.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resumeCommand } from '../../sim/cli/sweep-command.js';
import { InputError } from '../../sim/input/input-error.js';
import { parseOverride } from '../../sim/scenario/overrides.js';
import { CLI, FIXTURES } from '../helpers.js';

const BASE = `name: settable
seed: 5
profile: ${join(FIXTURES, 'profiles', 'mm1.yaml')}
stop: { requests: 300 }
network:
  inference:
    - { model: exp-server, count: 2 }
    - { model: slow-server, count: 1 }
  evaluators:
    - { model: instant, count: 3 }
mechanism:
  rewards: { alpha: 1, beta: 0.5 }
reference: { citation: test, meanReward: { exp-server: 0.5 } }
`;

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'poq-set-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const cli = (args: readonly string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads

/** A refused command: exit 2, exactly these lines on stderr (after "poq-sim: "), no stack trace, nothing written. */
function expectRefused(result: ReturnType<typeof cli>, lines: readonly string[], out: string): void {
  expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: '' });
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr.trim().split('\n')).toEqual(lines.map((line) => `poq-sim: ${line}`));
  expect(existsSync(out)).toBe(false);
}

describe('--set on run', () => {
  it('gives the run a file with the value would give, and the manifest records the overrides', () => {
    const dir = folder({
      'base.yaml': BASE,
      'child.yaml': 'extends: ./base.yaml\nmechanism:\n  rewards: { beta: 0.7 }\n  consensus: { rule: median }\n',
    });
    const set = cli(
      [
        'run',
        'base.yaml',
        '--out',
        'set',
        '--no-report',
        '-q',
        '--set',
        'mechanism.rewards.beta=0.2',
        '--set',
        'mechanism.rewards.beta=0.7',
        '--set',
        'mechanism.consensus={rule: median}',
      ],
      dir,
    );
    expect({ status: set.status, stderr: set.stderr }).toEqual({ status: 0, stderr: '' });
    const file = cli(['run', 'child.yaml', '--out', 'file', '--no-report', '-q'], dir);
    expect(file.status).toBe(0);
    for (const name of ['summary.json', 'nodes.csv']) {
      expect(readFileSync(join(dir, 'set', name), 'utf8')).toBe(readFileSync(join(dir, 'file', name), 'utf8'));
    }
    const manifest = json(join(dir, 'set', 'manifest.json'));
    expect(manifest.overrides).toEqual(['mechanism.rewards.beta=0.2', 'mechanism.rewards.beta=0.7', 'mechanism.consensus={rule: median}']);
    expect(manifest.resolvedScenario.mechanism.rewards.beta).toBe(0.7);
    expect(manifest.resolvedScenario.mechanism.consensus).toEqual({ rule: 'median' });
    expect(json(join(dir, 'file', 'manifest.json'))).not.toHaveProperty('overrides');
  });

  it('null removes a field, as in a file that extends another', () => {
    const dir = folder({ 'base.yaml': BASE });
    expect(cli(['run', 'base.yaml', '--out', 'out', '--no-report', '-q', '--set', 'reference=null'], dir).status).toBe(0);
    expect(json(join(dir, 'out', 'manifest.json')).resolvedScenario).not.toHaveProperty('reference');
    expect(json(join(dir, 'out', 'summary.json')).reference).toBeNull();
  });

  it('a bad value is refused at the argument, like a mistake in the file', () => {
    const dir = folder({ 'base.yaml': BASE });
    const run = (...set: string[]) => cli(['run', 'base.yaml', '--out', 'out', ...set.flatMap((s) => ['--set', s])], dir);
    const out = join(dir, 'out');
    expectRefused(
      run('mechanism.rewards.beta=abc'),
      ['--set mechanism.rewards.beta=abc: mechanism.rewards.beta: expected number, got string "abc"'],
      out,
    );
    expectRefused(
      run('mechanism.consensus={rule: trimmed-mean, trimFraction: 0.7}'),
      ['--set mechanism.consensus={rule: trimmed-mean, trimFraction: 0.7}: mechanism.consensus.trimFraction: must be < 0.5, got 0.7'],
      out,
    );
    expectRefused(
      run('stop.requests=0', 'mechanism.rewards.alpha=-1'),
      [
        '--set stop.requests=0: stop.requests: must be > 0, got 0',
        '--set mechanism.rewards.alpha=-1: mechanism.rewards.alpha: must be ≥ 0, got -1',
      ],
      out,
    );
  });

  it('a misspelt path gets a "did you mean", at any depth', () => {
    const dir = folder({ 'base.yaml': BASE });
    const out = join(dir, 'out');
    const run = (set: string) => cli(['run', 'base.yaml', '--out', 'out', '--set', set], dir);
    expectRefused(
      run('mechanism.rewards.betta=0.7'),
      ['--set mechanism.rewards.betta=0.7: mechanism.rewards.betta: unknown field "betta"; did you mean "beta"?'],
      out,
    );
    expectRefused(
      run('mechanizm.rewards.beta=0.7'),
      ['--set mechanizm.rewards.beta=0.7: mechanizm: unknown field "mechanizm"; did you mean "mechanism"?'],
      out,
    );
    expectRefused(
      run('network.inference[4].count=2'),
      [
        '--set network.inference[4].count=2: network.inference[4].count: network.inference has 2 entries; index 4 is out of range (set the whole list instead)',
      ],
      out,
    );
  });

  it('an argument that is not path=value, or sets extends, is refused', () => {
    const dir = folder({ 'base.yaml': BASE });
    const out = join(dir, 'out');
    const run = (set: string) => cli(['run', 'base.yaml', '--out', 'out', '--set', set], dir);
    expectRefused(run('beta'), ['--set beta: expected path=value, e.g. --set mechanism.rewards.beta=0.7'], out);
    expectRefused(
      run('mechanism..beta=1'),
      ['--set mechanism..beta=1: empty segment in the path; a path is field names joined by ".", e.g. mechanism.rewards.beta'],
      out,
    );
    expectRefused(
      run('extends=other.yaml'),
      ['--set extends=other.yaml: extends: extends is merged before --set applies; write it in the scenario file'],
      out,
    );
    expect(run('mechanism.consensus={rule: [').stderr).toMatch(
      /^poq-sim: --set mechanism\.consensus=\{rule: \[: mechanism\.consensus: invalid YAML: /,
    );
  });
});

describe('--set on check and sweep', () => {
  const SWEEP = `${BASE}replications: 2
sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0.2, 0.8] }
`;

  it('check says which overrides it checked with', () => {
    const dir = folder({ 'sweep.yaml': SWEEP });
    const check = cli(['check', 'sweep.yaml', '--set', 'replications=3', '--set', 'mechanism.rewards.alpha=0.5'], dir);
    expect(check.status).toBe(0);
    expect(check.stdout).toContain('sweep.yaml: valid scenario "settable" with --set replications=3 --set mechanism.rewards.alpha=0.5');
    expect(check.stdout).toContain('× 3 replications = 6 runs');
  });

  it('a sweep runs every point with the overrides and records them in its manifest', () => {
    const dir = folder({ 'sweep.yaml': SWEEP });
    const sweep = cli(
      [
        'sweep',
        'sweep.yaml',
        '--out',
        'out',
        '-w',
        '1',
        '--no-report',
        '-q',
        '--set',
        'replications=3',
        '--set',
        'mechanism.rewards.alpha=0.5',
      ],
      dir,
    );
    expect({ status: sweep.status, stderr: sweep.stderr }).toEqual({ status: 0, stderr: '' });
    const manifest = json(join(dir, 'out', 'manifest.json'));
    expect(manifest.overrides).toEqual(['replications=3', 'mechanism.rewards.alpha=0.5']);
    expect(manifest.replications).toBe(3);
    expect(manifest.resolvedScenario.mechanism.rewards.alpha).toBe(0.5);
    const runs = readFileSync(join(dir, 'out', 'runs.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(runs).toHaveLength(1 + 2 * 3);
  });

  it('a --set inside a swept field is refused: the sweep would replace it at every point', () => {
    const dir = folder({ 'sweep.yaml': SWEEP });
    const sweep = cli(['sweep', 'sweep.yaml', '--out', 'out', '--set', 'mechanism.rewards.beta=0.7'], dir);
    expectRefused(
      sweep,
      [
        `--set mechanism.rewards.beta=0.7: mechanism.rewards.beta: the sweep sets mechanism.rewards.beta at every point (sweep.yaml:18:7), replacing this; drop the --set or that sweep parameter`,
      ],
      join(dir, 'out'),
    );
  });

  it('the resume command of an interrupted sweep repeats the overrides, quoted for the shell', () => {
    const command = resumeCommand('my scenario.yaml', 'results/out', { set: ['replications=3', "mechanism.consensus={rule: 'median'}"] });
    expect(command).toBe(
      "poq-sim sweep 'my scenario.yaml' --out results/out --set replications=3 --set 'mechanism.consensus={rule: '\\''median'\\''}' --resume",
    );
  });

  it('parseOverride reads the value as YAML', () => {
    expect(parseOverride('a.b=0.7').value).toBe(0.7);
    expect(parseOverride('a.b=median').value).toBe('median');
    expect(parseOverride('a.b=[1, 2]').value).toEqual([1, 2]);
    expect(parseOverride('a.b="0.7"').value).toBe('0.7');
    expect(parseOverride('a.b=~').value).toBeNull();
    expect(parseOverride('network.inference[0].count=3').path).toEqual(['network', 'inference', 0, 'count']);
    expect(() => parseOverride('a.b=')).toThrow(InputError);
  });
});
