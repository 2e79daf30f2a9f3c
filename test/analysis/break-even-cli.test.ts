/** `poq-sim break-even` on a real (small) sweep of cost misreporting against audit probability. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'poq-break-even-'));
const scenario = join(dir, 'misreport.yaml');
writeFileSync(
  scenario,
  `# ---------------------------------------------------------------------------
# Question: where does misreporting stop paying? (test)
# ---------------------------------------------------------------------------
name: break-even-test
seed: 5
profile: ${join(FIXTURES, 'profiles', 'market.yaml')}
stop: { requests: 1500 }
network:
  inference:
    - { model: big, count: 3 }
    - { model: small, count: 3 }
    - { name: cheats, model: big, count: 2, operator: cheat-house, behaviour: { kind: misreport-cost, factor: 0.5 } }
  evaluators:
    - { model: good, count: 6 }
mechanism:
  evaluatorsPerRound: 3
  audits: { probability: 0, slash: 1 }
  stake: { initial: 1000000 }
replications: 4
sweep:
  method: grid
  parameters:
    - { path: mechanism.audits.probability, name: audit_probability, values: [0, 0.2, 0.4] }
`,
);
const out = join(dir, 'experiment');
const sweep = spawnSync(process.execPath, [CLI, 'sweep', scenario, '--out', out, '--workers', '1', '--no-progress', '-q'], {
  encoding: 'utf8',
});

const breakEven = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, 'break-even', out, '--parameter', 'audit_probability', ...args], { encoding: 'utf8' });

describe('poq-sim break-even', () => {
  it('finds the audit probability above which misreporting stops paying', () => {
    expect(sweep.stderr).toBe('');
    expect(sweep.status).toBe(0);
    const result = breakEven('--metric', 'twin_gain_per_round', '--population', 'cheats', '--json', '--bootstrap', '300');
    expect(result.status).toBe(0);
    const [row] = JSON.parse(result.stdout);
    // The gain per round without audits is β·(normalized cost saved) ≈ 0.3 here, and each audit
    // of a misreport costs the slash (1): the crossing sits near 0.3.
    expect(row.intercept).toBeGreaterThan(0.2);
    expect(row.slope).toBeLessThan(-0.8);
    expect(row.crossing).toBeGreaterThan(0.2);
    expect(row.crossing).toBeLessThan(0.4);
    expect(row.ci95[0]).toBeLessThan(row.crossing);
    expect(row.ci95[1]).toBeGreaterThan(row.crossing);
    expect(row.observations).toBe(12);
  });

  it('reads an operator’s rows with --operator: its total gain is its population’s gain per node times its two nodes', () => {
    const operator = breakEven('--metric', 'total_gain', '--operator', 'cheat-house', '--json', '--bootstrap', '100');
    expect(operator.stderr).toBe('');
    const population = breakEven('--metric', 'twin_gain_per_node', '--population', 'cheats', '--json', '--bootstrap', '100');
    const [total] = JSON.parse(operator.stdout);
    const [perNode] = JSON.parse(population.stdout);
    expect(total.observations).toBe(12);
    expect(total.slope).toBeCloseTo(2 * perNode.slope, 9);
    expect(total.crossing).toBeCloseTo(perNode.crossing, 9);
  });

  it('prints a table', () => {
    const result = breakEven('--metric', 'twin_gain_per_round', '--population', 'cheats', '--bootstrap', '200');
    expect(result.stdout).toMatch(/audit_probability\*.*95% CI/);
  });

  it('names a misspelled metric or parameter, with a suggestion, and exits 2', () => {
    const metric = breakEven('--metric', 'twin_gain_per_rond', '--population', 'cheats');
    expect(metric.status).toBe(2);
    expect(metric.stderr).toMatch(/metrics\.csv: no metric "twin_gain_per_rond"; did you mean "twin_gain_per_round"\?/);
    const parameter = spawnSync(
      process.execPath,
      [CLI, 'break-even', out, '--parameter', 'audit_prob', '--metric', 'twin_gain_per_round', '--population', 'cheats'],
      {
        encoding: 'utf8',
      },
    );
    expect(parameter.status).toBe(2);
    expect(parameter.stderr).toMatch(/no parameter "audit_prob".*did you mean "audit_probability"\?/);
  });

  it('an unknown metric: one line with a suggestion and the metrics of the level asked', () => {
    const metric = breakEven('--metric', 'twin_gain_per_rond', '--population', 'cheats');
    const lines = metric.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /; did you mean "twin_gain_per_round"\? \(metrics of populations: count, rounds, mean_reward, .*twin_gain_per_round.*\)$/,
    );
    const unlike = breakEven('--metric', 'zzzz');
    expect(unlike.status).toBe(2);
    expect(unlike.stderr).toMatch(/no metric "zzzz" \(metrics of the run: events, .*consensus_mae, /);
  });

  it('a group metric asked of the run, or a run metric of a group, says which level it belongs to', () => {
    const group = breakEven('--metric', 'mean_reward');
    expect(group.status).toBe(2);
    expect(group.stderr.trim()).toBe(
      `poq-sim: ${join(out, 'metrics.csv')}: "mean_reward" is a metric of groups, not of the run: give --population (big, small, cheats, good) or --role and --model`,
    );
    const run = breakEven('--metric', 'consensus_mae', '--population', 'cheats');
    expect(run.stderr.trim()).toMatch(
      /"consensus_mae" is a metric of the run, not of a group: leave out --population, --operator, --role and --model$/,
    );
  });

  it('a metric asked of a group level that does not report it is told the level that does; an unknown operator is named', () => {
    const metrics = join(out, 'metrics.csv');
    expect(breakEven('--metric', 'total_gain', '--population', 'cheats').stderr.trim()).toBe(
      `poq-sim: ${metrics}: "total_gain" is a metric of operators, not of populations: give --operator (cheat-house)`,
    );
    expect(breakEven('--metric', 'twin_gain_per_round', '--role', 'inference', '--model', 'big').stderr.trim()).toBe(
      `poq-sim: ${metrics}: "twin_gain_per_round" is a metric of populations, not of (role, model) groups: give --population (big, small, cheats, good)`,
    );
    const operator = breakEven('--metric', 'total_gain', '--operator', 'cheat-hous');
    expect(operator.status).toBe(2);
    expect(operator.stderr.trim()).toBe(
      `poq-sim: ${metrics}: no operator "cheat-hous"; did you mean "cheat-house"? (operators: cheat-house)`,
    );
  });

  it('an unknown population, role or model: a suggestion and the list, every mistake on its own line', () => {
    const population = breakEven('--metric', 'twin_gain_per_round', '--population', 'cheat');
    expect(population.status).toBe(2);
    expect(population.stderr.trim()).toBe(
      `poq-sim: ${join(out, 'metrics.csv')}: no population "cheat"; did you mean "cheats"? (populations: big, small, cheats, good)`,
    );
    const group = spawnSync(
      process.execPath,
      [
        CLI,
        'break-even',
        out,
        '--parameter',
        'audit_prob',
        '--metric',
        'mean_reward',
        '--role',
        'inferance',
        '--model',
        'bigg',
        '--by',
        'k',
      ],
      { encoding: 'utf8' },
    );
    expect(group.status).toBe(2);
    expect(group.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /: the experiment has no parameter "audit_prob" \(parameters: audit_probability\); did you mean "audit_probability"\?$/,
      ),
      expect.stringMatching(/: the experiment has no parameter "k" \(parameters: audit_probability\)$/),
      expect.stringMatching(/: no role "inferance"; did you mean "inference"\? \(roles: inference, evaluator\)$/),
      expect.stringMatching(/: no model "bigg"; did you mean "big"\? \(models: big, small, good\)$/),
    ]);
  });

  it('refuses a folder that is not an experiment', () => {
    const result = spawnSync(process.execPath, [CLI, 'break-even', dir, '--parameter', 'x', '--metric', 'y'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/not an experiment folder/);
  });
});
