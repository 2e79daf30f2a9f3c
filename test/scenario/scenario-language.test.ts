/**
 * The scenario language: extends (deep merge, lists replace, null removes,
 * errors located in the file that wrote the value, cycles), populations by
 * fraction and by weighted models, hardware tiers and mix variants, and the
 * published JSON Schema.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/input/input-error.js';
import { scenarioJsonSchemaText } from '../../sim/scenario/json-schema.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { largestRemainder } from '../../sim/scenario/populations.js';
import { resolveScenario } from '../../sim/scenario/resolve.js';
import { runScenario } from '../../sim/run/run-scenario.js';
import { FIXTURES, ROOT } from '../helpers.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'poq-lang-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function inputError(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

/** The mm1 test profile with a second, faster and dearer hardware tier. */
function tieredProfile(dir: string): string {
  const profile = parse(readFileSync(join(FIXTURES, 'profiles', 'mm1.yaml'), 'utf8'));
  profile.hardware.gpu = {
    description: 'second tier',
    costUsdPerHour: { value: 2, status: 'estimated', why: 'test' },
    relativeSpeed: { value: 2, status: 'estimated', why: 'test' },
  };
  writeFileSync(join(dir, 'tiers.yaml'), JSON.stringify(profile));
  return 'tiers.yaml';
}

const BASE = `name: base
seed: 3
profile: ${join(FIXTURES, 'profiles', 'mm1.yaml')}
demand: { mode: poisson, ratePerSecond: 5 }
stop: { requests: 100 }
network:
  inference:
    - { model: exp-server, count: 2 }
    - { model: slow-server, count: 1 }
  evaluators:
    - { model: instant, count: 3, concurrency: 100 }
mechanism:
  evaluatorsPerRound: 3
  rewards: { alpha: 1, beta: 0.5 }
reference: { citation: test, meanReward: { exp-server: 0.5 } }
`;

describe('extends', () => {
  it('merges mappings key by key, replaces lists, removes fields set to null', () => {
    const dir = folder({
      'base.yaml': BASE,
      'child.yaml': `extends: base.yaml
name: child
mechanism:
  rewards: { beta: 0.25 }
network:
  inference:
    - { model: slow-server, count: 4 }
reference: null
`,
    });
    const { scenario } = loadScenarioFile(join(dir, 'child.yaml'));
    expect(scenario.name).toBe('child');
    expect(scenario.seed).toBe(3);
    expect(scenario.mechanism.rewards.beta).toBe(0.25);
    expect(scenario.mechanism.rewards.alpha).toBe(1);
    expect(scenario.network.inference).toEqual([{ model: 'slow-server', count: 4, concurrency: 1, sybil: false }]);
    expect(scenario.network.evaluators[0]!.count).toBe(3);
    expect(scenario.reference).toBeUndefined();
    expect('extends' in scenario).toBe(false);
  });

  it('resolves a relative profile against the file that wrote it', () => {
    const dir = folder({ 'child.yaml': 'extends: ../inline-base.yaml\nname: child\n' });
    writeFileSync(join(dir, '..', 'inline-base.yaml'), BASE.replace(/profile: .*/, `profile: ${join(FIXTURES, 'profiles', 'mm1.yaml')}`));
    const resolved = resolveScenario(loadScenarioFile(join(dir, 'child.yaml')));
    expect(resolved.profile.profile.name).toBe('mm1');
  });

  it('extends a shipped scenario by name, and later files in a list win', () => {
    const dir = folder({
      'more.yaml': 'mechanism: { rewards: { beta: 0.9 } }\n',
      'child.yaml': 'extends: [paper-baseline, more.yaml]\nname: child\nreference: null\n',
    });
    const { scenario } = loadScenarioFile(join(dir, 'child.yaml'));
    expect(scenario.profile).toBe('paper-rtx4090');
    expect(scenario.stop.requests).toBe(5000);
    expect(scenario.mechanism.rewards.beta).toBe(0.9);
  });

  it('reports an error at the line of the file where the bad value was written', () => {
    const dir = folder({ 'base.yaml': BASE.replace('alpha: 1', 'alpha: -1'), 'child.yaml': 'extends: base.yaml\nname: child\n' });
    const error = inputError(() => loadScenarioFile(join(dir, 'child.yaml')));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.file).toMatch(/base\.yaml$/);
    expect(error.problems[0]).toMatchObject({ line: 14, path: 'mechanism.rewards.alpha' });
  });

  it('reports a value overridden by the child in the child', () => {
    const dir = folder({ 'base.yaml': BASE, 'child.yaml': 'extends: base.yaml\nname: child\nmechanism:\n  rewards: { beta: -2 }\n' });
    const error = inputError(() => loadScenarioFile(join(dir, 'child.yaml')));
    expect(error.problems[0]!.file).toMatch(/child\.yaml$/);
    expect(error.problems[0]).toMatchObject({ line: 4, column: 20, path: 'mechanism.rewards.beta' });
  });

  it('detects cycles', () => {
    const dir = folder({ 'a.yaml': 'extends: b.yaml\nname: a\n', 'b.yaml': 'extends: a.yaml\nname: b\n' });
    const error = inputError(() => loadScenarioFile(join(dir, 'a.yaml')));
    expect(error.message).toMatch(/b\.yaml:1:10: extends: extends cycle: .*a\.yaml → .*b\.yaml → .*a\.yaml/);
  });

  it('names a missing base, with a suggestion among shipped scenarios', () => {
    const dir = folder({ 'a.yaml': 'name: a\nextends: paper-baseline.yml\n' });
    const error = inputError(() => loadScenarioFile(join(dir, 'a.yaml')));
    expect(error.message).toMatch(/a\.yaml:2:10: extends: no scenario "paper-baseline\.yml" .*did you mean "paper-baseline"\?/);
  });
});

describe('populations', () => {
  it('largest remainder splits exactly, ties going to the earlier part', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(1000, [0.7, 0.2, 0.1])).toEqual([700, 200, 100]);
    expect(largestRemainder(7, [3, 1])).toEqual([5, 2]);
    for (const total of [0, 1, 13, 999]) expect(largestRemainder(total, [0.13, 0.5, 0.37]).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('divides a total by fractions and splits populations over weighted models, tiers and mix variants', () => {
    const dir = folder({});
    const profile = tieredProfile(dir);
    writeFileSync(
      join(dir, 'net.yaml'),
      `name: net
profile: ${profile}
stop: { requests: 10 }
network:
  inferenceNodes: 1000
  evaluatorNodes: 10
  inference:
    - { name: mixed, fraction: 0.7, model: { exp-server: 3, slow-server: 1 }, hardware: { cpu: 1, gpu: 1 } }
    - name: variants
      fraction: 0.3
      model: exp-server
      mix:
        - { weight: 9 }
        - { weight: 1, model: slow-server, hardware: gpu, concurrency: 4 }
  evaluators:
    - { model: instant, fraction: 1 }
`,
    );
    const resolved = resolveScenario(loadScenarioFile(join(dir, 'net.yaml')));
    const count = (filter: (n: (typeof resolved.inferenceNodes)[number]) => boolean) => resolved.inferenceNodes.filter(filter).length;
    expect(resolved.inferenceNodes).toHaveLength(1000);
    expect(resolved.evaluatorNodes).toHaveLength(10);
    expect(count((n) => n.population === 'mixed')).toBe(700);
    expect(count((n) => n.population === 'mixed' && n.model === 'exp-server')).toBe(526);
    expect(count((n) => n.population === 'mixed' && n.hardware === 'gpu')).toBe(350);
    expect(count((n) => n.population === 'mixed' && n.model === 'slow-server' && n.hardware === 'cpu')).toBe(87);
    expect(count((n) => n.population === 'variants' && n.model === 'slow-server' && n.hardware === 'gpu' && n.concurrency === 4)).toBe(30);
    expect(count((n) => n.population === 'variants' && n.model === 'exp-server' && n.hardware === 'cpu' && n.concurrency === 1)).toBe(270);
    expect(new Set(resolved.inferenceNodes.map((n) => n.id)).size).toBe(1000);
    // relativeSpeed 2 halves the service times: their multiplier is 0.5.
    expect(resolved.inferenceNodes.find((n) => n.hardware === 'gpu')!.speedFactor).toBe(0.5);
    expect(resolved.inferenceNodes.find((n) => n.hardware === 'cpu')!.speedFactor).toBe(1);
  });

  it('serves faster on a tier with a higher relativeSpeed: the same draws, every service time divided by it', () => {
    const dir = folder({});
    const profile = tieredProfile(dir);
    const on = (hardware: string) => {
      writeFileSync(
        join(dir, `${hardware}.yaml`),
        `name: ${hardware}
profile: ${profile}
stop: { requests: 400 }
network:
  inference:
    - { model: exp-server, count: 3, hardware: ${hardware} }
  evaluators:
    - { model: instant, count: 3, hardware: ${hardware} }
`,
      );
      return runScenario(resolveScenario(loadScenarioFile(join(dir, `${hardware}.yaml`))));
    };
    const reference = on('cpu');
    const fast = on('gpu');
    expect(fast.requestsSettled).toBe(reference.requestsSettled);
    expect(fast.meanResponseMs).toBeCloseTo(reference.meanResponseMs / 2, 9);
  });

  it('keeps node ids, and so results, of count-declared scenarios unchanged', () => {
    const resolved = resolveScenario(loadScenarioFile(join(ROOT, 'scenarios', 'paper-baseline.yaml')));
    expect(resolved.inferenceNodes.map((n) => n.id)).toEqual([
      'llama-3.2-3b-0',
      'gemma-2-2b-0',
      'tinyllama-1.1b-0',
      'qwen2-1.5b-0',
      'phi-3-mini-0',
    ]);
  });
});

describe('JSON Schema', () => {
  const committed = readFileSync(join(ROOT, 'schema', 'scenario.schema.json'), 'utf8');

  it('the committed schema/scenario.schema.json is generated from the zod schema (run npm run schema)', () => {
    expect(committed).toBe(scenarioJsonSchemaText());
  });

  it('accepts the shipped scenarios and rejects misspelled fields', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(committed));
    const shipped = readdirSync(join(ROOT, 'scenarios')).filter((file) => file.endsWith('.yaml'));
    expect(shipped.length).toBeGreaterThanOrEqual(8);
    for (const name of shipped.map((file) => file.replace(/\.yaml$/, ''))) {
      const data = parse(readFileSync(join(ROOT, 'scenarios', `${name}.yaml`), 'utf8'));
      expect(validate(data), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const bad = parse(readFileSync(join(ROOT, 'scenarios', 'paper-baseline.yaml'), 'utf8'));
    bad.mechanism.rewards.betta = 1;
    expect(validate(bad)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('betta');
    const badSweep = parse(readFileSync(join(ROOT, 'scenarios', 'paper-baseline-sweep.yaml'), 'utf8'));
    badSweep.sweep.metod = 'grid';
    expect(validate(badSweep)).toBe(false);
  });
});
