/**
 * Judge cascades on hand-computed cases. The fixture profile's judges score
 * exact lines of true quality, and its two inference models answer at
 * constant qualities 0.9 and 0.5, so which rounds escalate is known: those
 * routed to the node of quality 0.5. The escalated share, each stage's
 * evaluations and their cost, the cost always escalating would have had,
 * the consensus of either stage's scores, and bad fields refused in one
 * located line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confidence, disagreement, escalates } from '../../sim/mechanism/cascade-rule.js';
import type { RunResult } from '../../sim/results/run-result.js';
import { CLI, FIXTURES, runText } from '../helpers.js';

/** The fixture's tier: 3.6 USD an hour, in USD per ms. */
const USD_PER_MS = 1e-6;
const CHEAP_MS = 1;
const DEAR_MS = 100;

/**
 * One `sure` node (quality 0.9) and one `unsure` node (quality 0.5), routed
 * uniformly; two honest `cheap` judges, one `cheap` judge that boosts by
 * 0.15 (its 0.9 clipped to 1), one `steep` judge and two `dear` judges.
 */
const market = (cascade: string, rounds = 60, extra = '', k = 3) => `
name: cascade
seed: 11
profile: ../profiles/cascade.yaml
stop: { requests: ${rounds} }
analysis: { warmup: none }
network:
  inference:
    - { name: sure, model: sure, count: 1 }
    - { name: unsure, model: unsure, count: 1 }
  evaluators:
    - { name: cheap, model: cheap, count: 2 }
    - { name: boosted, model: cheap, count: 1, behaviour: { kind: boost, amount: 0.15 } }
    - { name: steep, model: steep, count: 1 }
    - { name: dear, model: dear, count: 2 }
mechanism:
  evaluatorsPerRound: ${k}
  cascade: ${cascade}
${extra}`;

const population = (result: RunResult, name: string) => result.populations.find((p) => p.population === name)!;

describe('the cascade rule', () => {
  const scores = Float64Array.from([0.2, 0.9, 0.5, Number.NaN, 0.4]);

  it('disagreement is the range of the known scores, confidence the distance of their mean from the pivot', () => {
    expect(disagreement(scores, 0, 3)).toBeCloseTo(0.7, 15);
    expect(disagreement(scores, 2, 3)).toBeCloseTo(0.1, 15);
    expect(confidence(scores, 0, 2, 0.5)).toBeCloseTo(0.05, 15);
    expect(confidence(scores, 2, 3, 0.3)).toBeCloseTo(0.15, 15);
    expect(disagreement(scores, 3, 1)).toBeNaN();
  });

  it('escalates at a range at least the threshold and a confidence below it, and when no score is known', () => {
    expect(escalates({ disagreementAtLeast: 0.7 }, scores, 0, 2)).toBe(true);
    expect(escalates({ disagreementAtLeast: 0.71 }, scores, 0, 2)).toBe(false);
    expect(escalates({ disagreementAtLeast: 0 }, scores, 4, 1)).toBe(true);
    expect(escalates({ confidenceBelow: 0.05, pivot: 0.5 }, scores, 0, 2)).toBe(false);
    expect(escalates({ confidenceBelow: 0.06, pivot: 0.5 }, scores, 0, 2)).toBe(true);
    expect(escalates({ confidenceBelow: 0, pivot: 0.5 }, scores, 3, 1)).toBe(true);
    expect(escalates({ disagreementAtLeast: 1 }, scores, 3, 1)).toBe(true);
  });
});

describe('a cascade in a market', () => {
  it('escalates exactly the rounds of the answer at the pivot, and pays only the evaluators it used', () => {
    const rounds = 60;
    const result = runText(
      market('{ first: { population: cheap, k: 2 }, escalate: { population: dear, k: 1 }, when: { confidenceBelow: 0.2 } }', rounds),
    );
    const escalated = population(result, 'unsure').rounds;
    expect(escalated).toBeGreaterThan(0);
    expect(escalated).toBeLessThan(rounds);
    const cascade = result.cascade!;
    expect(cascade.rounds).toBe(rounds);
    expect(cascade.escalatedRounds).toBe(escalated);
    expect(cascade.escalatedShare).toBeCloseTo(escalated / rounds, 15);
    expect(population(result, 'cheap').rounds).toBe(2 * rounds);
    expect(population(result, 'dear').rounds).toBe(escalated);
    expect(population(result, 'steep').rounds).toBe(0);
    expect(population(result, 'boosted').rounds).toBe(0);
    // Every score is the truth: both stages' consensus is exact.
    expect(result.consensus.meanAbsoluteError).toBeCloseTo(0, 12);
  });

  it('costs each stage its jobs at the tier’s price, and counts the avoided escalations at their expected cost', () => {
    const rounds = 60;
    const cascade = runText(
      market('{ first: { population: cheap, k: 2 }, escalate: { population: dear, k: 1 }, when: { confidenceBelow: 0.2 } }', rounds),
    ).cascade!;
    const escalated = cascade.escalatedRounds;
    const first = rounds * 2 * CHEAP_MS * USD_PER_MS;
    const escalation = escalated * DEAR_MS * USD_PER_MS;
    const avoided = (rounds - escalated) * DEAR_MS * USD_PER_MS;
    expect(cascade.firstStageCostUsd).toBeCloseTo(first, 15);
    expect(cascade.escalationCostUsd).toBeCloseTo(escalation, 15);
    expect(cascade.costUsd).toBeCloseTo(first + escalation, 15);
    expect(cascade.costPerRoundUsd).toBeCloseTo((first + escalation) / rounds, 15);
    expect(cascade.alwaysEscalateCostPerRoundUsd).toBeCloseTo((first + escalation + avoided) / rounds, 15);
    expect(cascade.costSavedShare).toBeCloseTo(avoided / (first + escalation + avoided), 12);
  });

  it('on disagreement: the boosted judge’s 0.15 (0.1 where it clips at 1) sends exactly the rounds at 0.5 on', () => {
    const rule = (x: number) =>
      `{ first: { model: cheap, k: 3 }, escalate: { population: dear, k: 2 }, when: { disagreementAtLeast: ${x} } }`;
    const run = (x: number) => runText(market(rule(x), 60, '', 5));
    const some = run(0.12);
    expect(some.cascade!.escalatedRounds).toBe(population(some, 'unsure').rounds);
    expect(population(some, 'dear').rounds).toBe(2 * some.cascade!.escalatedRounds);
    expect(run(0).cascade!.escalatedShare).toBe(1);
    expect(run(0).cascade!.costSavedShare).toBe(0);
    const never = run(0.2).cascade!;
    expect(never.escalatedShare).toBe(0);
    expect(never.costSavedShare).toBeCloseTo((2 * DEAR_MS) / (3 * CHEAP_MS + 2 * DEAR_MS), 12);
  });

  it('takes an escalated round’s consensus of the escalation’s scores only, or of all, as declared', () => {
    const rule = (consensusOf: string) =>
      `{ first: { model: cheap, k: 3 }, escalate: { population: dear, k: 1 }, when: { disagreementAtLeast: 0.12 }, consensusOf: ${consensusOf} }`;
    // A sure round is not escalated: mean(0.9, 0.9, 1) = 0.9333 against 0.9. An unsure one is: the dear judge's 0.5 is exact,
    // while all four scores average (0.5 + 0.5 + 0.65 + 0.5) / 4 = 0.5375.
    const only = runText(market(rule('escalation'), 60, '', 4));
    const sure = population(only, 'sure').rounds;
    const rounds = only.cascade!.rounds;
    expect(only.consensus.meanAbsoluteError).toBeCloseTo(((0.1 / 3) * sure) / rounds, 12);
    const all = runText(market(rule('all'), 60, '', 4));
    expect(population(all, 'sure').rounds).toBe(sure);
    expect(all.consensus.meanAbsoluteError).toBeCloseTo(((0.1 / 3) * sure + 0.0375 * (rounds - sure)) / rounds, 12);
  });

  it('gives the same results for the same seed, and a scenario without a cascade no cascade field', () => {
    const text = market('{ first: { population: cheap, k: 2 }, escalate: { population: dear, k: 1 }, when: { confidenceBelow: 0.2 } }');
    expect(JSON.stringify(runText(text).nodes)).toBe(JSON.stringify(runText(text).nodes));
    const without = runText(text.replace(/ {2}cascade:.*\n/, ''));
    expect(without.cascade).toBeUndefined();
    expect(population(without, 'steep').rounds).toBeGreaterThan(0);
  });
});

function runCli(yaml: string) {
  const dir = mkdtempSync(join(tmpdir(), 'poq-cascade-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, yaml.replace('../profiles/cascade.yaml', join(FIXTURES, 'profiles', 'cascade.yaml')));
  return spawnSync(process.execPath, [CLI, 'run', file, '--out', join(dir, 'out')], { encoding: 'utf8' });
}

function expectOneLine(yaml: string, pattern: RegExp) {
  const run = runCli(yaml);
  expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 2 });
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr.trim()).toMatch(pattern);
}

describe('bad cascade fields', () => {
  const valid = '{ first: { population: cheap, k: 2 }, escalate: { population: dear, k: 1 }, when: { confidenceBelow: 0.2 } }';

  it('a population the network does not have, with a suggestion', () => {
    expectOneLine(
      market(valid.replace('population: dear', 'population: deer')),
      /scenario\.yaml:\d+:\d+: mechanism\.cascade\.escalate\.population: no evaluator population "deer" in the network; did you mean "dear"\?$/,
    );
  });

  it('a stage smaller than its k', () => {
    expectOneLine(
      market(valid.replace('population: dear, k: 1', 'population: dear, k: 3'), 60, '', 5),
      /mechanism\.cascade\.escalate\.k: k = 3 is larger than the stage's 2 evaluator nodes \("dear"\)$/,
    );
  });

  it('a K that is not first.k + escalate.k', () => {
    expectOneLine(
      market(valid).replace('evaluatorsPerRound: 3', 'evaluatorsPerRound: 4'),
      /mechanism\.evaluatorsPerRound: K = 4, but a cascade's round uses at most first\.k \+ escalate\.k = 3 evaluators: give evaluatorsPerRound: 3$/,
    );
  });

  it('disagreement with one first-stage judge, and a rule of neither kind', () => {
    expectOneLine(
      market('{ first: { population: steep, k: 1 }, escalate: { population: dear, k: 2 }, when: { disagreementAtLeast: 0.1 } }', 60, '', 3),
      /mechanism\.cascade\.when\.disagreementAtLeast: disagreement is the range of the first stage’s scores: it needs first\.k ≥ 2$/,
    );
    expectOneLine(
      market(valid.replace('confidenceBelow: 0.2', 'confidence: 0.2')),
      /mechanism\.cascade\.when: expected \{ disagreementAtLeast: x \} or \{ confidenceBelow: x, pivot: p \}, got a mapping$/,
    );
  });

  it('evaluators drawn by reputation', () => {
    expectOneLine(
      market(valid, 60, '  evaluatorSelection: { policy: reputation }'),
      /mechanism\.evaluatorSelection\.policy: evaluator selection by reputation cannot be combined with mechanism\.cascade, whose stages draw uniformly from fixed members$/,
    );
  });
});
