/**
 * The figures a sweep's report draws when its scenario declares none (or
 * keeps `report.defaults`): for each swept parameter, each headline metric
 * against it in small multiples over the other swept parameters, and for
 * two crossed numeric parameters a map of every model's reward. They are
 * declarations (sim/scenario/report-schema.ts), drawn like declared ones,
 * so a default figure obeys the same rule: every swept value is on some
 * channel or held in a figure that says so; none is held in silence.
 */
import type { FigureDeclaration } from '../../../sim/scenario/report-schema.js';
import type { ExperimentFolder } from '../../folder/results-folder.js';
import { skip, type SkippedFigure } from '../figure.js';
import { facetLayout, type FacetChannel, type FacetLayout, heldValue, splitCases } from './facet-layout.js';
import { type HeadlineMetric, headlineMetrics } from './headline-metrics.js';
import { parameterValueLabel } from '../sweep-parameters.js';
import { crossedNumericPair, type SweepAxis, sweepAxes } from './sweep-axes.js';

/** A report stays readable: past this many default figures the rest are listed as skipped, and a scenario declares what it needs. */
export const MAX_DEFAULT_FIGURES = 48;

export interface DefaultSweepFigures {
  readonly declarations: readonly FigureDeclaration[];
  readonly skipped: readonly SkippedFigure[];
}

const ROLE_TITLES: Record<string, string> = { inference: 'inference models', evaluator: 'evaluators' };

export const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'x';

const lowerFirst = (text: string) => (/^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text);

/** One figure before its split: the series and facets it draws, and the rows it keeps. */
interface FigurePlan {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly base: Omit<FigureDeclaration, 'id' | 'title' | 'caption' | 'row' | 'column' | 'colour' | 'hold'>;
  readonly fixed: Partial<Record<FacetChannel, string>>;
  readonly layout: FacetLayout;
}

function panelsSentence(layout: FacetLayout, fixed: Partial<Record<FacetChannel, string>>): string {
  const parts = [
    layout.column ? `columns: ${lowerFirst(layout.column.title)}` : fixed.column ? `columns: ${fixed.column}` : '',
    layout.row ? `rows: ${lowerFirst(layout.row.title)}` : fixed.row ? `rows: ${fixed.row}` : '',
    layout.colour ? `colours: ${lowerFirst(layout.colour.title)}` : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? ` Panels and colours by the other swept parameters (${parts.join('; ')}).` : '';
}

/** The figure per split case: each holds its case's values, and its id says which. */
function expand(folder: ExperimentFolder, plan: FigurePlan): FigureDeclaration[] {
  const channels = {
    ...(plan.layout.column ? { column: plan.layout.column.parameter.name } : plan.fixed.column ? { column: plan.fixed.column } : {}),
    ...(plan.layout.row ? { row: plan.layout.row.parameter.name } : plan.fixed.row ? { row: plan.fixed.row } : {}),
    ...(plan.layout.colour ? { colour: plan.layout.colour.parameter.name } : plan.fixed.colour ? { colour: plan.fixed.colour } : {}),
  };
  const colourTitle = plan.layout.colour ? { colour: { title: plan.layout.colour.title } } : {};
  const scales = { ...plan.base.scales, ...colourTitle };
  const caption = `${plan.caption}${panelsSentence(plan.layout, plan.fixed)}`;
  const cases = plan.layout.split.length === 0 ? [undefined] : splitCases(folder, plan.layout.split);
  return cases.map((c) => {
    if (!c) return { ...plan.base, scales, ...channels, id: plan.id, title: plan.title, caption };
    const axes = plan.layout.split;
    const hold = Object.fromEntries(axes.map((axis) => [axis.parameter.name, heldValue(axis, c.values[axis.parameter.name] ?? null)]));
    const suffix = axes.map((axis) => `${slug(axis.parameter.name)}-${slug(parameterValueLabel(c.values[axis.parameter.name]))}`).join('-');
    const at = axes.map((axis) => `${lowerFirst(axis.title)} ${parameterValueLabel(c.values[axis.parameter.name])}`).join(', ');
    return { ...plan.base, scales, ...channels, hold, id: `${plan.id}-${suffix}`, title: `${plan.title}, ${at}`, caption };
  });
}

function xScale(x: SweepAxis) {
  return { type: x.scale, title: x.title, ...(x.scale === 'linear' ? { zero: false } : {}) };
}

function metricBase(metric: HeadlineMetric, x: SweepAxis): FigurePlan['base'] {
  const diagonal = metric.diagonalOnFraction === true && x.adversaryFraction;
  const marks = { ...(metric.zeroRule ? { zero: true } : {}), ...(diagonal ? { diagonal: true } : {}) };
  return {
    mark: x.numeric ? 'line' : 'point',
    // One replication per point has no intervals to draw.
    ci: metric.intervals === false ? 'none' : 'auto',
    x: x.parameter.name,
    y: { metric: metric.metric, level: metric.level, label: metric.label },
    scales: { x: xScale(x), ...(metric.zeroAxis ? { y: { zero: true } } : {}) },
    ...(Object.keys(marks).length > 0 ? { marks } : {}),
    ...(metric.populations ? { where: { population: [...metric.populations] } } : {}),
  };
}

function metricCaption(metric: HeadlineMetric, x: SweepAxis, diagonal: boolean): string {
  const marks = [
    diagonal ? ' Dashed: the share proportional to their numbers (y = x); above it the adversaries gain.' : '',
    metric.zeroRule ? ' The rule at zero: no gain.' : '',
  ];
  return `${metric.meaning} against ${lowerFirst(x.title)}.${marks.join('')}`;
}

/** Rewards of both roles share a figure (a row of panels each) only when one other parameter with a few values leaves room. */
const MAX_VALUES_BESIDE_ROLES = 4;

/** Whether the series need colour: several models (of the role drawn) or several populations. */
function seriesNeedColour(metric: HeadlineMetric, role: string | undefined): boolean {
  if (metric.series === 'population') return (metric.populations?.length ?? 0) > 1;
  if (metric.series !== 'model') return false;
  const models = role ? (metric.models?.[role] ?? []) : Object.values(metric.models ?? {}).flat();
  return models.length > 1;
}

const FACETS: readonly FacetChannel[] = ['column', 'row', 'colour'];
const freeOf = (taken: readonly FacetChannel[]) => FACETS.filter((c) => !taken.includes(c));

/** The figures of one metric against one parameter: per role for rewards unless both roles fit as rows beside one small parameter. */
function metricPlans(metric: HeadlineMetric, x: SweepAxis, others: readonly SweepAxis[]): FigurePlan[] {
  const id = `${slug(metric.metric)}-vs-${slug(x.parameter.name)}`;
  const title = `${metric.label} against ${lowerFirst(x.title)}`;
  const base = metricBase(metric, x);
  const caption = metricCaption(metric, x, base.marks?.diagonal === true);
  const roles = metric.roles ?? [];
  const besideRoles = roles.length > 1 && others.length <= 1 && (others[0]?.values.length ?? 0) <= MAX_VALUES_BESIDE_ROLES;
  if (besideRoles) {
    const fixed = { colour: metric.series!, row: 'role' };
    return [{ id, title, caption, base, fixed, layout: facetLayout(others, ['column']) }];
  }
  return (roles.length > 1 ? roles : [undefined]).map((role) => {
    const colour = seriesNeedColour(metric, role);
    const where = role ? { ...base.where, role } : base.where;
    return {
      id: role ? `${id}-${role}` : id,
      title: role ? `${title}, ${ROLE_TITLES[role] ?? role}` : title,
      caption,
      base: where ? { ...base, where } : base,
      fixed: colour ? { colour: metric.series! } : {},
      layout: facetLayout(others, freeOf(colour ? ['colour'] : [])),
    };
  });
}

/** Maps of every model's reward over two crossed numeric parameters, one per role, a panel per model. */
function mapPlans(axes: readonly SweepAxis[], reward: HeadlineMetric | undefined): FigurePlan[] {
  if (!reward) return [];
  const pairs = axes.flatMap((a, i) =>
    axes
      .slice(i + 1)
      .filter((b) => crossedNumericPair(a, b))
      .map((b): [SweepAxis, SweepAxis] => (a.values.length >= b.values.length ? [a, b] : [b, a])),
  );
  return pairs.flatMap(([x, y]) =>
    (reward.roles ?? []).map((role) => ({
      id: `${slug(reward.metric)}-map-${slug(x.parameter.name)}-${slug(y.parameter.name)}-${role}`,
      title: `${reward.label} over ${lowerFirst(x.title)} and ${lowerFirst(y.title)}, ${ROLE_TITLES[role] ?? role}`,
      caption: `${reward.meaning} (colour) at every ${lowerFirst(x.title)} and ${lowerFirst(y.title)} of the sweep, a panel per model.`,
      base: {
        mark: 'heatmap' as const,
        ci: 'none' as const,
        x: x.parameter.name,
        y: y.parameter.name,
        value: { metric: reward.metric, level: reward.level, label: reward.label },
        where: { role },
        scales: { x: { type: 'ordinal' as const, title: x.title }, y: { type: 'ordinal' as const, title: y.title } },
      },
      fixed: { column: 'model' },
      layout: facetLayout(
        axes.filter((a) => a !== x && a !== y),
        ['row'],
      ),
    })),
  );
}

/** Every default figure of a sweep, as declarations, and what was left out and why. */
export function defaultSweepFigures(folder: ExperimentFolder): DefaultSweepFigures {
  const axes = sweepAxes(folder);
  const selection = headlineMetrics(folder);
  const skipped: SkippedFigure[] = [...selection.skipped];
  if (axes.length === 0)
    return { declarations: [], skipped: [...skipped, skip('sweep-figures', 'no swept parameter takes more than one value')] };
  const plans = [
    ...axes.flatMap((x) =>
      selection.metrics.flatMap((metric) =>
        metricPlans(
          metric,
          x,
          axes.filter((a) => a !== x),
        ),
      ),
    ),
    ...mapPlans(
      axes,
      selection.metrics.find((m) => m.metric === 'mean_reward'),
    ),
  ];
  const all = plans.flatMap((plan) => expand(folder, plan));
  const declarations = all.slice(0, MAX_DEFAULT_FIGURES);
  if (all.length > declarations.length) {
    const left = all.slice(MAX_DEFAULT_FIGURES);
    skipped.push(
      skip(
        'default-figures',
        `${left.length} more default figures not drawn (at most ${MAX_DEFAULT_FIGURES}: ${left.map((d) => d.id).join(', ')}); declare the figures that answer the scenario’s question under report: in the scenario`,
      ),
    );
  }
  return { declarations, skipped };
}

export function defaultSweepDeclarations(folder: ExperimentFolder): FigureDeclaration[] {
  return [...defaultSweepFigures(folder).declarations];
}
