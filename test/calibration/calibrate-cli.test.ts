/**
 * `poq-sim calibrate` end to end on tiny models and the shipped example
 * sets: the output folder, a scenario on the fitted profile reproducing the
 * measured evaluator correlations, --from-log, and bad input.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfileFile } from '../../sim/profile/load.js';
import type { Profile } from '../../sim/profile/schema.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';
import { CLI } from '../helpers.js';
import { buildTinyModels, EXAMPLES, type TinyModels } from './tiny-models.js';

let root: string;
let models: TinyModels;
let out: string;
let profile: Profile;

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, POQ_SIM_CACHE_DIR: join(root, 'cache') } });

function config(overrides: { evaluatorPath?: string; summaries?: string; extra?: string } = {}): string {
  return `name: tiny-calibration
description: Tiny models on the shipped example sets
seed: 3
hardware:
  id: test-cpu
  costUsdPerHour: { value: 0.1, status: estimated, why: test price }
tasks:
  extractive-qa:
    description: example QA
    dataset: { format: squad, path: ${join(EXAMPLES, 'qa.json')} }
    sample: 12
    prompt: "{context} Q: {question} A:"
    quality: token-f1
  summarization:
    description: example summaries
    dataset: { format: cnn-dailymail, path: ${overrides.summaries ?? join(EXAMPLES, 'summaries.jsonl')} }
    sample: 8
    prompt: "Summarize: {article}"
    quality: rouge-l
generation: { maxNewTokens: 8 }
measure: { warmup: 1, batchSizes: [1, 4], throughputItems: 8 }
inference:
  - { id: lead3, kind: classical }
  - { id: bigram-lm, kind: text-generation, path: ${models.causalLm} }
evaluators:
  - { id: tiny-bi, architecture: bi-encoder, path: ${overrides.evaluatorPath ?? models.biEncoder} }
  - { id: tiny-ce, architecture: cross-encoder, runtime: onnxruntime, path: ${models.rawCrossEncoder} }
judge: { file: ${join(root, 'judge.csv')} }
${overrides.extra ?? ''}`;
}

function writeConfig(name: string, text: string): string {
  const file = join(root, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'poq-sim-calibrate-'));
  models = buildTinyModels(root);
  // Judge scores for every example question and summary, for both systems (the judge is external data).
  const ids = [...Array(24).keys()]
    .map((i) => ['extractive-qa', `poq-qa-q${i + 1}`])
    .concat([...Array(12).keys()].map((i) => ['summarization', `poq-sum-${String(i + 1).padStart(2, '0')}`]));
  const rows = [
    'model,task,item_id,judge_score',
    ...ids.flatMap(([task, id], i) => [
      `lead3,${task},${id},${(i * 7) % 11 === 10 ? 9.5 : (i * 7) % 11}`,
      `bigram-lm,${task},${id},${(i * 3) % 4}`,
    ]),
  ];
  writeFileSync(join(root, 'judge.csv'), `${rows.join('\n')}\n`);
  out = join(root, 'profile');
  const result = cli('calibrate', writeConfig('tiny.yaml', config()), '--out', out);
  expect(result.stderr).not.toMatch(/Error|at .*\.js/);
  expect(result.status).toBe(0);
  profile = loadProfileFile(join(out, 'profile.yaml')).profile;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('poq-sim calibrate', () => {
  it('writes profile.yaml, measurements.csv (long format) and report.md', () => {
    const rows = parse<Record<string, string>>(readFileSync(join(out, 'measurements.csv'), 'utf8'), { columns: true });
    expect(Object.keys(rows[0]!)).toEqual(['role', 'model', 'task', 'item_id', 'subject_model', 'batch_size', 'metric', 'value']);
    const metrics = (role: string) => new Set(rows.filter((r) => r.role === role).map((r) => r.metric));
    for (const m of [
      'latency_ms',
      'output_tokens',
      'quality',
      'token_f1',
      'rouge_l',
      'judge_score',
      'throughput_per_s',
      'memory_mb',
      'ort_peak_mb',
    ])
      expect(metrics('inference')).toContain(m);
    for (const m of ['latency_ms', 'score', 'score_raw', 'throughput_per_s', 'memory_mb']) expect(metrics('evaluator')).toContain(m);
    // Per-request latencies: every sampled prompt, warm-up excluded.
    expect(
      rows.filter((r) => r.role === 'inference' && r.model === 'lead3' && r.metric === 'latency_ms' && r.batch_size === '1'),
    ).toHaveLength(20);
    expect(rows.filter((r) => r.role === 'evaluator' && r.model === 'tiny-ce' && r.metric === 'score')).toHaveLength(40);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/## Fitted distributions[\s\S]*## Batch latency/);
  });

  it('records fits, provenance and correlations in the profile', () => {
    expect(profile.source.kind).toBe('measured');
    expect(profile.source.seed).toBe(3);
    expect(profile.source.software).toMatch(/onnxruntime-node 1\.30/);
    expect(profile.source.data).toMatch(/qa\.json \(squad, sha256 [0-9a-f]{16}\)/);
    const report = profile.calibration!;
    const latencyFits = report.fits.filter((f) => f.metric === 'latency_ms');
    expect(latencyFits).toHaveLength(8);
    for (const fit of report.fits.filter((f) => f.ks)) expect(fit.ks!.statistic).toBeLessThan(0.5);
    expect(profile.inferenceModels['bigram-lm']!.throughput!.map((t) => t.batchSize)).toEqual([1, 4]);
    // The batch-latency curve comes from the same throughput points: factor(4) = 4 · throughput(1) / throughput(4), at least 1.
    const bigram = profile.inferenceModels['bigram-lm']!;
    const [one, four] = bigram.throughput!.map((t) => t.samplesPerSecond.value);
    expect(bigram.batchLatency!.points[0]).toEqual({ batchSize: 1, factor: 1 });
    expect(bigram.batchLatency!.points[1]!.factor).toBeCloseTo(Math.max(1, (4 * one!) / four!), 12);
    expect(bigram.batchLatency!.provenance.status).toBe('derived');
    expect(profile.inferenceModels.lead3!.judgeScore!.status).toBe('measured');
    expect(profile.evaluatorModels['tiny-bi']!.judgeCorrelation).toBeDefined();
    const tasks = new Set(report.correlations.filter((c) => c.evaluator === 'tiny-ce' && c.against === 'judge').map((c) => c.task));
    expect(tasks).toEqual(new Set(['extractive-qa', 'summarization', 'pooled']));
    expect((report.settings!.generation as { maxNewTokens: number }).maxNewTokens).toBe(8);
  });

  it('runs a scenario on the fitted profile that reproduces each measured evaluator correlation within ±0.05', () => {
    const scenario = `name: on-tiny-profile
seed: 5
profile: ${out}
demand: { mode: rounds }
stop: { requests: 20000 }
network:
  inference: [{ model: lead3, count: 1 }, { model: bigram-lm, count: 1 }]
  evaluators: [{ model: tiny-bi, count: 1 }, { model: tiny-ce, count: 1 }]
mechanism: { evaluatorsPerRound: 2 }
`;
    const result = runScenario(resolveScenario(loadScenarioText(scenario, join(root, 'scenario.yaml'))));
    for (const fit of profile.calibration!.scoreModels) {
      const group = result.groups.find((g) => g.role === 'evaluator' && g.model === fit.model)!;
      expect(Math.abs(group.correlationWithTruth! - fit.targets.correlation)).toBeLessThan(0.05);
    }
  });

  it('fits the same profile from its own measurements with --from-log', () => {
    const fromLog = join(root, 'from-log');
    const result = cli('calibrate', '--from-log', join(out, 'measurements.csv'), '--cost-usd-per-hour', '0.1', '--out', fromLog, '-q');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const again = loadProfileFile(join(fromLog, 'profile.yaml')).profile;
    expect(Object.keys(again.inferenceModels).sort()).toEqual(['bigram-lm', 'lead3']);
    expect(again.evaluatorModels['tiny-bi']!.architecture).toBe('other');
    expect(again.inferenceModels.lead3!.tasks['extractive-qa']!.latencyMs).toEqual(
      profile.inferenceModels.lead3!.tasks['extractive-qa']!.latencyMs,
    );
    // The noise-model fit simulates with the profile's seed (1 without a calibration file, 3 with it).
    expect(again.evaluatorModels['tiny-ce']!.scoreModel.correlation.value).toBeCloseTo(
      profile.evaluatorModels['tiny-ce']!.scoreModel.correlation.value,
      2,
    );
    // With the calibration file, names and tasks come from it and nothing is measured.
    const withConfig = cli(
      'calibrate',
      join(root, 'tiny.yaml'),
      '--from-log',
      join(out, 'measurements.csv'),
      '--out',
      join(root, 'from-log-2'),
      '-q',
    );
    expect(withConfig.status).toBe(0);
    const withNames = loadProfileFile(join(root, 'from-log-2', 'profile.yaml')).profile;
    expect(withNames.evaluatorModels['tiny-bi']!.architecture).toBe('bi-encoder');
    expect(withNames.evaluatorModels['tiny-ce']!.scoreModel).toEqual(profile.evaluatorModels['tiny-ce']!.scoreModel);
  });
});

describe('bad input: clear one-line errors, exit code 2, nothing written', () => {
  /** The input is refused with one line, and a previous profile folder at --out is left as it was. */
  function expectRejected(args: string[], pattern: RegExp) {
    const target = join(root, `rejected-${Math.random().toString(36).slice(2)}`);
    mkdirSync(target);
    writeFileSync(join(target, 'manifest.json'), JSON.stringify({ tool: 'poq-sim', format: 'poq-sim/calibration/v1' }));
    writeFileSync(join(target, 'profile.yaml'), 'previous results');
    const result = cli(...args, '--out', target);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(target, 'profile.yaml'), 'utf8')).toBe('previous results');
    expect(readdirSync(target).sort()).toEqual(['manifest.json', 'profile.yaml']);
  }

  it('a missing model folder', () => {
    const file = writeConfig('missing-model.yaml', config({ evaluatorPath: join(root, 'no-such-model') }));
    expectRejected(['calibrate', file], /missing-model\.yaml:\d+:\d+: evaluators\[0\]\.path: no such model folder .*no-such-model/);
  });

  it('a model folder without its ONNX file', () => {
    rmSync(join(models.crossEncoder, 'onnx'), { recursive: true, force: true });
    const file = writeConfig('incomplete.yaml', config({ evaluatorPath: models.crossEncoder }));
    expectRejected(['calibrate', file], /evaluators\[0\]\.path: model folder .* lacks onnx\/model\.onnx/);
  });

  it('a malformed dataset', () => {
    const broken = join(root, 'broken.jsonl');
    writeFileSync(broken, '{"article": "a", "highlights": "h"}\n{"article": "b", "highlights": \n');
    expectRejected(['calibrate', writeConfig('broken.yaml', config({ summaries: broken }))], /broken\.jsonl:2:1: invalid JSON/);
  });

  it('a measurements CSV with missing columns, or a bad value', () => {
    const csv = join(root, 'no-metric.csv');
    writeFileSync(csv, 'role,model,task,value\ninference,m,qa,1\n');
    expectRejected(
      ['calibrate', '--from-log', csv, '--cost-usd-per-hour', '1'],
      /no-metric\.csv:1:1: missing column metric \(required: role, model, task, metric, value/,
    );
    const bad = join(root, 'bad-value.csv');
    writeFileSync(bad, 'role,model,task,metric,value\ninference,m,qa,latency_ms,fast\n');
    expectRejected(
      ['calibrate', '--from-log', bad, '--cost-usd-per-hour', '1'],
      /bad-value\.csv:2:1: value: expected a number, got "fast"/,
    );
  });

  it('a log lacking what a profile needs, an unknown placeholder, an unavailable provider', () => {
    const partial = join(root, 'partial.csv');
    writeFileSync(partial, 'role,model,task,metric,value\ninference,m,qa,latency_ms,12\ninference,m,qa,latency_ms,14\n');
    expectRejected(
      ['calibrate', '--from-log', partial, '--cost-usd-per-hour', '1'],
      /partial\.csv: no measurements for inference m qa quality/,
    );
    const placeholder = writeConfig('placeholder.yaml', config().replace('Summarize: {article}', 'Summarize: {artcle}'));
    expectRejected(['calibrate', placeholder], /tasks\.summarization\.prompt: unknown placeholder \{artcle\} .*did you mean "article"/);
    expectRejected(['calibrate', writeConfig('cuda.yaml', `${config()}executionProvider: cuda\n`)], /executionProvider: .*CUDA/);
  });
});
