/**
 * The run figures' paper-ready details: the reward CIs' caps longer than
 * the dots, distinct iso values, every (model, tier) of the scenario in the
 * quality–cost figure, only the scenario's evaluators in the correlation
 * figure, and one colour per model across an inference and an evaluator panel.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatorCorrelation } from '../../reports/figures/evaluator-correlation.js';
import { type FigureDraft, type FigureOutcome, isDraft } from '../../reports/figures/figure.js';
import { roleColours } from '../../reports/figures/groups.js';
import { modelEfficiencies, qualityCost } from '../../reports/figures/quality-cost.js';
import { CAP_LENGTH_PT, DOT_DIAMETER_PT, DOT_SIZE, rewardByGroup } from '../../reports/figures/reward-by-group.js';
import { type ExperimentFolder, loadResultsFolder, type RunFolder, type SweepSummaryRow } from '../../reports/folder/results-folder.js';
import { loadProfileFile } from '../../sim/profile/load.js';
import type { Profile } from '../../sim/profile/schema.js';
import { ROOT } from '../helpers.js';
import { paperBaselineRun } from './folders.js';

const PAPER_PROFILE = join(ROOT, 'calibration', 'profiles', 'paper-rtx4090', 'profile.yaml');

function draft(outcome: FigureOutcome | FigureOutcome[]): FigureDraft {
  const one = Array.isArray(outcome) ? outcome[0]! : outcome;
  if (!isDraft(one)) throw new Error(`not drawn: ${one.reason}`);
  return one;
}

/** Every layer of a spec, however deeply nested in concatenations and layers. */
function layers(spec: unknown): Record<string, unknown>[] {
  if (typeof spec !== 'object' || spec === null) return [];
  const node = spec as Record<string, unknown>;
  const children = ['layer', 'vconcat', 'hconcat', 'concat'].flatMap((key) => (Array.isArray(node[key]) ? (node[key] as unknown[]) : []));
  return [node, ...children.flatMap(layers)];
}

const specOf = (figure: FigureDraft) => (figure.layout.kind === 'single' ? figure.layout.spec : figure.layout.spec(200));

/** A sweep folder of the paper profile with a second hardware tier at half speed, the scenario and summary rows given. */
function sweepFolder(resolvedScenario: unknown, summary: SweepSummaryRow[] = []): ExperimentFolder {
  const paper = loadProfileFile(PAPER_PROFILE).profile;
  const reference = paper.hardware[paper.referenceHardware]!;
  const profile: Profile = {
    ...paper,
    hardware: {
      ...paper.hardware,
      rtx3060: { ...reference, description: 'NVIDIA RTX 3060, half the speed', relativeSpeed: { ...reference.relativeSpeed, value: 0.5 } },
    },
  };
  return { kind: 'experiment', dir: '/nonexistent', manifest: { resolvedScenario }, profile, parameters: [], summary };
}

const summaryRow = (role: string, model: string): SweepSummaryRow => ({
  pointId: 0,
  parameters: {},
  level: 'role-model',
  role,
  model,
  population: '',
  operator: '',
  metric: 'mean_reward',
  n: 2,
  mean: 0.5,
  sd: 0.01,
  ciLow: 0.49,
  ciHigh: 0.51,
});

describe('reward by group', () => {
  let run: RunFolder;
  beforeAll(() => {
    const folder = loadResultsFolder(paperBaselineRun({ rounds: 1000 }));
    if (folder.kind !== 'run') throw new Error('expected a run folder');
    run = folder;
  });

  it('caps each 95% CI with ticks across the value axis, longer than the dot is wide', () => {
    const figure = draft(rewardByGroup(run));
    const all = layers(specOf(figure));
    const caps = all.filter((layer) => (layer['mark'] as { type?: string } | undefined)?.type === 'tick');
    // A cap at each end of the interval, in each of the two panels.
    expect(caps).toHaveLength(4);
    for (const cap of caps) {
      const mark = cap['mark'] as { size: number; orient: string };
      expect(mark.orient).toBe('vertical');
      expect(mark.size).toBe(CAP_LENGTH_PT);
      expect(mark.size).toBeGreaterThan(DOT_DIAMETER_PT);
    }
    const capFields = caps.map((cap) => (cap['encoding'] as { x: { field: string } }).x.field).sort();
    expect(capFields).toEqual(['high', 'high', 'low', 'low']);
    const dots = all.filter((layer) => (layer['mark'] as { size?: number } | undefined)?.size === DOT_SIZE);
    expect(dots.length).toBe(2);
  });

  it('says in the caption what the caps mean and how the intervals were computed', () => {
    const { caption } = draft(rewardByGroup(run));
    expect(caption).toContain('Caps mark the 95% CI; where they touch the dot the interval is narrower than the dot');
    expect(caption).toContain('batch means over 10 batches');
    expect(caption).toContain('Open diamonds: published values');
  });
});

describe('quality against latency', () => {
  it('draws distinct iso values, even when one model alone sets them', () => {
    const folder = sweepFolder({ network: { inference: [{ model: 'tinyllama-1.1b', count: 4 }], evaluators: [] } });
    const { caption } = draft(qualityCost(folder));
    const levels = /quality per second of GPU time \(([^)]*) per s\)/.exec(caption)![1]!.split(', ');
    expect(levels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(levels).size).toBe(levels.length);
    expect(levels).toEqual([...levels].sort((a, b) => Number(a) - Number(b)));
  });

  it('plots each model of a mixed-model population and each tier of a model on two', () => {
    const folder = sweepFolder({
      demand: { taskMix: { 'extractive-qa': 1, summarization: 1 } },
      network: {
        inference: [
          { name: 'large', model: { 'llama-3.2-3b': 1, 'gemma-2-2b': 1 }, fraction: 0.5 },
          { name: 'slow', model: 'phi-3-mini', hardware: { rtx4090: 1, rtx3060: 1 }, fraction: 0.5 },
        ],
        evaluators: [{ model: 'sts-distilroberta', count: 3 }],
      },
    });
    const points = modelEfficiencies(folder);
    expect(points.map((p) => p.label)).toEqual([
      'llama-3.2-3b (rtx4090)',
      'gemma-2-2b (rtx4090)',
      'phi-3-mini (rtx4090)',
      'phi-3-mini (rtx3060)',
    ]);
    const [fast, slow] = points.filter((p) => p.model === 'phi-3-mini');
    expect(slow!.latencyS).toBeCloseTo(2 * fast!.latencyS, 9);
    expect(slow!.quality).toBe(fast!.quality);
    const figure = draft(qualityCost(folder));
    const textRows = layers(specOf(figure))
      .filter((layer) => (layer['mark'] as { type?: string } | undefined)?.type === 'text')
      .flatMap((layer) => (layer['data'] as { values: { model?: string }[] }).values);
    const labels = textRows.flatMap((row) => (row.model === undefined ? [] : [row.model]));
    expect(labels.sort()).toEqual(points.map((p) => p.label).sort());
    expect(figure.caption).toContain('2 hardware tiers');
    expect(figure.caption).toContain('rtx3060, NVIDIA RTX 3060');
  });
});

describe('evaluator correlation in a sweep', () => {
  it('lists exactly the evaluators of the sweep’s summary rows', () => {
    const folder = sweepFolder({}, [summaryRow('inference', 'llama-3.2-3b'), summaryRow('evaluator', 'sts-distilroberta')]);
    const figure = draft(evaluatorCorrelation(folder));
    const rows = (specOf(figure) as { data: { values: { evaluator: string }[] } }).data.values;
    expect([...new Set(rows.map((row) => row.evaluator))]).toEqual(['sts-distilroberta']);
  });

  it('lists exactly the scenario’s evaluators when summary.csv has no evaluator rows', () => {
    const folder = sweepFolder({
      network: { inference: [], evaluators: [{ name: 'judges', model: { 'ce-deberta': 1, 'sts-distilroberta': 2 } }] },
    });
    const figure = draft(evaluatorCorrelation(folder));
    const rows = (specOf(figure) as { data: { values: { evaluator: string }[] } }).data.values;
    // In the profile's order, not the scenario's.
    expect([...new Set(rows.map((row) => row.evaluator))]).toEqual(['sts-distilroberta', 'ce-deberta']);
  });
});

describe('one colour, one meaning', () => {
  it('gives the evaluators colours none of the inference models has', () => {
    const folder = sweepFolder({});
    const inference = roleColours(folder, 'inference', Object.keys(folder.profile!.inferenceModels));
    const evaluators = roleColours(folder, 'evaluator', Object.keys(folder.profile!.evaluatorModels));
    expect(inference.range).toHaveLength(5);
    expect(evaluators.range).toHaveLength(3);
    expect(new Set([...inference.range, ...evaluators.range]).size).toBe(8);
    // A subset keeps each name's colour.
    expect(roleColours(folder, 'evaluator', ['ce-deberta']).range).toEqual([evaluators.range[2]]);
  });
});
