/**
 * A profile is validated like a scenario: each bound's largest (or
 * smallest) allowed value runs, with finite results and finite quantities
 * derived from it (expected costs, routing weights, score coefficients),
 * and the first value past it is refused by `poq-sim run` with
 * file:line:column, the field path and the range, exit 2, nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qualityPoolFor, scoreCoefficients } from '../../sim/profile/score-model.js';
import { StreamBank } from '../../sim/random/streams.js';
import { marketSetup } from '../../sim/run/build-market.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';
import { CLI } from '../helpers.js';

/** A profile with every bounded value as a placeholder. */
const PROFILE = `formatVersion: 1
name: bounds
description: profile at the edges of its bounds
source: { kind: measured, citation: test }
tasks:
  qa: { description: one task }
referenceHardware: hw
hardware:
  hw:
    description: test hardware
    costUsdPerHour: { value: {price}, status: estimated, why: test }
    {speedField}: { value: {speed}, status: estimated, why: test }
inferenceModels:
  a:
    displayName: model a
    memoryMb: { value: {memory}, status: estimated, why: test }
    tasks:
      qa:
        latencyMs: {latencyA}
        quality: {qualityA}
  b:
    displayName: model b
    memoryMb: { value: 1, status: estimated, why: test }
    tasks:
      qa:
        latencyMs: {latencyB}
        quality: {qualityB}
evaluatorModels:
  e:
    displayName: evaluator
    architecture: other
    memoryMb: { value: 1, status: estimated, why: test }
    latencyMs:
      qa: {latencyE}
    scoreModel:
      family: linear-gaussian
      correlation: { value: {correlation}, status: estimated, why: test }
      scoreMean: { value: {scoreMean}, status: estimated, why: test }
      scoreSd: { value: {scoreSd}, status: estimated, why: test }
{pool}`;

const DEFAULTS: Record<string, string> = {
  price: '0.4',
  speedField: 'relativeSpeed',
  speed: '1',
  memory: '1',
  latencyA: '{ family: lognormal-mean-cv, mean: 1000, cv: 0.3 }',
  latencyB: '{ family: exponential, mean: 300 }',
  latencyE: '{ family: constant, value: 10 }',
  qualityA: '{ family: beta-mean, mean: 0.7, concentration: 5 }',
  qualityB: '{ family: beta, alpha: 2, beta: 3 }',
  correlation: '0.8',
  scoreMean: '0.5',
  scoreSd: '0.2',
  pool: '',
};

const SCENARIO = `name: bounds
seed: 3
profile: ./profile.yaml
stop: { requests: 60 }
network:
  inference:
    - { model: a, count: 2 }
    - { model: b, count: 2 }
  evaluators:
    - { model: e, count: 3 }
mechanism:
  routing: { policy: quality-per-cost }
  evaluatorsPerRound: 3
{mechanism}`;

function setUp(values: Record<string, string>, mechanism = '') {
  const dir = mkdtempSync(join(tmpdir(), 'poq-profile-bounds-'));
  const filled = { ...DEFAULTS, ...values };
  const profile = PROFILE.replace(/\{(\w+)\}/g, (whole, key: string) => filled[key] ?? whole);
  writeFileSync(join(dir, 'profile.yaml'), profile);
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO.replace('{mechanism}', mechanism));
  return { dir, profile, scenario: join(dir, 'scenario.yaml'), out: join(dir, 'out') };
}

const run = (scenario: string, out: string) => spawnSync(process.execPath, [CLI, 'run', scenario, '--out', out], { encoding: 'utf8' });

/** Every quantity the engine derives from the profile is finite, and a run's results too. */
function expectFiniteDerivations(scenario: string) {
  const resolved = resolveScenario(loadScenarioFile(scenario));
  const setup = marketSetup(resolved, new StreamBank(resolved.scenario.seed));
  for (const role of [setup.inference, setup.evaluators]) {
    for (const cost of role.expectedCostUsd) expect(Number.isFinite(cost) && cost > 0).toBe(true);
    expect(Number.isFinite(role.costScale.low) && Number.isFinite(role.costScale.high)).toBe(true);
  }
  const profile = resolved.profile.profile;
  for (const model of Object.values(profile.evaluatorModels)) {
    const c = scoreCoefficients(model.scoreModel, qualityPoolFor(model.scoreModel, profile));
    expect([c.intercept, c.slope, c.noiseSd].every(Number.isFinite)).toBe(true);
  }
  const result = runScenario(resolved);
  for (const group of result.groups) expect(Number.isFinite(group.meanReward)).toBe(true);
}

/** [name, placeholder values, …] at the largest or smallest allowed values. */
const allowed: Array<[string, Record<string, string>]> = [
  [
    'the largest values',
    {
      price: '1e6',
      speed: '1000',
      memory: '1e9',
      latencyA: '{ family: lognormal-mean-cv, mean: 1e8, cv: 20 }',
      latencyB: '{ family: weibull, shape: 0.5, scale: 5e7 }',
      latencyE: '{ family: gamma, shape: 1e6, scale: 100 }',
      qualityA: '{ family: beta, alpha: 1e6, beta: 0.05 }',
      correlation: '1',
      scoreMean: '1000',
      scoreSd: '1000',
    },
  ],
  [
    'the smallest values',
    {
      price: '1e-6',
      speed: '0.001',
      memory: '0',
      latencyA: '{ family: constant, value: 1e-6 }',
      latencyB: '{ family: gamma, shape: 0.05, scale: 2e-5 }',
      latencyE: '{ family: exponential, mean: 1e-6 }',
      qualityA: '{ family: constant, value: 0 }',
      qualityB: '{ family: constant, value: 1e-5 }',
      correlation: '-1',
      scoreMean: '-1000',
      scoreSd: '0',
      pool: '      referencePool: { qualityMean: 0, qualitySd: 1e-6, provenance: { status: estimated, why: test } }',
    },
  ],
];

describe('a profile at the edges of its bounds runs', () => {
  it.each(allowed)('%s', (_name, values) => {
    const { scenario, out } = setUp(values);
    const result = run(scenario, out);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const summary = readFileSync(join(out, 'summary.json'), 'utf8');
    expect(summary).not.toMatch(/NaN|Infinity/);
    expectFiniteDerivations(scenario);
  });
});

/** The position, as line:column, of the first occurrence of `where` in `text` (of its "|" when it has one). */
function position(text: string, where: string): string {
  const mark = Math.max(0, where.indexOf('|'));
  const needle = where.replace('|', '');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`no "${needle}" in the text`);
  return `${line + 1}:${lines[line]!.indexOf(needle) + mark + 1}`;
}

/** [name, placeholder values, where (the text the line:column points at), the message after file:line:column] */
const refused: Array<[string, Record<string, string>, string, RegExp]> = [
  [
    'a cv of 1e200 (the crash of issue 13)',
    { latencyA: '{ family: lognormal-mean-cv, mean: 1000, cv: 1e200 }' },
    '1e200',
    /inferenceModels\.a\.tasks\.qa\.latencyMs\.cv: must lie in \[0, 20\], got 1e200 \(sdLog = /,
  ],
  [
    'a cv just past 20',
    { latencyA: '{ family: lognormal-mean-cv, mean: 1000, cv: 20.000000000000004 }' },
    '20.000000000000004',
    /latencyMs\.cv: must lie in \[0, 20\], got 20\.000000000000004/,
  ],
  [
    'a latency mean just past 1e8 ms',
    { latencyA: '{ family: lognormal-mean-cv, mean: 100000000.00000001, cv: 1 }' },
    '100000000.00000001',
    /latencyMs\.mean: the mean of a latency must lie in \[1e-6, 1e8\] ms, but this distribution's is 1\.0000000000000001e8 ms/,
  ],
  [
    'a computed latency mean past 1e8 ms',
    { latencyB: '{ family: gamma, shape: 2, scale: 50000001 }' },
    '50000001',
    /latencyMs\.scale: the mean of a latency must lie in \[1e-6, 1e8\] ms, but this distribution's is 1\.00000002e8 ms/,
  ],
  [
    'a latency mean below 1e-6 ms',
    { latencyE: '{ family: constant, value: 0 }' },
    'value: |0 }',
    /evaluatorModels\.e\.latencyMs\.qa\.value: the mean of a latency must lie in \[1e-6, 1e8\] ms, but this distribution's is 0 ms/,
  ],
  [
    'a negative latency',
    { latencyB: '{ family: empirical, values: [3, 4, -2, 5, -1] }' },
    '-2',
    /latencyMs\.values\[2\]: a latency lies in \[0, ∞\), got -2 \(and 1 more values outside\)/,
  ],
  [
    'a normal latency',
    { latencyB: '{ family: normal, mean: 300, sd: 50 }' },
    'family: |normal',
    /latencyMs\.family: a normal distribution takes every real value, but a latency lies in \[0, ∞\): use lognormal/,
  ],
  [
    'a quality off [0, 1]',
    { qualityB: '{ family: gamma, shape: 2, scale: 0.2 }' },
    'gamma',
    /quality\.family: a gamma distribution takes every positive value, but a quality lies in \[0, 1\]: use beta or beta-mean/,
  ],
  [
    'a uniform quality past 1',
    { qualityB: '{ family: uniform, min: 0.5, max: 1.5 }' },
    '1.5',
    /quality\.max: a quality lies in \[0, 1\], got 1\.5/,
  ],
  ['a price of 0', { price: '0' }, 'value: |0,', /hardware\.hw\.costUsdPerHour\.value: must lie in \[1e-6, 1e6\], got 0 \(USD per hour/],
  [
    'a relative speed just past 1000',
    { speed: '1000.0000000000001' },
    '1000.0000000000001',
    /relativeSpeed\.value: must lie in \[0\.001, 1000\], got 1000\.0000000000001/,
  ],
  [
    'speedFactor, the multiplier relativeSpeed replaced, with the value to write',
    { speedField: 'speedFactor', speed: '2.5' },
    'speedFactor',
    /: hardware\.hw\.speedFactor: renamed to relativeSpeed, which divides latency \(higher is faster\); speedFactor 2\.5 is relativeSpeed 0\.4$/,
  ],
  [
    'speedFactor of 3: the relative speed rounded to 6 digits',
    { speedField: 'speedFactor', speed: '3' },
    'speedFactor',
    /: hardware\.hw\.speedFactor: renamed to relativeSpeed, .*; speedFactor 3 is relativeSpeed 0\.333333$/,
  ],
  ['a negative memory', { memory: '-1' }, 'value: |-1,', /memoryMb\.value: must lie in \[0, 1e9\], got -1/],
  [
    'a correlation past 1',
    { correlation: '1.0000000000000002' },
    '1.0000000000000002',
    /scoreModel\.correlation\.value: must lie in \[-1, 1\], got 1\.0000000000000002 \(a Pearson correlation\)/,
  ],
  [
    'a score spread past 1000',
    { scoreSd: '1000.0000000000001' },
    '1000.0000000000001',
    /scoreModel\.scoreSd\.value: must lie in \[0, 1000\], got 1000\.0000000000001/,
  ],
  [
    'an infinite score mean',
    { scoreMean: '.inf' },
    '.inf',
    /scoreModel\.scoreMean\.value: expected a finite number, got non-finite number \.inf/,
  ],
  [
    'a reference pool spread past 0.5',
    { pool: '      referencePool: { qualityMean: 0.5, qualitySd: 0.5000000000000001, provenance: { status: estimated, why: test } }' },
    '0.5000000000000001',
    /scoreModel\.referencePool\.qualitySd: must lie in \[1e-6, 0\.5\], got 0\.5000000000000001/,
  ],
  [
    'qualities without spread for the default reference pool',
    { qualityA: '{ family: constant, value: 0.5 }', qualityB: '{ family: constant, value: 0.5 }' },
    'family: linear-gaussian',
    /evaluatorModels\.e\.scoreModel\.referencePool: the profile's qualities have a spread \(sd\) of 0, below 1e-6.*give referencePool: \{ qualityMean, qualitySd, provenance \}/,
  ],
];

describe('a profile value past its bound is refused', () => {
  it.each(refused)('%s', (_name, values, where, message) => {
    const { profile, scenario, out, dir } = setUp(values);
    const result = run(scenario, out);
    expect({ status: result.status, signal: result.signal }).toEqual({ status: 2, signal: null });
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${join(dir, 'profile.yaml')}:${position(profile, where)}: `);
    expect(lines[0]).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('a reveal delay that can be negative is refused in the scenario', () => {
    const { scenario, out } = setUp({}, '  commitReveal: { enabled: true, revealDelayMs: { family: normal, mean: 50, sd: 20 } }\n');
    const result = run(scenario, out);
    expect(result.status).toBe(2);
    const at = position(readFileSync(scenario, 'utf8'), 'family: |normal');
    expect(result.stderr.trim()).toBe(
      `poq-sim: ${scenario}:${at}: mechanism.commitReveal.revealDelayMs.family: a normal distribution takes every real value, but a delay lies in [0, ∞): use lognormal, lognormal-mean-cv, gamma, weibull or exponential, or uniform, categorical or empirical with values ≥ 0`,
    );
    expect(existsSync(out)).toBe(false);
  });
});
