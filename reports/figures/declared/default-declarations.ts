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
import type { ExperimentFolder, SweepSummaryRow } from '../../folder/results-folder.js';
import { skip, type SkippedFigure } from '../figure.js';
import { facetLayout, type FacetChannel, type FacetLayout, heldValue, type SplitCase, splitCases } from './facet-layout.js';
import { type HeadlineMetric, headlineMetrics } from './headline-metrics.js';
import { parameterValueLabel } from '../sweep-parameters.js';
import { fitsOn, noteWidth, panelWidth, xAxisWidth } from './panel-fit.js';
import { crossedNumericPair, type SweepAxis, sweepAxes } from './sweep-axes.js';

/** A report stays readable: past this many default figures the rest are listed as skipped, and a scenario declares what it needs. */
export const MAX_DEFAULT_FIGURES = 48;

/**
 * Beside figures the scenario declares (its answer), the defaults are
 * context: fewer, one of each family first (see inRounds).
 */
export const MAX_DEFAULTS_BESIDE_DECLARED = 12;

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

/** Past this many figures for one metric and parameter, the family is skipped: its parameters have too many values to show apart. */
export const MAX_SPLIT_FIGURES = 6;

/** The rows a figure's metric has a value in, kept by its `where` (the cases worth a figure). */
function keptRows(folder: ExperimentFolder, base: FigurePlan['base']): SweepSummaryRow[] {
  const ref = base.value ?? base.y;
  if (typeof ref !== 'object' || Array.isArray(ref) || !('metric' in ref)) return [...folder.summary];
  const where = Object.entries(base.where ?? {}).map(([field, wanted]) => ({ field, wanted: [wanted].flat().map(String) }));
  const fieldOf = (row: SweepSummaryRow, field: string) => String((row as unknown as Record<string, unknown>)[field]);
  return folder.summary.filter(
    (row) =>
      row.metric === ref.metric &&
      row.level === ref.level &&
      row.mean !== null &&
      where.every(({ field, wanted }) => wanted.includes(fieldOf(row, field))),
  );
}

/** The figure per split case: each holds its case's values, and its id says which; too many cases skip the family, saying why. */
function expand(folder: ExperimentFolder, plan: FigurePlan): FigureDeclaration[] | SkippedFigure {
  const channels = {
    ...(plan.layout.column ? { column: plan.layout.column.parameter.name } : plan.fixed.column ? { column: plan.fixed.column } : {}),
    ...(plan.layout.row ? { row: plan.layout.row.parameter.name } : plan.fixed.row ? { row: plan.fixed.row } : {}),
    ...(plan.layout.colour ? { colour: plan.layout.colour.parameter.name } : plan.fixed.colour ? { colour: plan.fixed.colour } : {}),
  };
  const colourTitle = plan.layout.colour ? { colour: { title: plan.layout.colour.title } } : {};
  const scales = { ...plan.base.scales, ...colourTitle };
  const caption = `${plan.caption}${panelsSentence(plan.layout, plan.fixed)}`;
  const cases = plan.layout.split.length === 0 ? [undefined] : splitCases(keptRows(folder, plan.base), plan.layout.split);
  if (cases.length > MAX_SPLIT_FIGURES) {
    const names = plan.layout.split.map((axis) => `${axis.parameter.name} (${axis.values.length} values)`).join(', ');
    return skip(
      plan.id,
      `${names} would need ${cases.length} figures, one per value (at most ${MAX_SPLIT_FIGURES}): no panel or colour holds that many; see the other figures of this metric, or declare one under report:`,
    );
  }
  const declare = (c: SplitCase | undefined): FigureDeclaration => {
    if (!c) return { ...plan.base, scales, ...channels, id: plan.id, title: plan.title, caption };
    const axes = plan.layout.split;
    const hold = Object.fromEntries(axes.map((axis) => [axis.parameter.name, heldValue(axis, c.values[axis.parameter.name] ?? null)]));
    const suffix = axes.map((axis) => `${slug(axis.parameter.name)}-${slug(parameterValueLabel(c.values[axis.parameter.name]))}`).join('-');
    const at = axes.map((axis) => `${lowerFirst(axis.title)} ${parameterValueLabel(c.values[axis.parameter.name])}`).join(', ');
    return { ...plan.base, scales, ...channels, hold, id: `${plan.id}-${suffix}`, title: `${plan.title}, ${at}`, caption };
  };
  return cases.map((c) => widened(declare(c)));
}

/** A one-column figure whose note would be wider than its plot takes the page (see noteWidth). */
function widened(declaration: FigureDeclaration): FigureDeclaration {
  const faceted = declaration.row !== undefined || declaration.column !== undefined;
  if (faceted || declaration.size !== undefined) return declaration;
  const note = noteWidth({ ...declaration.hold, ...declaration.where });
  return note > panelWidth(1, 'one-column') ? { ...declaration, size: 'page' } : declaration;
}

function xScale(x: SweepAxis) {
  return { type: x.scale, title: x.title, ...(x.scale === 'linear' ? { zero: false } : {}) };
}

function metricBase(metric: HeadlineMetric, x: SweepAxis): FigurePlan['base'] {
  const diagonal = metric.diagonalOnFraction === true && x.adversaryFraction;
  const marks = { ...(metric.zeroRule ? { zero: true } : {}), ...(diagonal ? { diagonal: true } : {}) };
  return {
    mark: x.numeric ? 'line' : 'point',
    // Text values side by side may need the page's width even in one panel.
    ...(xAxisWidth(x) > panelWidth(1, 'one-column') ? { size: 'page' as const } : {}),
    // One replication per point has no intervals to draw.
    ci: metric.intervals === false ? 'none' : 'auto',
    x: x.parameter.name,
    y: { metric: metric.metric, level: metric.level, label: metric.label },
    // The title without the catalogue's unit: the label says it, and a longer title overruns a row of panels.
    scales: { x: xScale(x), y: { title: metric.label, ...(metric.zeroAxis ? { zero: true } : {}) } },
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

/** Whether the series need colour: several models (of the role drawn) or several populations. */
function seriesNeedColour(metric: HeadlineMetric, role: string | undefined): boolean {
  if (metric.series === 'population') return (metric.populations?.length ?? 0) > 1;
  if (metric.series !== 'model') return false;
  const models = role ? (metric.models?.[role] ?? []) : Object.values(metric.models ?? {}).flat();
  return models.length > 1;
}

const FACETS: readonly FacetChannel[] = ['column', 'row', 'colour'];
const freeOf = (taken: readonly FacetChannel[]) => FACETS.filter((c) => !taken.includes(c));

/** The figures of one metric against one parameter: per role for rewards unless both roles fit as rows beside the columns of one other parameter. */
function metricPlans(metric: HeadlineMetric, x: SweepAxis, others: readonly SweepAxis[]): FigurePlan[] {
  const id = `${slug(metric.key ?? metric.metric)}-vs-${slug(x.parameter.name)}`;
  const title = `${metric.meaning} against ${lowerFirst(x.title)}`;
  const base = metricBase(metric, x);
  const caption = metricCaption(metric, x, base.marks?.diagonal === true);
  const roles = metric.roles ?? [];
  const besideRoles = facetLayout(others, ['column'], fitsOn(x));
  if (roles.length > 1 && others.length <= 1 && besideRoles.split.length === 0) {
    return [{ id, title, caption, base, fixed: { colour: metric.series!, row: 'role' }, layout: besideRoles }];
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
      layout: facetLayout(others, freeOf(colour ? ['colour'] : []), fitsOn(x)),
    };
  });
}

/** Maps of every model's reward over two crossed numeric parameters, one per role, a panel per model. */
function mapPlans(axes: readonly SweepAxis[], reward: HeadlineMetric | undefined): (FigurePlan | SkippedFigure)[] {
  if (!reward) return [];
  const pairs = axes.flatMap((a, i) =>
    axes
      .slice(i + 1)
      .filter((b) => crossedNumericPair(a, b))
      .map((b): [SweepAxis, SweepAxis] => (a.values.length >= b.values.length ? [a, b] : [b, a])),
  );
  return pairs.flatMap(([x, y]) =>
    (reward.roles ?? []).map((role): FigurePlan | SkippedFigure => {
      const id = `${slug(reward.metric)}-map-${slug(x.parameter.name)}-${slug(y.parameter.name)}-${role}`;
      // A column of cells per model repeats the x axis: its title must fit the panel.
      const models = reward.models?.[role]?.length ?? 1;
      if (xAxisWidth(x) > panelWidth(models)) {
        return skip(
          id,
          `the title “${x.title}” is wider than a panel of ${models} models side by side on a 7 in page; declare the map you need`,
        );
      }
      return mapPlan(id, reward, role, x, y, axes);
    }),
  );
}

function mapPlan(id: string, reward: HeadlineMetric, role: string, x: SweepAxis, y: SweepAxis, axes: readonly SweepAxis[]): FigurePlan {
  return {
    id,
    title: `${reward.meaning} over ${lowerFirst(x.title)} and ${lowerFirst(y.title)}, ${ROLE_TITLES[role] ?? role}`,
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
      fitsOn(null),
    ),
  };
}

/**
 * Every default figure of a sweep, as declarations, and what was left out
 * and why. `besideDeclared`: the scenario declares figures of its own, so the
 * defaults are fewer and taken one of each family first.
 */
export function defaultSweepFigures(folder: ExperimentFolder, besideDeclared = false): DefaultSweepFigures {
  const axes = sweepAxes(folder);
  const selection = headlineMetrics(folder);
  const skipped: SkippedFigure[] = [...selection.skipped];
  if (axes.length === 0)
    return { declarations: [], skipped: [...skipped, skip('sweep-figures', 'no swept parameter takes more than one value')] };
  // Text values too long to stand side by side on a page's axis make no x axis: they still show on the others' facets and colours.
  const readable = axes.filter((x) => xAxisWidth(x) <= panelWidth(1));
  for (const x of axes.filter((a) => !readable.includes(a))) {
    skipped.push(
      skip(
        `figures-vs-${slug(x.parameter.name)}`,
        `the values of ${x.parameter.name} are too long to label side by side on an x axis 7 in wide; they are on the panels and colours of the other figures (declare a figure to plot against it)`,
      ),
    );
  }
  const plans = [
    ...readable.flatMap((x) =>
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
  const expanded = plans.map((plan) => ('reason' in plan ? plan : expand(folder, plan)));
  const all = expanded.flatMap((e) => ('reason' in e ? [] : e));
  skipped.push(...expanded.filter((e): e is SkippedFigure => 'reason' in e));
  const limit = besideDeclared ? MAX_DEFAULTS_BESIDE_DECLARED : MAX_DEFAULT_FIGURES;
  const ordered = besideDeclared ? inRounds(all) : all;
  const declarations = ordered.slice(0, limit);
  if (ordered.length > declarations.length) {
    const left = ordered.slice(limit);
    skipped.push(
      skip(
        'default-figures',
        `${left.length} more default figures not drawn (at most ${limit}${besideDeclared ? ' beside the declared figures' : ''}: ${left.map((d) => d.id).join(', ')}); declare the figures that answer the scenario’s question under report: in the scenario`,
      ),
    );
  }
  return { declarations, skipped };
}

export function defaultSweepDeclarations(folder: ExperimentFolder): FigureDeclaration[] {
  return [...defaultSweepFigures(folder).declarations];
}

/**
 * The figures in rounds: first one of each family (a metric against a
 * parameter, in the order planned), then every family's second (its next
 * split: another role or held value), and so on, so the cap cuts the splits
 * of every family rather than whole metrics or parameters.
 */
function inRounds(all: readonly FigureDeclaration[]): FigureDeclaration[] {
  const seen = new Map<string, number>();
  const ranked = all.map((declaration, order) => {
    const family = `${declaration.x}|${JSON.stringify(declaration.y)}`;
    const round = seen.get(family) ?? 0;
    seen.set(family, round + 1);
    return { declaration, round, order };
  });
  return ranked.sort((a, b) => a.round - b.round || a.order - b.order).map((r) => r.declaration);
}
