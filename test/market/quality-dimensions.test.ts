/**
 * Quality dimensions in the market: evaluators whose model declares them
 * submit the composite, the scenario's weights and drops reach it, an
 * attack on one dimension moves the scores by that dimension's weight only,
 * and a profile or scenario that uses none of it runs as before.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../sim/results/run-result.js';
import { FIXTURES, runText } from '../helpers.js';
import { population } from '../network.js';

interface Options {
  readonly profile?: string;
  readonly evaluator?: string;
  readonly extra?: string;
  readonly mechanism?: string;
}

function scenario(options: Options = {}): string {
  return `
name: dimensions
seed: 23
profile: ${options.profile ?? '../profiles/dimensions.yaml'}
demand: { mode: rounds }
stop: { requests: 3000 }
network:
  inference:
    - { model: big, count: 4 }
    - { model: small, count: 4 }
  evaluators:
    - { name: honest, model: ${options.evaluator ?? 'multi'}, count: 8 }
${options.extra ? `    ${options.extra}` : ''}
mechanism:
  evaluatorsPerRound: 3
${options.mechanism ? `  ${options.mechanism}` : ''}
`;
}

/** The parts of a result a changed profile file must leave as they are: everything but the scenario’s and the profile’s hashes. */
const outcome = (result: RunResult) => JSON.stringify({ ...result, scenarioHash: undefined, profileHash: undefined });

describe('evaluators with quality dimensions in the market', () => {
  it('run on the composite: dropping the dimension that runs against quality on QA tracks the truth better', () => {
    const full = runText(scenario()).consensus.correlation!;
    const dropped = runText(scenario({ mechanism: 'qualityDimensions: { drop: structure }' })).consensus.correlation!;
    const calibrated = runText(scenario({ mechanism: 'qualityDimensions: { weights: calibrated }' })).consensus.correlation!;
    expect(dropped).toBeGreaterThan(full + 0.02);
    expect(calibrated).toBeGreaterThan(full + 0.02);
  });

  it('give the same run with the profile’s weights declared as with nothing declared, and with drop: none', () => {
    const plain = outcome(runText(scenario()));
    expect(outcome(runText(scenario({ mechanism: 'qualityDimensions: { weights: profile }' })))).toBe(plain);
    expect(outcome(runText(scenario({ mechanism: 'qualityDimensions: { drop: none }' })))).toBe(plain);
  });

  it('an attack on one dimension shifts the scores by about its weight; on a dropped dimension it changes nothing', () => {
    const attack = (dimension: string) =>
      `- { name: x, model: multi, count: 3, behaviour: { kind: dimension-attack, dimension: ${dimension}, attack: { kind: boost, amount: 0.2 } } }`;
    const honestX = '- { name: x, model: multi, count: 3 }';
    const boosted = runText(scenario({ extra: attack('semantic') }));
    const shift = population(boosted, 'x').meanScore! - population(boosted, 'honest').meanScore!;
    // Semantic has weight 1/2: a 0.2 boost moves the composite by 0.1 less what clipping at 1 takes.
    expect(shift).toBeGreaterThan(0.08);
    expect(shift).toBeLessThan(0.105);
    const drop = 'qualityDimensions: { drop: structure }';
    const onDropped = runText(scenario({ extra: attack('structure'), mechanism: drop }));
    const untouched = runText(scenario({ extra: honestX, mechanism: drop }));
    expect(population(onDropped, 'x').meanScore).toBe(population(untouched, 'x').meanScore);
    expect(onDropped.consensus).toEqual(untouched.consensus);
  });

  it('leave a run with one-score evaluators as it was when the profile also declares a model with dimensions', () => {
    const text = readFileSync(join(FIXTURES, 'profiles', 'dimensions.yaml'), 'utf8');
    const without = text.slice(0, text.indexOf('    dimensions:'));
    const folder = mkdtempSync(join(tmpdir(), 'poq-dimensions-'));
    writeFileSync(join(folder, 'profile.yaml'), without);
    const withDimensions = runText(scenario({ evaluator: 'plain' }));
    const withoutDimensions = runText(scenario({ evaluator: 'plain', profile: join(folder, 'profile.yaml') }));
    expect(withDimensions.profileHash).not.toBe(withoutDimensions.profileHash);
    expect(outcome(withDimensions)).toBe(outcome(withoutDimensions));
  });
});
