/**
 * Results folders for report tests and benchmarks, written to the formats
 * of docs/results-format.md:
 *
 * - a reward sweep: the paper baseline over a grid of β × α, each point run
 *   for real by the simulator with a few replications, summarised with
 *   Student-t intervals as `poq-sim sweep` does;
 * - a robustness sweep over the malicious fraction, the consensus rule, K
 *   and the audit probability, whose adversary and audit metrics come from
 *   a small stated model with seeded noise (the simulator does not compute
 *   them yet; the figures only need the file format);
 * - a calibration folder: measurements drawn from the shipped paper
 *   profile's distributions with the simulator's own samplers, and that
 *   profile as the fit.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify as csv } from 'csv-stringify/sync';
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { loadProfileFile } from '../../sim/profile/load.js';
import { packageRoot } from '../../sim/package-info.js';
import { createSampler } from '../../sim/random/distribution.js';
import { StreamBank } from '../../sim/random/streams.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';
import { confidenceInterval, EMPTY_MOMENTS, mergeMoments, type Moments, sampleSd } from '../../sim/stats/summary-statistics.js';

const PAPER_PROFILE = () => join(packageRoot(), 'calibration', 'profiles', 'paper-rtx4090', 'profile.yaml');
const BASELINE = () => join(packageRoot(), 'scenarios', 'paper-baseline.yaml');

/** A swept parameter; a mapping value (consensus: { rule: median }) is written as JSON in the CSV tables, as a sweep writes it. */
export interface Parameter {
  readonly name: string;
  readonly path: string;
  readonly values: readonly (number | string | Readonly<Record<string, unknown>>)[];
}

export type Values = Record<string, number | string | Readonly<Record<string, unknown>>>;

/** A metric of one group: its level and group columns ('' where they do not apply, as CSV writes null). */
export interface MetricRow {
  readonly level: 'run' | 'role-model' | 'population' | 'operator';
  readonly role: string;
  readonly model: string;
  readonly population: string;
  readonly operator: string;
  readonly metric: string;
  readonly value: number;
}

function grid(parameters: readonly Parameter[]): Values[] {
  return parameters.reduce<Values[]>(
    (points, parameter) => points.flatMap((point) => parameter.values.map((value) => ({ ...point, [parameter.name]: value }))),
    [{}],
  );
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]!] = value;
}

const moments = (values: readonly number[]): Moments => values.reduce((m, v) => mergeMoments(m, { n: 1, mean: v, m2: 0 }), EMPTY_MOMENTS);

const cell = (value: Values[string] | undefined) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : value);

/** Writes manifest.json, parameters.json, profile.yaml, runs.csv, metrics.csv and summary.csv. */
export function writeExperiment(
  dir: string,
  name: string,
  parameters: readonly Parameter[],
  replications: number,
  baseScenario: unknown,
  runPoint: (values: Values, replication: number, seed: number) => { run: Record<string, number>; metrics: MetricRow[] },
): void {
  mkdirSync(dir, { recursive: true });
  const names = parameters.map((p) => p.name);
  const points = grid(parameters);
  const runs: unknown[][] = [];
  const metrics: unknown[][] = [];
  const summary: unknown[][] = [];
  let runColumns: string[] = [];
  points.forEach((values, pointId) => {
    const perMetric = new Map<string, { row: MetricRow; values: number[] }>();
    for (let replication = 0; replication < replications; replication++) {
      const seed = 1000 + pointId * 97 + replication;
      const result = runPoint(values, replication, seed);
      runColumns = Object.keys(result.run);
      runs.push([
        pointId,
        replication,
        seed,
        ...names.map((n) => cell(values[n])),
        'run',
        'requests',
        ...runColumns.map((c) => result.run[c]),
      ]);
      const runLevel: MetricRow[] = Object.entries(result.run).map(([metric, value]) => ({
        level: 'run',
        role: '',
        model: '',
        population: '',
        operator: '',
        metric,
        value,
      }));
      for (const row of [...runLevel, ...result.metrics]) {
        const group = [row.level, row.role, row.model, row.population, row.operator];
        metrics.push([pointId, replication, ...names.map((n) => cell(values[n])), ...group, row.metric, row.value]);
        const key = `${group.join('|')}|${row.metric}`;
        const entry = perMetric.get(key) ?? { row, values: [] };
        entry.values.push(row.value);
        perMetric.set(key, entry);
      }
    }
    for (const { row, values: observed } of perMetric.values()) {
      const m = moments(observed);
      const ci = confidenceInterval(m);
      summary.push([
        pointId,
        ...names.map((n) => cell(values[n])),
        row.level,
        row.role,
        row.model,
        row.population,
        row.operator,
        row.metric,
        m.n,
        m.mean,
        m.n > 1 ? sampleSd(m) : '',
        ci?.[0] ?? '',
        ci?.[1] ?? '',
      ]);
    }
  });
  writeFileSync(
    join(dir, 'runs.csv'),
    csv(runs, { header: true, columns: ['point_id', 'replication', 'seed', ...names, 'level', 'stop_reason', ...runColumns] }),
  );
  writeFileSync(
    join(dir, 'metrics.csv'),
    csv(metrics, {
      header: true,
      columns: ['point_id', 'replication', ...names, 'level', 'role', 'model', 'population', 'operator', 'metric', 'value'],
    }),
  );
  writeFileSync(
    join(dir, 'summary.csv'),
    csv(summary, {
      header: true,
      columns: ['point_id', ...names, 'level', 'role', 'model', 'population', 'operator', 'metric', 'n', 'mean', 'sd', 'ci_low', 'ci_high'],
    }),
  );
  writeFileSync(
    join(dir, 'parameters.json'),
    `${JSON.stringify(
      parameters.map((p) => ({
        name: p.name,
        path: p.path,
        method: 'grid',
        values: p.values,
        type: typeof p.values[0] === 'number' ? 'double' : typeof p.values[0] === 'string' ? 'string' : 'json',
      })),
      null,
      2,
    )}\n`,
  );
  copyFileSync(PAPER_PROFILE(), join(dir, 'profile.yaml'));
  writeFileSync(
    join(dir, 'manifest.json'),
    `${JSON.stringify({ tool: 'poq-sim', format: 'poq-sim/experiment/v1', version: 'fixture', createdAt: '2026-01-01T00:00:00.000Z', scenarioName: name, parameters: names, replications, points: { total: points.length, inFolder: points.length }, resolvedScenario: baseScenario }, null, 2)}\n`,
  );
}

export interface RewardSweepOptions {
  readonly betas?: readonly number[];
  readonly alphas?: readonly number[];
  readonly replications?: number;
  readonly rounds?: number;
}

/** The paper baseline over β × α, every run simulated. */
export function writeRewardSweep(dir: string, options: RewardSweepOptions = {}): void {
  const baseText = readFileSync(BASELINE(), 'utf8');
  const base = parseYaml(baseText) as Record<string, unknown>;
  base['profile'] = join(packageRoot(), 'calibration', 'profiles', 'paper-rtx4090');
  setPath(base, 'stop.requests', options.rounds ?? 600);
  const resolvedBase = resolveScenario(loadScenarioText(toYaml(base), BASELINE()));
  const parameters: Parameter[] = [
    { name: 'beta', path: 'mechanism.rewards.beta', values: options.betas ?? [0, 0.25, 0.5, 0.75, 1] },
    { name: 'alpha', path: 'mechanism.rewards.alpha', values: options.alphas ?? [0.5, 1] },
  ];
  writeExperiment(
    dir,
    'paper-baseline-sweep',
    parameters,
    options.replications ?? 3,
    resolvedBase.scenario,
    (values, _replication, seed) => {
      const scenario = structuredClone(base);
      for (const p of parameters) setPath(scenario, p.path, values[p.name]);
      const result = runScenario(resolveScenario(loadScenarioText(toYaml(scenario), BASELINE()), { seed }));
      return {
        run: {
          events: result.events,
          requests_settled: result.requestsSettled,
          mean_response_ms: result.meanResponseMs,
          consensus_mae: result.consensus.meanAbsoluteError,
        },
        metrics: result.groups.flatMap((g) => [
          { level: 'role-model', role: g.role, model: g.model, population: '', operator: '', metric: 'mean_reward', value: g.meanReward },
          {
            level: 'role-model',
            role: g.role,
            model: g.model,
            population: '',
            operator: '',
            metric: g.role === 'inference' ? 'mean_consensus_quality' : 'mean_agreement',
            value: (g.meanConsensusQuality ?? g.meanAgreement)!,
          },
        ]),
      };
    },
  );
}

/**
 * Adversary and audit metrics over the malicious fraction f, the consensus
 * rule, K and the audit probability p, from a stated toy model (median and
 * trimmed mean resist a minority, detection grows as 1 − (1 − p)^k) plus
 * seeded noise: fixture data for the figures, not a simulation result.
 */
export function writeRobustnessSweep(dir: string, replications = 3): void {
  const parameters: Parameter[] = [
    { name: 'malicious_fraction', path: 'network.inference.1.fraction', values: [0, 0.1, 0.2, 0.3, 0.4] },
    { name: 'consensus_rule', path: 'mechanism.consensus.rule', values: ['mean', 'median', 'trimmed-mean'] },
    { name: 'k', path: 'mechanism.evaluatorsPerRound', values: [1, 3, 5, 7] },
    { name: 'audit_p', path: 'mechanism.audit.probability', values: [0, 0.05, 0.1, 0.2] },
  ];
  const base = {
    mechanism: { consensus: { rule: 'mean' }, evaluatorsPerRound: 3, audit: { probability: 0.05 } },
    network: { inference: [{}, { fraction: 0.1 }] },
  };
  const bank = new StreamBank('robustness-fixture');
  const noise = bank.stream('fixture', 'noise');
  const resistance: Record<string, number> = { mean: 1, median: 0.45, 'trimmed-mean': 0.6 };
  writeExperiment(dir, 'collusion-sweep', parameters, replications, base, (values) => {
    const f = values['malicious_fraction'] as number;
    const k = values['k'] as number;
    const p = values['audit_p'] as number;
    const rule = values['consensus_rule'] as string;
    const jitter = () => (bank.uniform(noise) - 0.5) * 0.02;
    const detection = f === 0 ? 0 : 1 - (1 - p) ** 20;
    return {
      run: {
        adversary_reward_share: Math.min(1, Math.max(0, f * (1 + resistance[rule]! * 0.9 * (1 - detection)) + jitter())),
        consensus_mae: Math.max(0, 0.12 + 0.2 / Math.sqrt(k) + f * 0.5 * resistance[rule]! + jitter()),
        audit_detection_rate: Math.min(1, Math.max(0, detection + jitter())),
        audit_false_positive_rate: Math.min(1, Math.max(0, 0.2 * p + Math.abs(jitter()))),
      },
      metrics: [],
    };
  });
}

/** measurements.csv drawn from the paper profile, with that profile as the fit. */
export function writeCalibrationFolder(dir: string, samplesPerCell = 200): void {
  mkdirSync(dir, { recursive: true });
  const { profile } = loadProfileFile(PAPER_PROFILE());
  const bank = new StreamBank('calibration-fixture');
  const rows: unknown[][] = [];
  const draw = (role: string, model: string, task: string, metric: string, sample: () => number) => {
    for (let i = 0; i < samplesPerCell; i++) rows.push([role, model, task, metric, sample()]);
  };
  for (const [model, entry] of Object.entries(profile.inferenceModels)) {
    for (const [task, t] of Object.entries(entry.tasks)) {
      const stream = bank.stream(`${model}/${task}`, 'measure');
      const latency = createSampler(t.latencyMs, bank);
      const quality = createSampler(t.quality, bank);
      draw('inference', model, task, 'latency_ms', () => latency.sample(stream));
      draw('inference', model, task, 'quality', () => quality.sample(stream));
    }
  }
  for (const [model, entry] of Object.entries(profile.evaluatorModels)) {
    for (const [task, latencyMs] of Object.entries(entry.latencyMs)) {
      const stream = bank.stream(`${model}/${task}`, 'measure');
      const latency = createSampler(latencyMs, bank);
      const { scoreMean, scoreSd } = entry.scoreModel;
      draw('evaluator', model, task, 'latency_ms', () => latency.sample(stream));
      draw('evaluator', model, task, 'score', () =>
        Math.min(1, Math.max(0, scoreMean.value + scoreSd.value * bank.standardNormal(stream))),
      );
    }
  }
  writeFileSync(join(dir, 'measurements.csv'), csv(rows, { header: true, columns: ['role', 'model', 'task', 'metric', 'value'] }));
  copyFileSync(PAPER_PROFILE(), join(dir, 'profile.yaml'));
  writeFileSync(
    join(dir, 'manifest.json'),
    `${JSON.stringify({ tool: 'poq-sim', command: 'calibrate', version: 'fixture', createdAt: '2026-01-01T00:00:00.000Z' }, null, 2)}\n`,
  );
}
