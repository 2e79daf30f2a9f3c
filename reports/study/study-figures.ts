/**
 * The figures of a study's report: exploit (each family's confirmed best
 * gain per mechanism; the search's evaluations over each family's first
 * parameter), sensitivity (Sobol indices with their CIs; Morris μ* against
 * σ), tune (worst-case objective against exploitability, with the Pareto
 * front and the recommendation).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsFolder, StudyResultsFolder } from '../folder/results-folder.js';
import { INK, MUTED, PALETTE } from '../style/theme.js';
import { type FigureDraft, type FigureOutcome, notForThisFolder, skip } from '../figures/figure.js';
import type { ExploitFile, SensitivityFile, TuneFile } from '../../sim/study/study-results.js';
import { valuesText } from './study-numbers.js';

const ZERO_RULE = { mark: { type: 'rule', color: MUTED, strokeDash: [2, 2], strokeWidth: 0.6 } } as const;
const CI_NOTE = 'whiskers: Student-t 95% CIs';

function single(id: string, title: string, caption: string, spec: object, heightPt?: number): FigureDraft {
  return {
    id,
    title,
    caption,
    size: 'one-column',
    layout: { kind: 'single', spec: spec as TopLevelSpec, ...(heightPt ? { heightPt } : {}) },
  };
}

function exploitability(file: ExploitFile): FigureDraft {
  const rows = file.searches.map((s) => ({
    mechanism: s.mechanism,
    family: s.family,
    gain: s.gain.mean,
    low: s.gain.ci?.[0] ?? null,
    high: s.gain.ci?.[1] ?? null,
    best: valuesText(s.best),
  }));
  const y = { field: 'mechanism', type: 'nominal', title: null, sort: file.mechanisms.map((m) => m.name) };
  const colour = { field: 'family', type: 'nominal', title: 'family', scale: { range: [...PALETTE] }, legend: { orient: 'bottom' } };
  const spec = {
    data: { values: rows },
    encoding: { y, yOffset: { field: 'family' } },
    layer: [
      { ...ZERO_RULE, encoding: { x: { datum: 0, type: 'quantitative' }, y: null, yOffset: null } },
      {
        mark: { type: 'rule', strokeWidth: 1 },
        encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' }, color: colour },
      },
      {
        mark: { type: 'point', filled: true, size: 30 },
        encoding: {
          x: { field: 'gain', type: 'quantitative', title: `Best deviation’s ${file.metric}` },
          color: colour,
          tooltip: [
            { field: 'mechanism' },
            { field: 'family' },
            { field: 'best', title: 'deviation' },
            { field: 'gain', format: '.4f' },
            { field: 'low', format: '.4f' },
            { field: 'high', format: '.4f' },
          ],
        },
      },
    ],
  };
  return single(
    'exploitability',
    'Exploitability of each mechanism',
    `Gain per round of each family’s best deviation over the same nodes played honestly on the same seed, against each mechanism variant, on confirmation replications the search never used (${CI_NOTE}). Right of the dashed zero line, the deviation pays; the largest gain is the mechanism’s exploitability.`,
    spec,
    Math.max(90, 30 + file.searches.length * 16),
  );
}

function exploitSearch(folder: StudyResultsFolder, file: ExploitFile): FigureOutcome {
  const families = [...new Set(file.searches.map((s) => s.family))];
  const first = new Map(file.searches.map((s) => [s.family, s.parameters[0]!.name]));
  const rows = folder.trajectory
    .filter((r) => r['stage'] !== 'confirmation')
    .map((r) => ({
      mechanism: r['mechanism'],
      family: r['family'],
      x: r[first.get(String(r['family']))!],
      mean: r['mean'],
      replications: r['replications'],
      stage: r['stage'],
    }));
  if (rows.length === 0) return skip('exploit-search', 'trajectory.csv holds no search evaluations');
  const best = file.searches.map((s) => ({
    mechanism: s.mechanism,
    family: s.family,
    x: s.best[s.parameters[0]!.name],
    mean: s.gain.mean,
  }));
  const colour = { field: 'mechanism', type: 'nominal', title: 'mechanism', scale: { range: [...PALETTE] }, legend: { orient: 'bottom' } };
  const panel = (family: string, width: number) => ({
    width,
    height: 120,
    title: { text: `${family} (x: ${first.get(family)})`, anchor: 'start', fontSize: 8 },
    layer: [
      { data: { values: [{}] }, ...ZERO_RULE, encoding: { y: { datum: 0, type: 'quantitative' } } },
      {
        data: { values: rows.filter((r) => r.family === family) },
        mark: { type: 'point', opacity: 0.55, size: 14 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: first.get(family), scale: { zero: false } },
          y: { field: 'mean', type: 'quantitative', title: 'mean gain per round' },
          color: colour,
          size: { field: 'replications', type: 'quantitative', legend: null, scale: { range: [8, 60] } },
          tooltip: [
            { field: 'mechanism' },
            { field: 'x', title: first.get(family) },
            { field: 'mean', format: '.4f' },
            { field: 'replications' },
            { field: 'stage' },
          ],
        },
      },
      {
        data: { values: best.filter((b) => b.family === family) },
        mark: { type: 'point', shape: 'diamond', filled: true, size: 70, stroke: INK, strokeWidth: 0.8 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'mean', type: 'quantitative' }, color: colour },
      },
    ],
  });
  return {
    id: 'exploit-search',
    title: 'The search for the best deviation',
    caption: `Every candidate deviation the search evaluated, by its value of the family’s first parameter and its mean gain per round over the honest twin (larger dots: more replications, as successive halving kept it), one panel per family, one colour per mechanism. Diamonds: the winner’s confirmed gain on fresh seeds.`,
    size: families.length > 1 ? 'two-column' : 'one-column',
    layout: {
      kind: 'panels',
      columns: families.length,
      spec: (width: number) => ({ hconcat: families.map((f) => panel(f, width)), spacing: 14 }) as TopLevelSpec,
    },
  };
}

function sobolFigure(file: SensitivityFile): FigureOutcome {
  const sobol = file.sobol;
  if (!sobol || sobol.rows.length === 0) return skip('sobol-indices', 'no Sobol indices (no sobol: plan, or no metric varies)');
  const rows = sobol.rows.flatMap((r) => [
    { metric: r.metric, parameter: r.parameter, index: 'first order', value: r.first, low: r.firstCi[0], high: r.firstCi[1] },
    { metric: r.metric, parameter: r.parameter, index: 'total', value: r.total, low: r.totalCi[0], high: r.totalCi[1] },
  ]);
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const order = file.parameters.map((p) => p.name);
  const colour = {
    field: 'index',
    type: 'nominal',
    title: null,
    scale: { domain: ['first order', 'total'], range: [PALETTE[0], PALETTE[1]] },
    legend: { orient: 'bottom' },
  };
  const panel = (metric: string, width: number) => ({
    width,
    height: 110,
    title: { text: metric, anchor: 'start', fontSize: 8 },
    data: { values: rows.filter((r) => r.metric === metric) },
    encoding: {
      x: { field: 'parameter', type: 'nominal', sort: order, title: null, axis: { labelAngle: -30 } },
      xOffset: { field: 'index', sort: ['first order', 'total'] },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'value', type: 'quantitative', title: 'Sobol index', scale: { domain: [0, 1], clamp: true } },
          color: colour,
          tooltip: [
            { field: 'parameter' },
            { field: 'index' },
            { field: 'value', format: '.3f' },
            { field: 'low', format: '.3f' },
            { field: 'high', format: '.3f' },
          ],
        },
      },
      {
        mark: { type: 'rule', color: INK, strokeWidth: 0.8 },
        encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
    ],
  });
  return {
    id: 'sobol-indices',
    title: 'Which parameters matter: Sobol indices',
    caption: `First-order (the share of the metric’s variance a parameter explains alone) and total (alone and through interactions) Sobol indices of each metric over the declared ranges, with bootstrap 95% CIs (Saltelli plan of N = ${sobol.samples}, ${sobol.points} points × ${file.replications} replications; indices clamped to [0, 1] in the drawing, the tables give them as estimated).`,
    size: metrics.length > 1 ? 'two-column' : 'one-column',
    layout: {
      kind: 'panels',
      columns: metrics.length,
      spec: (width: number) => ({ hconcat: metrics.map((m) => panel(m, width)), spacing: 14 }) as TopLevelSpec,
    },
  };
}

function morrisFigure(file: SensitivityFile): FigureOutcome {
  const morris = file.morris;
  if (!morris) return skip('morris', 'no Morris plan');
  const metrics = [...new Set(morris.rows.map((r) => r.metric))];
  const order = file.parameters.map((p) => p.name);
  // A legend, not direct labels: parameters without effect sit together at the origin, where labels would collide.
  const colour = {
    field: 'parameter',
    type: 'nominal',
    title: null,
    sort: order,
    scale: { domain: order, range: [...PALETTE] },
    legend: { orient: 'bottom' },
  };
  const shape = {
    field: 'parameter',
    type: 'nominal',
    sort: order,
    scale: {
      domain: order,
      range: ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'triangle-right', 'triangle-left'],
    },
  };
  const panel = (metric: string, width: number) => ({
    width,
    height: 120,
    title: { text: metric, anchor: 'start', fontSize: 8 },
    data: { values: morris.rows.filter((r) => r.metric === metric).map((r) => ({ ...r, low: r.muStarCi[0], high: r.muStarCi[1] })) },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 0.8 },
        encoding: {
          x: { field: 'low', type: 'quantitative' },
          x2: { field: 'high' },
          y: { field: 'sigma', type: 'quantitative' },
          color: colour,
        },
      },
      {
        mark: { type: 'point', filled: true, size: 30, opacity: 0.9 },
        encoding: {
          x: { field: 'muStar', type: 'quantitative', title: 'μ* (mean |elementary effect|)' },
          y: { field: 'sigma', type: 'quantitative', title: 'σ' },
          color: colour,
          shape,
          tooltip: [
            { field: 'parameter' },
            { field: 'muStar', format: '.4f' },
            { field: 'mu', format: '.4f' },
            { field: 'sigma', format: '.4f' },
          ],
        },
      },
    ],
  });
  return {
    id: 'morris',
    title: 'Which parameters matter: Morris elementary effects',
    caption: `Each parameter’s mean absolute elementary effect μ* (the metric’s change per whole range of the parameter, with its bootstrap 95% CI) against the spread σ of its effects (large σ: the effect depends on the other parameters), ${morris.trajectories} trajectories on a ${morris.levels}-level grid; parameters at the origin do not move the metric.`,
    size: metrics.length > 1 ? 'two-column' : 'one-column',
    layout: {
      kind: 'panels',
      columns: metrics.length,
      spec: (width: number) => ({ hconcat: metrics.map((m) => panel(m, width)), spacing: 14 }) as TopLevelSpec,
    },
  };
}

function tunePareto(file: TuneFile): FigureDraft {
  const withExploit = file.candidates.some((c) => c.worstExploitability !== null);
  const rows = file.candidates.map((c) => ({
    candidate: c.candidate,
    objective: c.worstObjective,
    x: withExploit ? c.worstExploitability : c.candidate,
    status: c.candidate === file.recommendation?.candidate ? 'recommended' : c.robust ? 'robust' : 'not robust',
    pareto: c.paretoOptimal,
    setting: valuesText(c.values),
  }));
  const front = rows.filter((r) => r.pareto).sort((a, b) => Number(a.x) - Number(b.x));
  const statuses = ['recommended', 'robust', 'not robust'];
  const xTitle = withExploit ? 'Worst exploitability (largest mean gain of a deviation)' : 'Candidate';
  const spec = {
    layer: [
      ...(withExploit ? [{ data: { values: [{}] }, ...ZERO_RULE, encoding: { x: { datum: 0, type: 'quantitative' } } }] : []),
      {
        data: { values: front },
        mark: { type: 'line', interpolate: 'step-after', color: MUTED, strokeWidth: 0.8 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'objective', type: 'quantitative' } },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 30 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: xTitle, scale: { zero: false } },
          y: { field: 'objective', type: 'quantitative', title: `Worst-case ${file.objective.id.split(' · ')[0]}`, scale: { zero: false } },
          color: {
            field: 'status',
            type: 'nominal',
            title: null,
            scale: { domain: statuses, range: [PALETTE[3], PALETTE[0], MUTED] },
            legend: { orient: 'bottom' },
          },
          shape: { field: 'status', type: 'nominal', scale: { domain: statuses, range: ['diamond', 'circle', 'cross'] } },
          tooltip: [
            { field: 'candidate' },
            { field: 'setting' },
            { field: 'objective', format: '.4f' },
            { field: 'x', title: 'exploitability', format: '.4f' },
            { field: 'status' },
          ],
        },
      },
    ],
  };
  const caption = withExploit
    ? `Each screened setting’s worst-case ${file.objective.id} (over the environments; to ${file.objective.goal}) against its worst exploitability (the largest mean gain of a screened deviation over the honest twin). Robust: meets every threshold (its whole 95% interval) in every environment. The grey step line joins the Pareto-optimal settings; the diamond is the recommendation, the best robust setting whose thresholds also held on fresh seeds${file.recommendation?.rejected?.length ? ` (better-screened settings that failed that confirmation: ${file.recommendation.rejected.map((r) => r.candidate).join(', ')})` : ''}.`
    : `Each screened setting’s worst-case ${file.objective.id} (over the environments; to ${file.objective.goal}), by candidate: no exploitability bound was declared, so the front is the objective alone.`;
  return single('tune-pareto', 'Objective against exploitability', caption, spec, 150);
}

export function studyFigures(folder: ResultsFolder): FigureOutcome[] {
  if (folder.kind !== 'study') return [notForThisFolder('study-figures', 'needs a study folder (study.json)')];
  const { study } = folder;
  switch (study.kind) {
    case 'exploit':
      return [exploitability(study), exploitSearch(folder, study)];
    case 'sensitivity':
      return [sobolFigure(study), morrisFigure(study)];
    case 'tune':
      return [tunePareto(study)];
  }
}
