/**
 * The study parts of a scenario file: `exploit` (the best deviation of each
 * declared family against the mechanism), `sensitivity` (which parameters
 * matter to which metrics) and `tune` (which mechanism settings to deploy).
 * Read by `poq-sim exploit`, `sensitivity` and `tune`; `run` and `sweep`
 * ignore them. Each search states its budget in the file; the defaults are
 * documented in docs/studies.md.
 */
import * as z from 'zod';
import { SweepParameterSchema } from './experiment-schema.js';

const MetricName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a metric name such as mean_reward');
const Label = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and "-" (it names a row of the tables and a figure’s legend)');

const StudyParameters = z.array(SweepParameterSchema).min(1);

/** A metric of a point's runs: the run's, or one group's (a population, an operator, or a role and model). */
export const MetricSelectionSchema = z
  .strictObject({
    metric: MetricName,
    population: z.string().min(1).optional().describe('Read the metric of this population'),
    operator: z.string().min(1).optional().describe('Read the metric of this operator'),
    role: z.enum(['inference', 'evaluator']).optional().describe('Read the metric of a (role, model) group'),
    model: z.string().min(1).optional(),
  })
  .superRefine((selection, ctx) => {
    const named = [selection.population, selection.operator, selection.role ?? selection.model].filter((x) => x !== undefined);
    if (named.length > 1) ctx.addIssue({ code: 'custom', message: 'name one group: a population, an operator, or a role and model' });
    if ((selection.role === undefined) !== (selection.model === undefined))
      ctx.addIssue({ code: 'custom', path: [selection.role === undefined ? 'role' : 'model'], message: 'give role and model together' });
  });

/** Named scenario settings: each sets fields (dotted paths) of the scenario to values. */
export const SettingSchema = z.strictObject({
  name: Label,
  set: z.record(z.string().min(1), z.unknown()).default({}).describe('Dotted path → value, e.g. { mechanism.audits.probability: 0.2 }'),
});
const Settings = z
  .array(SettingSchema)
  .min(1)
  .superRefine((settings, ctx) => {
    const seen = new Set<string>();
    settings.forEach((setting, i) => {
      if (seen.has(setting.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `"${setting.name}" is named twice` });
      seen.add(setting.name);
    });
  });

export const SearchBudgetSchema = z.strictObject({
  candidates: z.number().int().min(2).default(12).describe('Space-filling candidates of the first round'),
  eta: z.number().int().min(2).default(3).describe('Successive halving keeps the best 1/eta of the candidates at each rung'),
  replications: z.number().int().min(1).default(2).describe('Replications of each candidate at the first rung (×eta per rung)'),
  zoomRounds: z.number().int().min(0).default(1).describe('Rounds of halving again in a box half as wide around the incumbent'),
});

export const ConfirmationSchema = z
  .strictObject({
    halfWidth: z.number().positive().optional().describe('Stop when the winner’s 95% CI half-width is at most this'),
    relativeHalfWidth: z.number().positive().optional().describe('… or at most this fraction of |mean|'),
    minReplications: z.number().int().min(2).default(10),
    maxReplications: z.number().int().min(2).default(80),
  })
  .superRefine((c, ctx) => {
    if (c.maxReplications < c.minReplications)
      ctx.addIssue({ code: 'custom', path: ['maxReplications'], message: `must be at least minReplications (${c.minReplications})` });
    if (c.halfWidth !== undefined && c.relativeHalfWidth !== undefined)
      ctx.addIssue({ code: 'custom', path: ['relativeHalfWidth'], message: 'give halfWidth or relativeHalfWidth, not both' });
  });

export const DeviationFamilySchema = z.strictObject({
  name: Label,
  population: z.string().min(1).describe('The deviating population: its gain over its honest twin is what the search maximizes'),
  parameters: StudyParameters.describe('The deviation’s parameters and the ranges (or lists) to search'),
});

export const ExploitSchema = z
  .strictObject({
    metric: MetricName.default('twin_gain_per_round').describe('The deviators’ gain: a population metric, maximized'),
    families: z.array(DeviationFamilySchema).min(1),
    mechanisms: Settings.optional().describe('Mechanism variants to search each family against (default: the scenario as written)'),
    search: SearchBudgetSchema.prefault({}),
    confirmation: ConfirmationSchema.prefault({}),
  })
  .describe('poq-sim exploit: the best deviation of each family, and the mechanism’s exploitability');

export const SensitivitySchema = z
  .strictObject({
    parameters: StudyParameters.describe('The factors and their ranges (or lists)'),
    metrics: z.array(MetricSelectionSchema).min(1).describe('The outputs whose variance is apportioned'),
    sobol: z
      .strictObject({ samples: z.number().int().min(8).default(64).describe('Base samples N: the plan runs N·(d + 2) points') })
      .optional(),
    morris: z
      .strictObject({
        trajectories: z.number().int().min(2).default(10),
        levels: z
          .number()
          .int()
          .min(2)
          .refine(
            (p) => p % 2 === 0,
            'an even number of grid levels (Morris’s Δ = p / (2(p − 1)) keeps points on the grid only for even p)',
          )
          .default(4),
      })
      .optional(),
    replications: z.number().int().min(1).default(2).describe('Replications of each point; the output is their mean'),
    bootstrap: z.number().int().min(100).default(1000).describe('Bootstrap resamples of each interval'),
  })
  .superRefine((s, ctx) => {
    if (!s.sobol && !s.morris) ctx.addIssue({ code: 'custom', path: ['sobol'], message: 'give sobol:, morris: or both' });
  })
  .describe('poq-sim sensitivity: Sobol indices and Morris elementary effects');

export const ConstraintSchema = z.union([
  z
    .strictObject({
      exploitability: Label.describe('A deviation family of exploit:'),
      max: z.number().describe('The family’s best gain (its 95% upper bound) must be at most this'),
    })
    .describe('An exploitability bound'),
  MetricSelectionSchema.and(z.object({ max: z.number().optional(), min: z.number().optional() })).describe(
    'A metric bound (its 95% interval must lie within it)',
  ),
]);

export const TuneSchema = z
  .strictObject({
    parameters: StudyParameters.describe('The mechanism settings to choose and their ranges (or lists)'),
    objective: MetricSelectionSchema.and(z.object({ goal: z.enum(['maximize', 'minimize']) })),
    constraints: z.array(ConstraintSchema).default([]),
    environments: Settings.optional().describe('Environments every threshold is checked under (default: the scenario as written)'),
    candidates: z.number().int().min(2).default(16).describe('Space-filling candidate settings'),
    replications: z.number().int().min(2).default(3).describe('Replications of each candidate in each environment'),
    deviations: z.number().int().min(2).default(4).describe('Deviations of each family tried at each candidate (evenly over its range)'),
    confirmation: ConfirmationSchema.prefault({}),
  })
  .describe('poq-sim tune: mechanism settings that optimize an objective under constraints');

export type MetricSelection = z.output<typeof MetricSelectionSchema>;
export type Setting = z.output<typeof SettingSchema>;
export type SearchBudget = z.output<typeof SearchBudgetSchema>;
export type Confirmation = z.output<typeof ConfirmationSchema>;
export type DeviationFamily = z.output<typeof DeviationFamilySchema>;
export type ExploitSpec = z.output<typeof ExploitSchema>;
export type SensitivitySpec = z.output<typeof SensitivitySchema>;
export type TuneSpec = z.output<typeof TuneSchema>;
export type Constraint = z.output<typeof ConstraintSchema>;
