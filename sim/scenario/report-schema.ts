/**
 * `report:` in a scenario: the figures that answer its question, declared
 * rather than guessed. A figure names what goes on each channel — x, y,
 * colour, facet rows and columns — by the sweep's parameter names (their
 * column names), a group field (role, model, population, operator), the
 * figure's metrics, or time; which rows it keeps (`where`) and which
 * parameters it holds at one value (`hold`, written into the figure); its
 * mark, scales and reference marks. The simulation never reads this
 * section: it is the report's (reports/figures/declared/), and the scenario
 * hash leaves it out, so editing a figure changes no result and a sweep
 * resumes across the edit. Names are checked against the sweep and the
 * metric catalogue when the scenario loads (sim/results/report-check.ts).
 */
import * as z from 'zod';

const FigureId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and "-" (it names the figure’s files)');

/** The levels a metric row can be taken at (sim/results/levels.ts; repeated here because the scenario layer sits below it). */
export const FIGURE_LEVELS = ['run', 'role-model', 'population', 'operator'] as const;

/** Fields of a results row other than the parameters: the group it is over, and which metric (when a figure draws several). */
export const GROUP_FIELDS = ['role', 'model', 'population', 'operator'] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

/** What a channel can show besides a parameter: a group field, `metric` (one series per metric of y), or `time` (x only; runs and sweeps with output.timeseries). */
export const CHANNEL_WORDS = [...GROUP_FIELDS, 'metric', 'time'] as const;

const MetricName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a metric name of the results tables (snake_case), e.g. mean_reward');

export const MetricRefSchema = z.union(
  [
    MetricName,
    z.strictObject({
      metric: MetricName,
      level: z
        .enum(FIGURE_LEVELS)
        .optional()
        .describe(
          'The level of the rows (default: run for a run-level metric, else population or operator when the figure names one, else role-model)',
        ),
      label: z.string().min(1).optional().describe('What the axis or legend calls it (default: from the metric catalogue)'),
    }),
    z.strictObject({
      orderOf: MetricName.describe('Rank the groups by this metric at every point'),
      role: z.enum(['inference', 'evaluator']).describe('Whose models are ranked'),
      label: z.string().min(1).optional(),
    }),
  ],
  { error: 'a metric name, { metric, level?, label? }, or { orderOf: <metric>, role: inference | evaluator }' },
);

const Scalar = z.union([z.number(), z.string(), z.boolean()]);
/** A parameter's value as written in the sweep: a scalar, or a mapping (consensus: { rule: median }). */
const ParameterValue = z.union([Scalar, z.record(z.string(), z.unknown())]);

const ScaleSchema = z.strictObject({
  type: z
    .enum(['linear', 'log', 'symlog', 'ordinal'])
    .optional()
    .describe(
      'Default: ordinal for text values, or for a numeric x of at most 8 values that are all whole numbers (linear when the figure marks a diagonal or a break-even point), else linear. Text values are always ordinal',
    ),
  zero: z.boolean().optional().describe('Include zero in the axis'),
  domain: z.tuple([z.number(), z.number()]).optional().describe('[low, high] of the axis'),
  title: z.string().optional().describe('The axis or legend title (default: the parameter’s or metric’s name)'),
});

export const FigureDeclarationSchema = z
  .strictObject({
    id: FigureId.describe('File stem: figures/<id>.vl.json, .svg, .png, .pdf'),
    title: z.string().min(1),
    caption: z
      .string()
      .min(1)
      .optional()
      .describe(
        'What the figure shows, for a paper; the values held and the interval method are appended. Default: built from the channels',
      ),
    mark: z.enum(['line', 'point', 'bar', 'heatmap']).default('line'),
    x: z.string().min(1).describe('A sweep parameter (its column name), a group field (role, model, population, operator), or time'),
    y: z
      .union([MetricRefSchema, z.array(MetricRefSchema).min(1), z.string()])
      .describe('The metric(s) drawn with their 95% CI; for a heatmap, the parameter on the vertical axis'),
    value: MetricRefSchema.optional().describe('Heatmap only: the metric each cell shows'),
    colour: z.string().min(1).optional().describe('One series per value of a parameter, a group field, or metric'),
    row: z.string().min(1).optional().describe('One row of panels per value of a parameter or group field'),
    column: z.string().min(1).optional().describe('One column of panels per value of a parameter or group field'),
    where: z
      .record(z.string(), z.union([ParameterValue, z.array(ParameterValue).min(1)]))
      .optional()
      .describe('Keep only rows whose parameter or group field has this value (or one of these values)'),
    hold: z
      .record(z.string(), ParameterValue)
      .optional()
      .describe('Parameters shown at one value; the figure says which (default: a varying parameter on no channel is an error)'),
    ci: z
      .enum(['auto', 'whiskers', 'band', 'none'])
      .default('auto')
      .describe('How the 95% CIs are drawn: whiskers with caps beyond the mark, or a band; auto: band for lines, whiskers otherwise'),
    scales: z.strictObject({ x: ScaleSchema.optional(), y: ScaleSchema.optional(), colour: ScaleSchema.optional() }).optional(),
    marks: z
      .strictObject({
        zero: z.boolean().optional().describe('A rule at y = 0'),
        diagonal: z.boolean().optional().describe('The line y = x (a share against a fraction)'),
        breakEven: z
          .boolean()
          .optional()
          .describe('Where each series crosses y = 0 along x, with its 95% CI (least squares over the replications, bootstrap)'),
      })
      .optional(),
    size: z.enum(['column', 'page']).optional().describe('3.5 in (one column) or 7 in (two columns); default: page when faceted'),
  })
  .describe('One figure of the report');

/** The standard figures' ids (reports/figures/, reports/study/): a report draws these when its folder has their data. */
export const STANDARD_FIGURES = [
  'reward-by-group',
  'quality-cost',
  'evaluator-correlation',
  'cumulative-reward',
  // A study's (poq-sim exploit, sensitivity, tune).
  'exploitability',
  'exploit-search',
  'sobol-indices',
  'morris',
  'tune-pareto',
] as const;

export const ReportSchema = z
  .strictObject({
    question: z
      .string()
      .min(1)
      .optional()
      .describe('The question the scenario asks, in one sentence: the report opens with it (default: the scenario’s description)'),
    standard: z
      .array(z.enum(STANDARD_FIGURES))
      .optional()
      .describe('Standard figures that answer the question as they are, drawn first (before the declared figures), in this order'),
    figures: z.array(FigureDeclarationSchema).default([]).describe('The figures that answer the scenario’s question, drawn first'),
    defaults: z
      .boolean()
      .default(true)
      .describe('Also draw the standard figures (reward by group, quality against cost, …, and for sweeps one per swept parameter)'),
  })
  .describe('The report’s figures; never read by the simulation');

export type MetricRef = z.output<typeof MetricRefSchema>;
export type FigureDeclaration = z.output<typeof FigureDeclarationSchema>;
export type ReportSpec = z.output<typeof ReportSchema>;
