/**
 * Sweep designs, parameter paths and seed derivation, on the library: the
 * semantics the experiment folder documents.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/input/input-error.js';
import { parsePath } from '../../sim/experiment/parameter-path.js';
import { planExperiment } from '../../sim/experiment/plan.js';
import { runSeed } from '../../sim/experiment/seeds.js';
import { loadScenarioText } from '../../sim/scenario/load.js';
import { FIXTURES } from '../helpers.js';

const BASE = `name: design
seed: 5
profile: ../profiles/mm1.yaml
demand: { mode: poisson, ratePerSecond: 5 }
stop: { requests: 50 }
network:
  inference:
    - { model: exp-server, count: 2 }
  evaluators:
    - { model: instant, count: 3, concurrency: 100 }
`;

function plan(sweep: string, extra = '') {
  return planExperiment(loadScenarioText(`${BASE}${extra}${sweep}`, join(FIXTURES, 'scenarios', 'design.yaml')));
}

function planError(sweep: string): string {
  try {
    plan(sweep);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parameter paths', () => {
  it('reads dotted paths with list indices', () => {
    expect(parsePath('mechanism.rewards.beta')).toEqual(['mechanism', 'rewards', 'beta']);
    expect(parsePath('network.inference[0].count')).toEqual(['network', 'inference', 0, 'count']);
    expect(parsePath('network.inference.1.count')).toEqual(['network', 'inference', 1, 'count']);
    expect(parsePath('mechanism..beta')).toMatch(/empty segment/);
    expect(parsePath('mechanism.')).toMatch(/ends with/);
  });
});

describe('designs', () => {
  it('grid: the Cartesian product, first parameter slowest; names default to the last segment', () => {
    const p = plan(`sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 1] }
    - { path: 'network.inference[0].count', values: [1, 2, 3] }
`);
    expect(p.parameters.map((x) => x.name)).toEqual(['beta', 'count']);
    expect(p.points.map((x) => x.values)).toEqual([
      { beta: 0, count: 1 },
      { beta: 0, count: 2 },
      { beta: 0, count: 3 },
      { beta: 1, count: 1 },
      { beta: 1, count: 2 },
      { beta: 1, count: 3 },
    ]);
  });

  it('zip: the i-th value of every list', () => {
    const p = plan(`sweep:
  method: zip
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 0.5, 1] }
    - { path: mechanism.rewards.alpha, values: [3, 2, 1] }
`);
    expect(p.points.map((x) => x.values)).toEqual([
      { beta: 0, alpha: 3 },
      { beta: 0.5, alpha: 2 },
      { beta: 1, alpha: 1 },
    ]);
  });

  it('Latin hypercube: every stratum of every parameter sampled exactly once, reproducibly', () => {
    const sweep = `sweep:
  method: latin-hypercube
  points: 50
  parameters:
    - { path: mechanism.rewards.beta, range: [0, 1] }
    - { path: mechanism.rewards.alpha, range: [0.1, 10], scale: log }
    - { path: mechanism.evaluatorsPerRound, name: k, range: [1, 3], integer: true }
`;
    const p = plan(sweep);
    const beta = p.points.map((x) => x.values.beta as number);
    expect(new Set(beta.map((b) => Math.floor(b * 50))).size).toBe(50);
    const alpha = p.points.map((x) => x.values.alpha as number);
    expect(new Set(alpha.map((a) => Math.floor(((Math.log(a) - Math.log(0.1)) / (Math.log(10) - Math.log(0.1))) * 50))).size).toBe(50);
    const k = p.points.map((x) => x.values.k);
    expect(new Set(k)).toEqual(new Set([1, 2, 3]));
    expect(plan(sweep).points).toEqual(p.points);
    expect(p.parameters.map((x) => x.type)).toEqual(['double', 'double', 'int32']);
  });

  it('adding a parameter does not change the values sampled for the others', () => {
    const one = plan(`sweep:
  method: random
  points: 20
  parameters:
    - { path: mechanism.rewards.beta, range: [0, 1] }
`);
    const two = plan(`sweep:
  method: random
  points: 20
  parameters:
    - { path: mechanism.rewards.beta, range: [0, 1] }
    - { path: mechanism.rewards.alpha, range: [0, 1] }
`);
    expect(two.points.map((x) => x.values.beta)).toEqual(one.points.map((x) => x.values.beta));
  });

  it('a list of designs is crossed, the first varying slowest', () => {
    const p = plan(`sweep:
  - method: random
    points: 2
    parameters:
      - { path: demand.ratePerSecond, name: rate, range: [1, 10] }
  - method: grid
    parameters:
      - { path: mechanism.consensus, name: consensus, values: [{ rule: mean }, { rule: median }] }
`);
    expect(p.points).toHaveLength(4);
    expect(p.points[0]!.values.rate).toBe(p.points[1]!.values.rate);
    expect(p.points.map((x) => x.values.consensus)).toEqual([{ rule: 'mean' }, { rule: 'median' }, { rule: 'mean' }, { rule: 'median' }]);
    expect(p.parameters.map((x) => [x.name, x.type, x.commonRandomNumbers])).toEqual([
      ['rate', 'double', false],
      ['consensus', 'json', true],
    ]);
  });

  it('without a sweep, an experiment is one point', () => {
    const p = plan('', 'replications: 4\n');
    expect(p.points).toEqual([{ values: {}, origins: {} }]);
    expect(p.replications).toBe(4);
  });
});

describe('seeds', () => {
  it('differ by replication and by independent values, and are shared across common-random-number values', () => {
    const a = runSeed(5, {}, 0);
    expect(runSeed(5, {}, 0)).toBe(a);
    expect(runSeed(5, {}, 1)).not.toBe(a);
    expect(runSeed(6, {}, 0)).not.toBe(a);
    expect(runSeed(5, { rate: 1 }, 0)).not.toBe(runSeed(5, { rate: 2 }, 0));
    expect(Number.isSafeInteger(a)).toBe(true);
    expect(runSeed('5', {}, 0)).not.toBe(a);
  });
});

describe('sweep errors name the line of the sweep', () => {
  it('a misspelled path, with a suggestion', () => {
    expect(
      planError(`sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.betta, values: [0, 1] }
`),
    ).toMatch(/design\.yaml:14:15: sweep\.parameters\[0\]\.path: no field "betta" in mechanism\.rewards; did you mean "beta"\?/);
  });

  it('a value the scenario rejects, at the list entry, naming the point', () => {
    expect(
      planError(`sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, values: [0, -1] }
`),
    ).toMatch(/design\.yaml:14:51: mechanism\.rewards\.beta: must be ≥ 0, got -1 \(sweep point 1: beta=-1\)/);
  });

  it('a value that fails a cross-check against the profile', () => {
    expect(
      planError(`sweep:
  method: grid
  parameters:
    - { path: mechanism.evaluatorsPerRound, name: k, values: [3, 4] }
`),
    ).toMatch(
      /design\.yaml:14:66: mechanism\.evaluatorsPerRound: K = 4 is larger than the evaluator pool \(3 nodes\) \(sweep point 1: k=4\)/,
    );
  });

  it('duplicate names, reserved names, out-of-range indices and fixed fields', () => {
    expect(
      planError(`sweep:
  method: grid
  parameters:
    - { path: 'network.inference[0].count', values: [1] }
    - { path: 'network.evaluators[0].count', values: [3] }
`),
    ).toMatch(/design\.yaml:15:15: sweep\.parameters\[1\]\.path: parameter name "count" is already used by sweep\.parameters\[0\]/);
    expect(
      planError(`sweep:
  method: grid
  parameters:
    - { path: stop.events, values: [100] }
`),
    ).toMatch(/parameter name "events" is also a column of the results tables/);
    expect(
      planError(`sweep:
  method: grid
  parameters:
    - { path: network.inference.3.count, values: [1] }
`),
    ).toMatch(/network\.inference has 1 entry; index 3 is out of range/);
    expect(
      planError(`sweep:
  method: grid
  parameters:
    - { path: seed, values: [1, 2] }
`),
    ).toMatch(/seed cannot be swept: .*use replications/);
  });

  it('zip lists of different lengths, and a range in a grid', () => {
    expect(
      planError(`sweep:
  method: zip
  parameters:
    - { path: mechanism.rewards.beta, values: [0, 1] }
    - { path: mechanism.rewards.alpha, values: [1] }
`),
    ).toMatch(
      /design\.yaml:15:48: sweep\.parameters\[1\]\.values: zip needs lists of equal length: this one has 1 values, the first has 2/,
    );
    expect(
      planError(`sweep:
  method: grid
  parameters:
    - { path: mechanism.rewards.beta, range: [0, 1] }
`),
    ).toMatch(/sweep\.parameters\[0\]\.range: grid and zip take values lists/);
  });
});
