/**
 * The tables of a study's report: exploit (each family's best deviation
 * against each mechanism), sensitivity (Sobol indices, Morris effects),
 * tune (the decision table of parameter selection under uncertainty, and
 * the recommendation's confirmation); and the methods behind the intervals.
 */
import type { ExploitFile, SensitivityFile, StudyFile, TuneFile } from '../../sim/study/study-results.js';
import type { Table } from '../tables/table.js';
import { estimateText, number, valuesText, valueText } from './study-numbers.js';

const right = (header: string) => ({ header, align: 'right' as const });
const left = (header: string) => ({ header, align: 'left' as const });

function exploitTable(file: ExploitFile): Table {
  return {
    id: 'exploit',
    title: 'Best deviation of each family',
    caption: `For each deviation family and mechanism variant: the deviation that gains most (${file.metric}), its gain on confirmation replications the search never used with a Student-t 95% CI, the search’s own (upward-biased) mean of it, the deviators’ profit per round played honestly, and the regret of honesty max(0, gain), absolute and as a share of that profit.`,
    columns: [
      left('mechanism'),
      left('family'),
      left('best deviation'),
      left('gain (95% CI)'),
      right('search gain'),
      right('honest profit'),
      right('regret'),
      right('regret %'),
      right('runs'),
      left('stopped by'),
    ],
    rows: file.searches.map((s) => [
      s.mechanism,
      s.family,
      valuesText(s.best),
      estimateText(s.gain),
      number(s.searchGain),
      s.honestProfit ? number(s.honestProfit.mean) : '–',
      number(s.regret),
      s.regretRelative === null ? '–' : `${(100 * s.regretRelative).toFixed(1)}%`,
      String(s.evaluations),
      s.stoppedBy,
    ]),
  };
}

function sensitivityTables(file: SensitivityFile): Table[] {
  const ci = (c: readonly [number, number]) => `[${number(c[0], 3)}, ${number(c[1], 3)}]`;
  const tables: Table[] = [];
  if (file.sobol) {
    tables.push({
      id: 'sobol',
      title: 'Sobol indices',
      caption: `First-order and total Sobol indices of each metric over the declared ranges, with bootstrap 95% CIs (Saltelli plan, N = ${file.sobol.samples} base samples, ${file.sobol.points} points × ${file.replications} replications).`,
      columns: [left('metric'), left('parameter'), right('first order'), left('95% CI'), right('total'), left('95% CI ')],
      rows: file.sobol.rows.map((r) => [r.metric, r.parameter, number(r.first, 3), ci(r.firstCi), number(r.total, 3), ci(r.totalCi)]),
    });
  }
  if (file.morris) {
    tables.push({
      id: 'morris',
      title: 'Morris elementary effects',
      caption: `Mean (μ), mean absolute (μ*, with its bootstrap 95% CI) and standard deviation (σ) of each parameter’s elementary effects, in units of the metric per whole range of the parameter (${file.morris.trajectories} trajectories on a ${file.morris.levels}-level grid, Δ = ${number(file.morris.delta, 3)}).`,
      columns: [left('metric'), left('parameter'), right('μ*'), left('95% CI'), right('μ'), right('σ')],
      rows: file.morris.rows.map((r) => [r.metric, r.parameter, number(r.muStar), ci(r.muStarCi), number(r.mu), number(r.sigma)]),
    });
  }
  return tables;
}

/** A cell of the decision table: ✓, or the thresholds the candidate misses in that environment. */
function decisionCell(environment: TuneFile['candidates'][number]['environments'][number]): string {
  if (environment.feasible) return '✓';
  const missed = environment.constraints.filter((c) => !c.met).map((c) => c.id.split(' · ')[0]!);
  return `✗ ${missed.join(', ') || 'objective missing'}`;
}

function tuneTables(file: TuneFile): Table[] {
  const names = file.parameters.map((p) => p.name);
  const recommended = file.recommendation?.candidate;
  const decision: Table = {
    id: 'decision',
    title: 'Decision table',
    caption: `Which candidate settings meet every threshold (its whole 95% interval within the bound) in which environment, as in parameter selection under uncertainty; ★ marks the recommendation, ◆ the Pareto-optimal settings (worst-case ${file.objective.id}, to ${file.objective.goal}, against exploitability).`,
    columns: [left(''), ...names.map(right), ...file.environments.map(left), right('environments met'), right('worst-case objective')],
    rows: file.candidates.map((c) => [
      `${c.candidate === recommended ? '★ ' : ''}${c.paretoOptimal ? '◆ ' : ''}${c.candidate}`,
      ...names.map((n) => valueText(c.values[n])),
      ...c.environments.map(decisionCell),
      `${c.environmentsMet} of ${c.environments.length}`,
      number(c.worstObjective),
    ]),
  };
  const r = file.recommendation;
  if (!r) return [decision];
  const confirmation: Table = {
    id: 'recommendation',
    title: 'The recommendation, confirmed on fresh seeds',
    caption: `Candidate ${r.candidate} (${valuesText(r.values)}) in each environment, on replications whose seeds screening never used: the objective and each threshold with its 95% CI; exploitability from a full exploit search at this setting. ${r.confirmed ? 'Every threshold holds.' : 'Not every threshold holds: the recommendation is not confirmed.'}`,
    columns: [left('environment'), left('measure'), left('estimate (95% CI)'), left('bound'), left('met'), left('best deviation')],
    rows: r.confirmation.flatMap((e) => [
      [e.environment, `${file.objective.id} (${file.objective.goal})`, estimateText(e.objective), '', '', ''],
      ...e.constraints.map((c) => [
        e.environment,
        c.id,
        estimateText(c.estimate),
        [c.min === null ? '' : `≥ ${c.min}`, c.max === null ? '' : `≤ ${c.max}`].filter(Boolean).join(', '),
        c.met ? '✓' : '✗',
        c.deviation ? valuesText(c.deviation) : '',
      ]),
    ]),
  };
  return [decision, confirmation];
}

function methodsTable(study: StudyFile): Table {
  return {
    id: 'methods',
    title: 'How the intervals were computed',
    caption: 'The methods behind every interval in this report.',
    columns: [left('method')],
    rows: study.methods.map((m) => [m]),
  };
}

export function studyTables(study: StudyFile): Table[] {
  const own =
    study.kind === 'exploit' ? [exploitTable(study)] : study.kind === 'sensitivity' ? sensitivityTables(study) : tuneTables(study);
  return [...own, methodsTable(study)];
}
