/**
 * Where a value written in a profile or scenario comes from: every number
 * of a profile carries one, and a distribution may carry one per
 * parameter, so a reader can tell a published measurement from an
 * estimate. (The provenance of a results folder, what made it, is
 * sim/results/manifest.ts's OutputProvenance.)
 */
import * as z from 'zod';

export const ValueStatusSchema = z.enum(['published', 'measured', 'estimated', 'derived']);

export const ValueProvenanceSchema = z.strictObject({
  status: ValueStatusSchema.describe(
    'published: reported by the cited source; measured: measured by `poq-sim calibrate`; estimated: a judgement, with its reason; derived: computed from other values',
  ),
  why: z.string().min(1).describe('The source, or the reasoning behind an estimate'),
});
export type ValueProvenance = z.infer<typeof ValueProvenanceSchema>;

/** Provenance of each parameter of a distribution, keyed by parameter name. */
export const ParameterProvenanceSchema = z.record(z.string(), ValueProvenanceSchema);
