/** Mistakes in quality dimensions, in the profile and in the scenario, name the file, line, column and field in one line. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/input/input-error.js';
import { FIXTURES, resolveText } from '../helpers.js';

function problem(yaml: string): string {
  try {
    resolveText(yaml);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}

function scenario(evaluators: string, mechanism = '', profile = '../profiles/dimensions.yaml'): string {
  return `name: bad-dimensions
profile: ${profile}
demand: { mode: rounds }
stop: { requests: 10 }
network:
  inference:
    - { model: big, count: 2 }
  evaluators:
    ${evaluators}
mechanism:
  evaluatorsPerRound: 1
${mechanism ? `  ${mechanism}` : ''}
`;
}

const MULTI = '- { model: multi, count: 2 }';

describe('bad quality dimensions in a scenario', () => {
  it('a dropped dimension no model declares, with a suggestion', () => {
    expect(problem(scenario(MULTI, 'qualityDimensions: { drop: structur }'))).toMatch(
      /^[^\n]*inline\.yaml:12:\d+: mechanism\.qualityDimensions\.drop: no evaluator model in use declares a dimension "structur" \(dimensions: structure, semantic, alignment\); did you mean "structure"\?$/,
    );
  });

  it('a weight for an unknown dimension', () => {
    expect(problem(scenario(MULTI, 'qualityDimensions: { weights: { style: 1 } }'))).toMatch(
      /inline\.yaml:12:\d+: mechanism\.qualityDimensions\.weights\.style: no evaluator model in use declares a dimension "style"/,
    );
  });

  it('weights that leave a model nothing to weigh', () => {
    expect(problem(scenario(MULTI, 'qualityDimensions: { weights: { semantic: 0, alignment: 0 }, drop: structure }'))).toMatch(
      /mechanism\.qualityDimensions: leaves evaluator model "multi" no dimension of weight above 0 on task "qa"/,
    );
  });

  it('calibrating, or dropping a dimension, when no evaluator model has any; the profile’s weights pass', () => {
    const plain = '- { model: plain, count: 2 }';
    expect(problem(scenario(plain, 'qualityDimensions: { weights: calibrated }'))).toMatch(
      /inline\.yaml:12:\d+: mechanism\.qualityDimensions\.weights: calibrated weights need an evaluator population whose model has quality dimensions/,
    );
    expect(problem(scenario(plain, 'qualityDimensions: { drop: semantic }'))).toMatch(
      /mechanism\.qualityDimensions\.drop: no evaluator model in use declares a dimension "semantic" \(none has quality dimensions\)$/,
    );
    expect(resolveText(scenario(plain, 'qualityDimensions: { weights: profile, drop: none }')).evaluatorNodes).toHaveLength(2);
  });

  it('an attack on a dimension the model lacks, or not listed first', () => {
    const onPlain =
      '- { model: plain, count: 2, behaviour: { kind: dimension-attack, dimension: semantic, attack: { kind: boost, amount: 0.1 } } }';
    expect(problem(scenario(onPlain))).toMatch(
      /inline\.yaml:9:\d+: network\.evaluators\[0\]\.behaviour\[0\]\.dimension: evaluator model "plain" declares no quality dimensions, not "semantic"/,
    );
    const second =
      '- { model: multi, count: 2, behaviour: [{ kind: boost, amount: 0.1 }, { kind: dimension-attack, dimension: semantic, attack: { kind: boost, amount: 0.1 } }] }';
    expect(problem(scenario(second))).toMatch(
      /network\.evaluators\[0\]\.behaviour\[1\]: a dimension-attack acts on the honest draw: list it first/,
    );
  });
});

describe('bad quality dimensions in a profile', () => {
  const text = readFileSync(join(FIXTURES, 'profiles', 'dimensions.yaml'), 'utf8');
  const written = (edited: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'poq-bad-dimensions-')), 'profile.yaml');
    writeFileSync(file, edited);
    return problem(scenario(MULTI, '', file));
  };

  it('a dimension without one of the profile’s tasks', () => {
    const start = text.indexOf('          sum:', text.indexOf('      alignment:'));
    const edited = text.slice(0, start) + text.slice(text.indexOf('\n', text.indexOf('correlation', start)) + 1);
    expect(written(edited)).toMatch(/profile\.yaml:\d+:\d+: evaluatorModels\.multi\.dimensions\.alignment\.byTask: missing task "sum"/);
  });

  it('every weight 0', () => {
    const edited = text.replace(/weight: \{ value: \d/g, 'weight: { value: 0');
    expect(written(edited)).toMatch(/evaluatorModels\.multi\.dimensions: every weight is 0/);
  });
});
