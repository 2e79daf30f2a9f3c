/**
 * The figures of a sensitivity study: first-order and total Sobol indices
 * per parameter with bootstrap CIs, and Morris's μ* against σ (Campolongo,
 * Cariboni & Saltelli 2007), one panel per metric. Only the analyses the
 * study ran are drawn.
 */
import { type FigureOutcome, skip } from '../figures/figure.js';
import { niceCeiling } from '../figures/nice.js';
import { INK, SHAPES } from '../style/theme.js';
import type { MorrisRow, SensitivityFile } from '../../sim/study/study-results.js';
import { nominalColour, PANEL_HEIGHT_PT, panelFigure, panelTitle } from './figure-parts.js';

const INDICES = ['first order', 'total'];

export function sobolFigure(file: SensitivityFile): FigureOutcome {
  const sobol = file.sobol;
  if (!sobol || sobol.rows.length === 0) return skip('sobol-indices', 'no Sobol indices (no sobol: plan, or no metric varies)');
  const rows = sobol.rows.flatMap((r) => [
    { metric: r.metric, parameter: r.parameter, index: INDICES[0], value: r.first, low: r.firstCi[0], high: r.firstCi[1] },
    { metric: r.metric, parameter: r.parameter, index: INDICES[1], value: r.total, low: r.totalCi[0], high: r.totalCi[1] },
  ]);
  const order = file.parameters.map((p) => p.name);
  const colour = nominalColour('index', INDICES, null);
  const panel = (metric: string, width: number) => ({
    width,
    height: PANEL_HEIGHT_PT - 10,
    title: panelTitle(metric),
    data: { values: rows.filter((r) => r.metric === metric) },
    encoding: {
      x: { field: 'parameter', type: 'nominal', sort: order, title: null, axis: { labelAngle: -30 } },
      xOffset: { field: 'index', sort: INDICES },
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
  return panelFigure(
    {
      id: 'sobol-indices',
      title: 'Which parameters matter: Sobol indices',
      caption: `First-order (the share of the metric’s variance a parameter explains alone) and total (alone and through interactions) Sobol indices of each metric over the declared ranges, with bootstrap 95% CIs (Saltelli plan of N = ${sobol.samples}, ${sobol.points} points × ${file.replications} replications; indices clamped to [0, 1] in the drawing, the tables give them as estimated).`,
    },
    [...new Set(rows.map((r) => r.metric))],
    panel,
  );
}

/**
 * σ as drawn: a spread below 1e-9 of the panel's largest effect is rounding
 * (the elementary effects of a linear response are equal in exact
 * arithmetic, and differ by ~1e-16 in floating point), drawn as 0.
 */
export function drawnSigma(rows: readonly MorrisRow[]): number[] {
  const scale = Math.max(0, ...rows.map((r) => Math.max(Math.abs(r.muStar), r.sigma)));
  return rows.map((r) => (r.sigma <= 1e-9 * scale ? 0 : r.sigma));
}

/**
 * One metric's μ*–σ panel. Parameters are told apart by a legend (colour and
 * shape), not by direct labels: those without effect sit together at the
 * origin, where no placement keeps their labels apart.
 */
function morrisPanel(file: SensitivityFile, rows: readonly MorrisRow[], width: number) {
  const order = file.parameters.map((p) => p.name);
  const sigma = drawnSigma(rows);
  const xMax = niceCeiling(Math.max(...rows.map((r) => Math.max(r.muStarCi[1], r.muStar))));
  const yMax = niceCeiling(Math.max(...sigma));
  const points = rows.map((r, i) => ({ ...r, sigma: sigma[i]!, low: r.muStarCi[0], high: r.muStarCi[1] }));
  const colour = { ...nominalColour('parameter', order, null), sort: order };
  const shape = { field: 'parameter', type: 'nominal', title: null, sort: order, scale: { domain: order, range: [...SHAPES] } };
  const x = { type: 'quantitative', scale: { domain: [0, xMax] } };
  const y = { field: 'sigma', type: 'quantitative', title: 'σ (spread of the effects)', scale: { domain: [0, yMax] } };
  return {
    width,
    height: PANEL_HEIGHT_PT,
    title: panelTitle(rows[0]!.metric),
    data: { values: points },
    encoding: { y, color: colour },
    layer: [
      { mark: { type: 'rule', strokeWidth: 0.8 }, encoding: { x: { ...x, field: 'low' }, x2: { field: 'high' } } },
      {
        mark: { type: 'point', filled: true, size: 30, opacity: 0.9 },
        encoding: {
          x: { ...x, field: 'muStar', title: 'μ* (mean |elementary effect|)' },
          shape,
          tooltip: [
            { field: 'parameter' },
            { field: 'muStar', format: '.4f' },
            { field: 'mu', format: '.4f' },
            { field: 'sigma', format: '.4g' },
          ],
        },
      },
    ],
  };
}

export function morrisFigure(file: SensitivityFile): FigureOutcome {
  const morris = file.morris;
  if (!morris || morris.rows.length === 0) return skip('morris', 'no Morris plan');
  const metrics = [...new Set(morris.rows.map((r) => r.metric))];
  return panelFigure(
    {
      id: 'morris',
      title: 'Which parameters matter: Morris elementary effects',
      caption: `Each parameter’s mean absolute elementary effect μ* (the metric’s change per whole range of the parameter, with its bootstrap 95% CI as whiskers) against the spread σ of its effects (large σ: the effect depends on the other parameters or is not linear), ${morris.trajectories} trajectories on a ${morris.levels}-level grid; parameters at the origin do not move the metric.`,
    },
    metrics,
    (metric, width) =>
      morrisPanel(
        file,
        morris.rows.filter((r) => r.metric === metric),
        width,
      ),
  );
}
