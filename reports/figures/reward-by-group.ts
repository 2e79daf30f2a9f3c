/**
 * Mean reward per round of each model and each evaluator with its 95%
 * confidence interval, beside the published value when the scenario cites
 * one: the paper's headline result, as a dot-and-whisker plot.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsFolder, RunFolder } from '../folder/results-folder.js';
import { textWidth } from '../style/text-metrics.js';
import { INK, MUTED, PALETTE, TICK_FONT } from '../style/theme.js';
import { type FigureOutcome, notForThisFolder, skip } from './figure.js';
import { orderedModels, type Role } from './groups.js';
import { describeIntervals } from '../../sim/results/interval-method.js';

export const REWARD_BY_GROUP = 'reward-by-group';

type Summary = RunFolder['summary'];
type SummaryGroup = Summary['groups'][number];

const SIMULATED = 'simulated (95% CI)';
const PUBLISHED = 'published';

/** Area of a simulated mean's dot (Vega's point size, in square points). */
export const DOT_SIZE = 26;
/** Diameter of that dot: a cap must be longer, so a CI narrower than the dot still shows above and below it. */
export const DOT_DIAMETER_PT = 2 * Math.sqrt(DOT_SIZE / Math.PI);
/** Length of the whisker's end caps, across the value axis: about 1.6 dot diameters. */
export const CAP_LENGTH_PT = 9;

const groupLabel = (group: SummaryGroup) =>
  group.population && group.population !== group.model ? `${group.model} (${group.population})` : group.model;
const roleTitle = (role: string) => (role === 'inference' ? 'Inference' : role === 'evaluator' ? 'Evaluators' : role);

/** The groups' labels top to bottom: inference models, then evaluators, each in the folder's model order. */
function groupOrder(folder: RunFolder): string[] {
  const { groups } = folder.summary;
  return (['inference', 'evaluator'] as Role[]).flatMap((role) =>
    orderedModels(
      folder,
      role,
      groups.filter((g) => g.role === role).map((g) => g.model),
    ).flatMap((model) => groups.filter((g) => g.role === role && g.model === model).map(groupLabel)),
  );
}

/** One row per group with its simulated reward and interval, and one with the published value where the scenario cites one. */
function rewardRows(summary: Summary) {
  return summary.groups.flatMap((group) => {
    const base = { group: groupLabel(group), role: roleTitle(group.role), rounds: group.rounds, nodes: group.count };
    const simulated = { ...base, series: SIMULATED, reward: group.meanReward, low: group.ci95?.[0] ?? null, high: group.ci95?.[1] ?? null };
    const published = summary.reference?.meanReward[group.model];
    return published === undefined ? [simulated] : [simulated, { ...base, series: PUBLISHED, reward: published, low: null, high: null }];
  });
}

/** What every panel shares: the rows, the group order, the series shown and one label gutter. */
interface PanelFrame {
  readonly rows: ReturnType<typeof rewardRows>;
  readonly order: readonly string[];
  readonly series: readonly string[];
  readonly gutter: number;
}

/** The dot of one series: filled circles for the simulated means, open diamonds for the published values (ticks are the CI's caps). */
function seriesLayer(frame: PanelFrame, name: string, i: number, last: boolean) {
  const { order, series, gutter } = frame;
  return {
    transform: [{ filter: { field: 'series', equal: name } }],
    mark: { type: 'point', size: i === 0 ? DOT_SIZE : 40, strokeWidth: i === 0 ? 1 : 1.1, filled: i === 0, opacity: 1 },
    encoding: {
      y: { field: 'group', type: 'nominal', sort: order, title: null, axis: { minExtent: gutter, maxExtent: gutter } },
      x: {
        field: 'reward',
        type: 'quantitative',
        title: last ? 'Mean reward per round' : null,
        scale: { zero: true, nice: true },
        axis: last ? {} : { labels: false, ticks: false, domain: false },
      },
      color: {
        field: 'series',
        type: 'nominal',
        scale: { domain: series, range: [PALETTE[0], INK] },
        legend: { title: null, orient: 'bottom', direction: 'horizontal', gridAlign: 'none', columnPadding: 12, symbolStrokeWidth: 1.6 },
      },
      shape: { field: 'series', type: 'nominal', scale: { domain: series, range: ['circle', 'diamond'] } },
      tooltip: [
        { field: 'group', title: 'model' },
        { field: 'series' },
        { field: 'reward', format: '.3f', title: 'mean reward' },
        { field: 'low', format: '.3f', title: '95% CI low' },
        { field: 'high', format: '.3f', title: '95% CI high' },
        { field: 'rounds', format: ',' },
      ],
    },
  };
}

/**
 * The 95% interval as a whisker: a rule from low to high and a cap at each
 * end, across the value axis and longer than the dot, so an interval
 * narrower than the dot still shows its caps above and below it.
 */
function whiskerLayers(order: readonly string[]) {
  const y = { field: 'group', type: 'nominal', sort: order } as const;
  const withInterval = [{ filter: 'datum.low != null' }];
  const cap = (field: 'low' | 'high') => ({
    transform: withInterval,
    mark: { type: 'tick', orient: 'vertical', size: CAP_LENGTH_PT, thickness: 1, color: PALETTE[0], opacity: 1 },
    encoding: { y, x: { field, type: 'quantitative' } },
  });
  return [
    {
      transform: withInterval,
      mark: { type: 'rule', strokeWidth: 1, color: PALETTE[0] },
      encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
    },
    cap('low'),
    cap('high'),
  ];
}

/** One role's panel: a dashed zero line, the intervals, the dots; only the last panel has the x axis. */
function panelSpec(frame: PanelFrame, role: string, panelWidth: number, last: boolean) {
  return {
    data: { values: frame.rows.filter((row) => row.role === role) },
    title: { text: role, anchor: 'start', fontSize: 8, offset: 4 },
    width: panelWidth,
    height: { step: 13 },
    layer: [
      { mark: { type: 'rule', color: MUTED, strokeDash: [2, 2], strokeWidth: 0.6 }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      ...whiskerLayers(frame.order),
      ...frame.series.map((name, i) => seriesLayer(frame, name, i, last)),
    ],
  };
}

export function rewardByGroup(folder: ResultsFolder): FigureOutcome {
  if (folder.kind !== 'run') return notForThisFolder(REWARD_BY_GROUP, 'needs a run folder (summary.json)');
  const { summary } = folder;
  if (summary.groups.length === 0) return skip(REWARD_BY_GROUP, 'summary.json has no groups');

  const order = groupOrder(folder);
  const rows = rewardRows(summary);
  // One label gutter for both panels, so the panels and their titles line up.
  const frame: PanelFrame = {
    rows,
    order,
    series: summary.reference ? [SIMULATED, PUBLISHED] : [SIMULATED],
    gutter: Math.max(...order.map((name) => textWidth(name, TICK_FONT))) + 6,
  };
  const roles = ['Inference', 'Evaluators'].filter((role) => rows.some((row) => row.role === role));
  const spec = (panelWidth: number): TopLevelSpec =>
    ({
      vconcat: roles.map((role, i) => panelSpec(frame, role, panelWidth, i === roles.length - 1)),
      spacing: 8,
      resolve: { scale: { x: 'shared', y: 'independent' } },
    }) as TopLevelSpec;

  return {
    id: REWARD_BY_GROUP,
    title: 'Mean reward per round',
    caption:
      `Mean reward per round R = α·quality − β·cost of each inference model and evaluator (${order.length} groups), ` +
      `with its 95% confidence interval (${describeIntervals(summary.statistics)}). ` +
      'Caps mark the 95% CI; where they touch the dot the interval is narrower than the dot' +
      `${summary.reference ? `. Open diamonds: published values (${summary.reference.citation})` : ''}.`,
    size: 'one-column',
    layout: { kind: 'panels', columns: 1, spec },
  };
}
