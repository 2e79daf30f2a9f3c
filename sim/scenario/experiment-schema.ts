/**
 * The experiment part of a scenario file: `sweep` (which scenarios to run),
 * `replications` and `stopping` (how many runs each). Read by
 * `poq-sim sweep`; `poq-sim run` ignores them. The sampling semantics are
 * always stated in the file (`method` has no default), never guessed.
 */
import * as z from 'zod';

const ColumnName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and "_", starting with a letter (it names a table column)');

/** A seed, wherever one is given: a number or a name. */
export const SeedSchema = z.union([z.number().int().nonnegative(), z.string().min(1)], {
  error: 'a non-negative integer (0, 1, 2, …) or a non-empty string',
});

const JsonValue: z.ZodType<unknown> = z.union(
  [z.number(), z.string(), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown())],
  {
    error: 'a value for the field: a number, a string, true or false, a mapping or a list',
  },
);

export const SweepParameterSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .describe('Dotted path of the scenario field to vary, e.g. mechanism.rewards.beta or network.inference[0].count'),
    name: ColumnName.optional().describe('Column name in the results tables; default: the last segment of the path'),
    values: z.array(JsonValue).min(1).optional().describe('The values to take (grid, zip; random and latin-hypercube pick among them)'),
    range: z
      .tuple([z.number(), z.number()])
      .optional()
      .describe('[low, high]: random and latin-hypercube sample numbers in this closed range'),
    scale: z.enum(['linear', 'log']).default('linear').describe('Sample the range uniformly (linear) or log-uniformly (log)'),
    integer: z.boolean().default(false).describe('Sample integers in the range (both ends included)'),
    commonRandomNumbers: z
      .boolean()
      .optional()
      .describe(
        'Whether points that differ only in this parameter share their seeds (common random numbers, for paired comparisons); default: true for mechanism.* paths, false otherwise',
      ),
  })
  .superRefine((parameter, ctx) => {
    if (parameter.values === undefined && parameter.range === undefined) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'give values (a list) or range ([low, high])' });
    }
    if (parameter.values !== undefined && parameter.range !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['range'], message: 'give values or range, not both' });
    }
    if (parameter.range) {
      const [low, high] = parameter.range;
      if (!(high > low)) ctx.addIssue({ code: 'custom', path: ['range', 1], message: `must be greater than the low end (${low})` });
      if (parameter.scale === 'log' && !(low > 0))
        ctx.addIssue({ code: 'custom', path: ['range', 0], message: 'must be > 0 on a log scale' });
      if (parameter.integer && !(Number.isInteger(low) && Number.isInteger(high))) {
        ctx.addIssue({ code: 'custom', path: ['range'], message: 'integer ranges need integer ends' });
      }
    }
  });

const ListedParameters = z
  .array(SweepParameterSchema)
  .min(1)
  .superRefine((parameters, ctx) => {
    parameters.forEach((parameter, index) => {
      if (parameter.range !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'range'],
          message: 'grid and zip take values lists; range is for random and latin-hypercube',
        });
      }
    });
  });

const SampledDesignFields = {
  points: z.number().int().positive().describe('Number of points to sample'),
  seed: SeedSchema.optional().describe('Seed of the sampling (not of the runs); default: the scenario’s seed'),
  parameters: z.array(SweepParameterSchema).min(1),
};

export const SweepDesignSchema = z.discriminatedUnion('method', [
  z
    .strictObject({ method: z.literal('grid'), parameters: ListedParameters })
    .describe('Cartesian product of the values lists; the first parameter varies slowest'),
  z
    .strictObject({ method: z.literal('zip'), parameters: ListedParameters })
    .describe('Point i takes the i-th value of every list; the lists have the same length')
    .superRefine((design, ctx) => {
      const length = design.parameters[0]?.values?.length ?? 0;
      design.parameters.forEach((parameter, index) => {
        const own = parameter.values?.length ?? 0;
        if (own !== length) {
          ctx.addIssue({
            code: 'custom',
            path: ['parameters', index, 'values'],
            message: `zip needs lists of equal length: this one has ${own} values, the first has ${length}`,
          });
        }
      });
    }),
  z
    .strictObject({ method: z.literal('random'), ...SampledDesignFields })
    .describe('Each point draws every parameter independently and uniformly (log-uniformly on a log scale)'),
  z
    .strictObject({ method: z.literal('latin-hypercube'), ...SampledDesignFields })
    .describe(
      'Each parameter’s range is cut into `points` equal strata; every stratum is sampled exactly once, strata paired at random across parameters',
    ),
]);

export const SweepSchema = z
  .union([SweepDesignSchema, z.array(SweepDesignSchema).min(1)], { error: 'a sweep design (a mapping with method: …), or a list of them' })
  .describe(
    'The points of the experiment: one design, or a list of designs crossed (every point of the first with every point of the second, …)',
  );

export const StoppingSchema = z
  .strictObject({
    metrics: z
      .array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a metric name such as mean_reward'))
      .min(1)
      .default(['mean_reward'])
      .describe('Metrics whose confidence intervals must be narrow enough, in every group that reports them'),
    halfWidth: z.number().positive().optional().describe('Stop when every 95% CI half-width is at most this (in the metric’s units)'),
    relativeHalfWidth: z.number().positive().optional().describe('Stop when every 95% CI half-width is at most this fraction of |mean|'),
    maxReplications: z.number().int().min(2).describe('Stop here even if the intervals are still wider'),
  })
  .superRefine((stopping, ctx) => {
    if ((stopping.halfWidth === undefined) === (stopping.relativeHalfWidth === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['halfWidth'], message: 'give exactly one of halfWidth and relativeHalfWidth' });
    }
  })
  .describe('Replicate each point until the 95% confidence intervals are narrow enough (at least `replications` runs, at least 2)');

export type SweepParameter = z.output<typeof SweepParameterSchema>;
export type SweepDesign = z.output<typeof SweepDesignSchema>;
export type SweepSpec = z.output<typeof SweepSchema>;
export type StoppingRule = z.output<typeof StoppingSchema>;
