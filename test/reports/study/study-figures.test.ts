/**
 * The study figures' specs, unrendered: the right data in each layer (a bar
 * or point per search, parameter and index; the search's evaluations
 * without the confirmation; the confirmed best marked), only the analyses a
 * study ran, and the tune front without an exploitability bound.
 */
import { describe, expect, it } from 'vitest';
import { loadResultsFolder } from '../../../reports/folder/results-folder.js';
import { studyFigures } from '../../../reports/study/study-figures.js';
import { drawnSigma } from '../../../reports/study/sensitivity-figures.js';
import type { SensitivityFile, TuneFile } from '../../../sim/study/study-results.js';
import {
  EXPLOIT,
  exploitTrajectory,
  layerData,
  SENSITIVITY,
  sensitivityTrajectory,
  specOf,
  TUNE,
  tuneTrajectory,
  writeStudyFolder,
} from './study-fixtures.js';

const figuresOf = (study: unknown, trajectory: string) => studyFigures(loadResultsFolder(writeStudyFolder(study, trajectory)));
const byId = (outcomes: ReturnType<typeof studyFigures>, id: string) => outcomes.find((o) => o.id === id);
const marks = (spec: unknown, mark: string) => layerData(spec).filter((l) => l.mark === mark);

describe('exploit figures', () => {
  const figures = figuresOf(EXPLOIT, exploitTrajectory());

  it('draw one gain with its CI per family and mechanism, and a zero rule', () => {
    const spec = specOf(byId(figures, 'exploitability'));
    const [points] = marks(spec, 'point');
    expect(points!.values).toHaveLength(EXPLOIT.searches.length);
    const noAudits = points!.values.find((r) => r['mechanism'] === 'no-audits' && r['family'] === 'misreport')!;
    expect(noAudits).toMatchObject({ gain: 0.336, low: 0.325, high: 0.347, best: 'factor = 0.155' });
    expect(JSON.stringify(spec)).toContain('"datum":0');
    const draft = byId(figures, 'exploitability') as { caption: string };
    expect(draft.caption).toMatch(/per round.*honest twin.*never saw/);
  });

  it('draw each family’s search in its own panel over its first parameter, without the confirmation, the confirmed best marked', () => {
    const spec = specOf(byId(figures, 'exploit-search'));
    const panels = spec['hconcat'] as unknown[];
    expect(panels).toHaveLength(2);
    const [misreport, inflate] = panels.map((panel) => marks(panel, 'point'));
    // Four halving evaluations in each of two mechanisms; the two confirmation rows are not search points.
    expect(misreport![0]!.values).toHaveLength(8);
    expect(misreport![0]!.values.every((r) => r['stage'] === 'halving')).toBe(true);
    expect(inflate![0]!.values.map((r) => r['x'])).toEqual(
      [0.04, 0.08, 0.12, 0.16, 0.04, 0.08, 0.12, 0.16].map((x) => expect.closeTo(x, 12)),
    );
    // The diamond: the winner's value and confirmed gain, one per mechanism.
    const best = misreport![1]!.values;
    expect(best).toEqual([
      { mechanism: 'no-audits', x: 0.155, mean: 0.336, low: 0.325, high: 0.347 },
      { mechanism: 'heavy-audits', x: 0.912, mean: 0.044, low: 0.037, high: 0.051 },
    ]);
    expect(JSON.stringify(panels[0])).toContain('"shape":"diamond"');
    // Every evaluation's CI is a rule from ci_low to ci_high.
    const rules = marks(panels[0], 'rule').find((l) => l.values.length === 8)!;
    expect(rules.values[0]).toMatchObject({ low: expect.closeTo(0.316, 9), high: expect.closeTo(0.356, 9) });
  });

  it('skip the search figure, saying why, when trajectory.csv holds only confirmations', () => {
    const only = exploitTrajectory()
      .split('\n')
      .filter((line, i) => i === 0 || line.includes(',confirmation,'))
      .join('\n');
    const outcome = byId(figuresOf(EXPLOIT, only), 'exploit-search');
    expect(outcome).toMatchObject({ applies: true, reason: expect.stringContaining('no search evaluations') });
  });
});

describe('sensitivity figures', () => {
  const figures = figuresOf(SENSITIVITY, sensitivityTrajectory());

  it('draw first-order and total bars with CIs per parameter, one panel per metric', () => {
    const panels = specOf(byId(figures, 'sobol-indices'))['hconcat'] as unknown[];
    expect(panels).toHaveLength(2);
    const bars = marks(panels[1], 'bar')[0]!.values;
    expect(bars).toHaveLength(6);
    expect(bars.find((b) => b['parameter'] === 'slash' && b['index'] === 'total')).toMatchObject({ value: 0.9, low: 0.8, high: 0.98 });
    expect(marks(panels[1], 'rule')[0]!.values).toHaveLength(6);
  });

  it('tell Morris points apart by a legend, not by labels that collide at the origin, and draw a rounding-level σ as 0', () => {
    const panels = specOf(byId(figures, 'morris'))['hconcat'] as unknown[];
    expect(marks(panels[0], 'text')).toEqual([]);
    expect(JSON.stringify(panels[0])).toContain('"legend":{"orient":"bottom"');
    const reward = marks(panels[0], 'point')[0]!.values;
    expect(reward.map((r) => r['sigma'])).toEqual([0, 0, 0]);
    const latency = marks(panels[1], 'point')[0]!.values;
    expect(latency.find((r) => r['parameter'] === 'slash')).toMatchObject({ muStar: 1.2, sigma: 0.4, low: 1, high: 1.4 });
    expect(drawnSigma(SENSITIVITY.morris!.rows.slice(3))).toEqual([0.05, 0.02, 0.4]);
  });

  it('draw only the analyses the study ran', () => {
    const morrisOnly: SensitivityFile = { ...SENSITIVITY, sobol: null };
    const outcomes = figuresOf(morrisOnly, sensitivityTrajectory());
    expect(byId(outcomes, 'sobol-indices')).toMatchObject({ applies: true });
    expect(byId(outcomes, 'sobol-indices')).not.toHaveProperty('layout');
    expect(byId(outcomes, 'morris')).toHaveProperty('layout');
  });
});

describe('tune figure', () => {
  it('joins the Pareto-optimal candidates by a step line and marks the recommendation', () => {
    const spec = specOf(byId(figuresOf(TUNE, tuneTrajectory()), 'tune-pareto'));
    const [line] = marks(spec, 'line');
    expect(line!.values.map((r) => r['candidate'])).toEqual([2, 0]);
    expect(JSON.stringify(spec)).toContain('"interpolate":"step-after"');
    const points = marks(spec, 'point')[0]!.values;
    expect(points).toHaveLength(4);
    expect(points.filter((p) => p['status'] === 'recommended').map((p) => p['candidate'])).toEqual([2]);
    expect(points.at(-1)).toMatchObject({ candidate: 2, x: 0, objective: 0.6 });
    expect(points.find((p) => p['candidate'] === 0)).toMatchObject({ status: 'not robust', x: 0.2 });
  });

  it('draws the objective by candidate, and says so, when no exploitability is bounded', () => {
    const plain: TuneFile = { ...TUNE, candidates: TUNE.candidates.map((c) => ({ ...c, worstExploitability: null })) };
    const outcome = byId(figuresOf(plain, tuneTrajectory()), 'tune-pareto') as { caption: string };
    const points = marks(specOf(outcome as never), 'point')[0]!.values;
    expect(points.map((p) => p['x']).sort()).toEqual([0, 1, 2, 3]);
    expect(outcome.caption).toContain('no exploitability bound was declared');
  });
});
