/** Mistakes in adversary and defence declarations name the file, line, column and field. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/input/input-error.js';
import { resolveText } from '../helpers.js';
import { network } from '../network.js';

function problem(yaml: string): string {
  try {
    resolveText(yaml);
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('bad adversary declarations', () => {
  it('an unknown behaviour kind, with a suggestion', () => {
    expect(problem(network({ evaluators: ['- { name: x, model: good, count: 1, behaviour: { kind: bost, amount: 0.1 } }'] }))).toMatch(
      /inline\.yaml:13:60: network\.evaluators\[1\]\.behaviour\.kind: .*got "bost"; did you mean "boost"\?/,
    );
  });

  it('an evaluator-only behaviour on an inference population', () => {
    expect(problem(network({ inference: ['- { name: x, model: big, count: 1, behaviour: { kind: boost, amount: 0.1 } }'] }))).toMatch(
      /network\.inference\[2\]\.behaviour\.kind: expected one of "misreport-cost", "substitute-model", "lazy", "adaptive", got "boost"/,
    );
  });

  it('a misreport factor above 1', () => {
    expect(
      problem(network({ inference: ['- { name: x, model: big, count: 1, behaviour: { kind: misreport-cost, factor: 1.5 } }'] })),
    ).toMatch(/network\.inference\[2\]\.behaviour\.factor: must be ≤ 1, got 1\.5/);
  });

  it('a colluding evaluator without an operator', () => {
    expect(problem(network({ evaluators: ['- { name: x, model: good, count: 1, behaviour: { kind: collude, boost: 0.1 } }'] }))).toMatch(
      /network\.evaluators\[1\]\.behaviour: a colluding evaluator needs an `operator`/,
    );
  });

  it('intermittent with both a probability and bursts', () => {
    expect(
      problem(
        network({
          evaluators: [
            '- { name: x, model: good, count: 1, behaviour: { kind: intermittent, probability: 0.2, burst: { meanOnEvaluations: 2, meanOffEvaluations: 3 }, attack: { kind: boost, amount: 0.1 } } }',
          ],
        }),
      ),
    ).toMatch(/network\.evaluators\[1\]\.behaviour\.probability: give exactly one of probability or burst/);
  });

  it('substituting a model the profile does not have', () => {
    expect(
      problem(network({ inference: ['- { name: x, model: big, count: 1, behaviour: { kind: substitute-model, serve: tiny } }'] })),
    ).toMatch(/network\.inference\[2\]\.behaviour\[0\]\.serve: the profile has no inference model "tiny"/);
  });

  it('an adaptive grid outside the range of what it tunes', () => {
    expect(
      problem(
        network({ evaluators: ['- { name: x, model: good, count: 1, behaviour: { kind: adaptive, tune: boost, grid: [0, 1.5] } }'] }),
      ),
    ).toMatch(/network\.evaluators\[1\]\.behaviour\.grid\[1\]: must lie in \[0, 1\]/);
  });

  it('an audit tolerance of 1 or more', () => {
    expect(problem(network({ mechanism: ['audits: { probability: 0.1, tolerance: 1 }'] }))).toMatch(
      /mechanism\.audits\.tolerance: must be < 1, got 1/,
    );
  });

  it('a lazy inference node’s answer quality above 1', () => {
    expect(problem(network({ inference: ['- { name: x, model: big, count: 1, behaviour: { kind: lazy, quality: 2 } }'] }))).toMatch(
      /inline\.yaml:11:74: network\.inference\[2\]\.behaviour\.quality: must be ≤ 1, got 2/,
    );
  });
});

describe('bad spot checks', () => {
  const spotChecks = (spec: string) => problem(network({ mechanism: [`spotChecks: ${spec}`] }));

  it('a probability above 1, or none', () => {
    expect(spotChecks('{ probability: 1.5 }')).toMatch(/inline\.yaml:15:30: mechanism\.spotChecks\.probability: must be ≤ 1, got 1\.5$/);
    expect(spotChecks('{ compare: exact }')).toMatch(/inline\.yaml:15:15: mechanism\.spotChecks\.probability: required field is missing/);
  });

  it('a tolerance above 1, or a comparison that is neither exact nor a tolerance', () => {
    expect(spotChecks('{ probability: 0.1, compare: { tolerance: 2 } }')).toMatch(
      /inline\.yaml:15:57: mechanism\.spotChecks\.compare\.tolerance: must be ≤ 1, got 2$/,
    );
    expect(spotChecks('{ probability: 0.1, compare: close }')).toMatch(/inline\.yaml:15:44: mechanism\.spotChecks\.compare: .*"exact"/);
  });

  it('an unknown mode, with a suggestion', () => {
    expect(spotChecks('{ probability: 0.1, mode: instead }')).toMatch(
      /inline\.yaml:15:41: mechanism\.spotChecks\.mode: .*got "instead"; did you mean "instead-of-poq"\?/,
    );
  });

  it('a verifier model or tier that does not exist', () => {
    expect(spotChecks('{ probability: 0.1, verifier: { model: huge } }')).toMatch(
      /inline\.yaml:15:54: mechanism\.spotChecks\.verifier\.model: the profile has no inference model "huge"$/,
    );
    expect(spotChecks('{ probability: 0.1, verifier: { hardware: h100x } }')).toMatch(
      /inline\.yaml:15:57: mechanism\.spotChecks\.verifier\.hardware: no hardware tier "h100x"/,
    );
  });
});
