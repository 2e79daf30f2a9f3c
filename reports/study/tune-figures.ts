/**
 * The figure of a tune study: each candidate's worst-case objective against
 * its worst exploitability, robust candidates apart from the others, the
 * Pareto-optimal ones joined by a step line and the recommendation marked.
 * Without an exploitability bound the front is the objective alone, drawn
 * by candidate.
 */
import type { FigureDraft } from '../figures/figure.js';
import { INK, MUTED, PALETTE } from '../style/theme.js';
import type { TuneFile } from '../../sim/study/study-results.js';
import { singleView, ZERO_RULE } from './figure-parts.js';
import { valuesText } from './study-numbers.js';

export const TUNE_STATUSES = ['recommended', 'robust', 'not robust'] as const;

/** The candidates as drawn, each with its status; x is the worst exploitability, or the candidate id without one. */
export function paretoRows(file: TuneFile) {
  const withExploit = file.candidates.some((c) => c.worstExploitability !== null);
  return file.candidates.map((c) => ({
    candidate: c.candidate,
    objective: c.worstObjective,
    x: withExploit ? c.worstExploitability : c.candidate,
    status: c.candidate === file.recommendation?.candidate ? TUNE_STATUSES[0] : c.robust ? TUNE_STATUSES[1] : TUNE_STATUSES[2],
    pareto: c.paretoOptimal,
    setting: valuesText(c.values),
  }));
}

function caption(file: TuneFile, withExploit: boolean): string {
  const objective = `worst-case ${file.objective.id} (over the environments; to ${file.objective.goal})`;
  if (!withExploit)
    return `Each screened setting’s ${objective}, by candidate: no exploitability bound was declared, so the settings are drawn against their candidate number and the front is the objective alone. The diamond is the recommendation.`;
  const rejected = file.recommendation?.rejected ?? [];
  const failed = rejected.length
    ? ` (better-screened settings that failed that confirmation: ${rejected.map((r) => r.candidate).join(', ')})`
    : '';
  return `Each screened setting’s ${objective} against its worst exploitability (the largest mean gain of a screened deviation over the honest twin). Robust: meets every threshold (its whole 95% interval) in every environment. The grey step line joins the Pareto-optimal settings; the diamond is the recommendation, the best robust setting whose thresholds also held on fresh seeds${failed}.`;
}

export function tuneParetoFigure(file: TuneFile): FigureDraft {
  const withExploit = file.candidates.some((c) => c.worstExploitability !== null);
  const rows = paretoRows(file);
  const front = rows.filter((r) => r.pareto).sort((a, b) => Number(a.x) - Number(b.x));
  const x = { field: 'x', type: 'quantitative', scale: { zero: false } };
  const y = { field: 'objective', type: 'quantitative', title: `Worst-case ${file.objective.id.split(' · ')[0]}`, scale: { zero: false } };
  const status = {
    field: 'status',
    type: 'nominal',
    title: null,
    scale: { domain: [...TUNE_STATUSES], range: [PALETTE[3], PALETTE[0], MUTED] },
    legend: { orient: 'bottom' },
  };
  const shape = { field: 'status', type: 'nominal', scale: { domain: [...TUNE_STATUSES], range: ['diamond', 'circle', 'cross'] } };
  const spec = {
    layer: [
      ...(withExploit ? [{ data: { values: [{}] }, ...ZERO_RULE, encoding: { x: { datum: 0, type: 'quantitative' } } }] : []),
      {
        data: { values: front },
        mark: { type: 'line', interpolate: 'step-after', color: MUTED, strokeWidth: 0.8 },
        encoding: { x, y },
      },
      {
        // The recommendation last and larger, so no other setting hides it.
        data: { values: [...rows.filter((r) => r.status !== TUNE_STATUSES[0]), ...rows.filter((r) => r.status === TUNE_STATUSES[0])] },
        mark: { type: 'point', filled: true, opacity: 0.9 },
        encoding: {
          x: { ...x, title: withExploit ? 'Worst exploitability (largest mean gain of a deviation)' : 'Candidate' },
          y,
          color: status,
          shape,
          size: { condition: { test: `datum.status === '${TUNE_STATUSES[0]}'`, value: 90 }, value: 30 },
          stroke: { condition: { test: `datum.status === '${TUNE_STATUSES[0]}'`, value: INK }, value: null },
          tooltip: [
            { field: 'candidate' },
            { field: 'setting' },
            { field: 'objective', format: '.4f' },
            { field: 'x', title: withExploit ? 'exploitability' : 'candidate', format: '.4f' },
            { field: 'status' },
          ],
        },
      },
    ],
  };
  return singleView('tune-pareto', 'Objective against exploitability', caption(file, withExploit), spec, 150);
}
