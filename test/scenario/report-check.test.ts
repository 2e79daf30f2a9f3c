/**
 * The report section is checked like the rest of the scenario: each name a
 * figure uses, each metric, each held or filtered value, and each varying
 * parameter it would otherwise hide, as one located line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRunReport, planExperiment } from '../../sim/experiment/plan.js';
import { InputError } from '../../sim/input/input-error.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import {
  recordedTimeseriesMetrics,
  TIMESERIES_METRIC_NAMES,
  TIMESERIES_METRICS,
  timeseriesFeatures,
} from '../../sim/scenario/timeseries-schema.js';
import { workspace, writeScenario } from '../experiment/sweep-helpers.js';
import { CLI } from '../helpers.js';

const SWEEP = `extends: paper-baseline
name: report-check
reference: null
stop: { requests: 100 }
replications: 2
sweep:
  - method: grid
    parameters:
      - { path: mechanism.rewards.beta, values: [0, 0.5, 1] }
      - { path: mechanism.consensus, values: [{ rule: mean }, { rule: median }] }
  - method: zip
    parameters:
      - { path: mechanism.evaluatorsPerRound, name: k, values: [2, 3] }
      - { path: mechanism.rewards.alpha, values: [1, 2] }
report:
  figures:
`;

const RUN = `extends: paper-baseline
name: report-run
reference: null
`;

const FIGURES = 'report:\n  figures:\n';

/** The problem lines of a sweep scenario whose figures are `figures`, with the file named `s.yaml`. */
function sweepProblems(figures: string, before = ''): string[] {
  return problems(() => planExperiment(loadScenarioText(`${before}${SWEEP}${figures}\n`, '/x/s.yaml')));
}

function runProblems(yaml: string): string[] {
  return problems(() => checkRunReport(loadScenarioText(`${RUN}${yaml}\n`, '/x/s.yaml')));
}

function problems(check: () => unknown): string[] {
  try {
    check();
    return [];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.message.split('\n').map((line) => line.replace('/x/', ''));
  }
}

const figure = (fields: string) => `    - { id: a, title: T, ${fields} }`;

describe('the report section of a sweep', () => {
  it('accepts figures that show or hold every varying parameter', () => {
    expect(sweepProblems(figure('x: beta, colour: consensus, column: k, y: mean_reward'))).toEqual([]);
    // alpha is zipped with k, so holding k shows alpha at one value too.
    expect(sweepProblems(figure('x: beta, y: mean_reward, hold: { k: 3 }, where: { consensus: { rule: median } }'))).toEqual([]);
    expect(sweepProblems(figure('mark: heatmap, x: beta, y: consensus, value: mean_reward, column: k'))).toEqual([]);
    expect(sweepProblems(figure('x: beta, colour: metric, column: alpha, row: consensus, y: [mean_reward, mean_profit]'))).toEqual([]);
  });

  it('refuses a metric the results do not have, with a suggestion', () => {
    expect(sweepProblems(figure('x: beta, colour: consensus, column: k, y: mean_rewrd'))).toEqual([
      's.yaml:17:68: report.figures[0].y: no metric "mean_rewrd" in the results tables (sim/results/metric-meanings.ts); did you mean "mean_reward"?',
    ]);
  });

  it('refuses a level the metric has no rows at', () => {
    expect(sweepProblems(figure('x: beta, colour: consensus, column: k, y: { metric: mean_reward, level: operator }'))).toEqual([
      's.yaml:17:98: report.figures[0].y.level: mean_reward has no rows at level operator (its levels: role-model, population)',
    ]);
  });

  it('refuses orderOf of a metric that is not a group metric', () => {
    expect(sweepProblems(figure('x: beta, colour: consensus, column: k, y: { orderOf: consensus_mae, role: inference }'))).toEqual([
      's.yaml:17:79: report.figures[0].y.orderOf: orderOf ranks models, so it takes a metric of each (role, model) group; consensus_mae is a run metric',
    ]);
  });

  it('refuses a misspelt parameter with a suggestion, and only that', () => {
    expect(sweepProblems(figure('x: bta, colour: consensus, column: k, y: mean_reward'))).toEqual([
      's.yaml:17:29: report.figures[0].x: no parameter or field "bta" (parameters: beta, consensus, k, alpha; fields: role, model, population, operator, time); did you mean "beta"?',
    ]);
  });

  it('refuses "metric" on a channel when y names one metric', () => {
    expect(sweepProblems(figure('x: beta, colour: metric, column: k, row: consensus, y: mean_reward'))).toEqual([
      's.yaml:17:43: report.figures[0].colour: "metric" draws one series per metric of y, and y names 1; list several metrics in y',
    ]);
  });

  it('accepts time on x of a sweep whose runs record a time series of the metrics drawn, refuses it otherwise and on any other channel', () => {
    const overTime = figure('x: time, colour: consensus, column: k, row: beta, y: mean_reward');
    const timeseries = 'output: { timeseries: { intervalSeconds: 10, metrics: [mean_reward] } }\n';
    expect(sweepProblems(overTime, timeseries)).toEqual([]);
    expect(sweepProblems(figure('x: time, colour: consensus, column: k, row: beta, y: mean_profit'), timeseries)).toEqual([
      's.yaml:18:79: report.figures[0].y: no metric "mean_profit" in the run’s time series (it records mean_reward)',
    ]);
    expect(sweepProblems(overTime)).toEqual([
      's.yaml:17:29: report.figures[0].x: x = time needs output.timeseries: the sweep’s runs record no time series',
    ]);
    expect(sweepProblems(figure('x: beta, colour: consensus, column: k, row: time, y: mean_reward'))).toEqual([
      's.yaml:17:70: report.figures[0].row: time goes on x only',
    ]);
  });

  it('refuses a varying parameter on no channel, naming it and its values', () => {
    expect(sweepProblems(figure('x: beta, colour: consensus, y: mean_reward'))).toEqual([
      's.yaml:17:7: report.figures[0]: k varies (2, 3) but is on no channel of this figure: put it on colour, row or column, or hold it',
      's.yaml:17:7: report.figures[0]: alpha varies (1, 2) but is on no channel of this figure: put it on colour, row or column, or hold it',
    ]);
    // Filtered to two values, it still varies.
    expect(sweepProblems(figure('x: beta, column: k, y: mean_reward, where: { consensus: [{ rule: mean }, { rule: median }] }'))).toEqual([
      's.yaml:17:7: report.figures[0]: consensus varies ({"rule":"mean"}, {"rule":"median"}) but is on no channel of this figure: put it on colour, row or column, or hold it',
    ]);
  });

  it('refuses held and filtered values the sweep does not take, mappings compared by content', () => {
    expect(sweepProblems(figure('x: beta, colour: consensus, y: mean_reward, hold: { k: 4 }'))).toEqual([
      's.yaml:17:81: report.figures[0].hold.k: k takes 2, 3; 4 is not one of them',
    ]);
    expect(sweepProblems(figure('x: beta, y: mean_reward, hold: { k: 3 }, where: { consensus: { rule: trimmed-mean } }'))).toEqual([
      's.yaml:17:87: report.figures[0].where.consensus: consensus takes {"rule":"mean"}, {"rule":"median"}; {"rule":"trimmed-mean"} is not one of them',
    ]);
  });

  it('refuses a held parameter that is also on a channel, and a hold of what is not a parameter', () => {
    expect(sweepProblems(figure('x: beta, colour: consensus, column: k, y: mean_reward, hold: { k: 2 }'))).toEqual([
      's.yaml:17:92: report.figures[0].hold.k: k is on column; a parameter on a channel is not held',
    ]);
    expect(sweepProblems(figure('x: beta, colour: consensus, column: k, y: mean_reward, hold: { model: llama-3.2-3b }'))).toEqual([
      's.yaml:17:96: report.figures[0].hold.model: hold takes a sweep parameter, not "model" (parameters: beta, consensus, k, alpha)',
    ]);
  });

  it('refuses where on an unknown field, with a suggestion, and a role that is not one', () => {
    expect(
      sweepProblems(figure('x: beta, colour: consensus, column: k, y: mean_reward, where: { rol: inference, role: inferenc }')),
    ).toEqual([
      's.yaml:17:95: report.figures[0].where.rol: where filters on a parameter or a group field (beta, consensus, k, alpha, role, model, population, operator), not "rol"; did you mean "role"?',
      's.yaml:17:112: report.figures[0].where.role: role is inference or evaluator, not "inferenc"',
    ]);
  });

  it('refuses breakEven on an x that is not a numeric parameter', () => {
    expect(sweepProblems(figure('x: consensus, column: k, y: mean_reward, hold: { beta: 0 }, marks: { breakEven: true }'))).toEqual([
      's.yaml:17:106: report.figures[0].marks.breakEven: breakEven is where y crosses 0 along x, so x must be a numeric parameter; consensus takes {"rule":"mean"}, {"rule":"median"}',
    ]);
  });

  it('refuses a heatmap without a parameter on y or a value, and a value on another mark', () => {
    expect(sweepProblems(figure('mark: heatmap, x: beta, y: mean_reward, column: k, colour: consensus'))).toEqual([
      `s.yaml:17:53: report.figures[0].y: a heatmap's y is a sweep parameter; "mean_reward" is not one (parameters: beta, consensus, k, alpha)`,
      's.yaml:17:32: report.figures[0].mark: a heatmap needs value: the metric each cell shows',
    ]);
    expect(sweepProblems(figure('x: beta, colour: consensus, column: k, y: mean_reward, value: mean_reward'))).toEqual([
      's.yaml:17:88: report.figures[0].value: only a heatmap takes value; put the metric on y',
    ]);
  });

  it('refuses two figures with one id', () => {
    const one = figure('x: beta, colour: consensus, column: k, y: mean_reward');
    expect(sweepProblems(`${one}\n${one.replace('title: T', 'title: U')}`)).toEqual([
      's.yaml:18:13: report.figures[1].id: figure id "a" is already used by report.figures[0]; give each figure its own id',
    ]);
  });

  it('warns about holding a parameter that takes one value', () => {
    const yaml =
      SWEEP.replace('values: [0, 0.5, 1]', 'values: [0.5]') + figure('x: consensus, column: k, y: mean_reward, hold: { beta: 0.5 }');
    const plan = planExperiment(loadScenarioText(`${yaml}\n`, '/x/s.yaml'));
    expect(plan.warnings.map((w) => `${w.path}: ${w.message}`)).toContain(
      'report.figures[0].hold.beta: beta takes one value only (0.5); holding it changes nothing',
    );
  });
});

describe('the report section of a run', () => {
  it('accepts a group field on x, and time with a time series of the metrics drawn', () => {
    expect(runProblems(`${FIGURES}${figure('mark: bar, x: model, y: mean_reward')}`)).toEqual([]);
    const timeseries = 'output: { timeseries: { intervalSeconds: 10, metrics: [mean_reward] } }\n';
    expect(runProblems(`${timeseries}${FIGURES}${figure('x: time, colour: model, y: mean_reward')}`)).toEqual([]);
  });

  it('refuses a parameter on x or colour: a run has no sweep', () => {
    expect(runProblems(`${FIGURES}${figure('x: beta, y: mean_reward')}`)).toEqual([
      's.yaml:6:29: report.figures[0].x: the scenario has no sweep, so x takes one of role, model, population, operator, time, not "beta"',
    ]);
    expect(runProblems(`${FIGURES}${figure('x: model, colour: k, y: mean_reward')}`)).toEqual([
      's.yaml:6:44: report.figures[0].colour: the scenario has no sweep, so colour takes one of role, model, population, operator, not "k"',
    ]);
  });

  it('draws over time the metrics a feature records whatever output.timeseries.metrics lists', () => {
    const none = timeseriesFeatures({});
    expect(none).toEqual({ 'entry-exit': false, economics: false, controller: false });
    expect(recordedTimeseriesMetrics(['rounds'], none)).toEqual(['rounds']);
    const all = timeseriesFeatures({ economics: { exit: {} }, mechanism: { rewards: { controller: {} } } });
    const featured = TIMESERIES_METRIC_NAMES.filter((name) => 'feature' in TIMESERIES_METRICS[name]);
    expect(featured).toContain('active_nodes');
    expect(recordedTimeseriesMetrics(['rounds'], all)).toEqual([
      'rounds',
      ...featured,
      'reward_alpha',
      'reward_beta',
      'controller_measure',
    ]);
    expect(recordedTimeseriesMetrics(['active_nodes'], { ...none, 'entry-exit': true })).toEqual(['active_nodes']);
  });

  it('refuses time without output.timeseries, and a metric the time series does not record', () => {
    expect(runProblems(`${FIGURES}${figure('x: time, y: mean_reward')}`)).toEqual([
      's.yaml:6:29: report.figures[0].x: x = time needs output.timeseries: the run records no time series',
    ]);
    const timeseries = 'output: { timeseries: { intervalSeconds: 10, metrics: [mean_reward] } }\n';
    expect(runProblems(`${timeseries}${FIGURES}${figure('x: time, colour: model, y: [mean_reward, mean_profit]')}`)).toEqual([
      's.yaml:7:67: report.figures[0].y[1]: no metric "mean_profit" in the run’s time series (it records mean_reward)',
    ]);
  });
});

describe('through the CLI', () => {
  const dir = workspace('report-check');
  const cases = [
    ['run', `${RUN}${FIGURES}${figure('x: modle, y: mean_reward')}\n`],
    ['sweep', `${SWEEP}${figure('x: beta, colour: consensus, column: k, y: mean_rewrd')}\n`],
    ['check', `${SWEEP}${figure('x: beta, colour: consensus, column: k, y: mean_rewrd')}\n`],
  ] as const;
  for (const [command, yaml] of cases) {
    it(`${command}: one located line, exit 2, nothing written`, () => {
      const file = writeScenario(dir, `${command}.yaml`, yaml);
      const out = join(dir, `${command}-out`);
      const args = command === 'check' ? [command, file] : [command, file, '--out', out];
      const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
      expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 2, stdout: '' });
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        command === 'run'
          ? /^poq-sim: .*run\.yaml:6:29: report\.figures\[0\]\.x: the scenario has no sweep, so x takes one of .*; did you mean "model"\?$/
          : /^poq-sim: .*\.yaml:17:68: report\.figures\[0\]\.y: no metric "mean_rewrd" .*; did you mean "mean_reward"\?$/,
      );
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir).filter((name) => name.includes('tmp') || name.endsWith('-out'))).toEqual([]);
    });
  }
});
