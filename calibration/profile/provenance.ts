/**
 * Where a calibration value comes from. Every number in a profile carries
 * one, so a reader can tell a published measurement from an estimate.
 */
import { z } from 'zod';

export const ProvenanceStatusSchema = z.enum(['published', 'measured', 'estimated', 'derived']);

export const ProvenanceSchema = z.strictObject({
  status: ProvenanceStatusSchema.describe(
    'published: reported by the cited source; measured: measured by `poq-sim calibrate`; estimated: a judgement, with its reason; derived: computed from other values',
  ),
  why: z.string().min(1).describe('The source, or the reasoning behind an estimate'),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** A scalar with its provenance, its value checked by `value` (any finite number by default). */
export function quantityOf(value: z.ZodNumber) {
  return z.strictObject({ value, status: ProvenanceStatusSchema, why: z.string().min(1) });
}

export const QuantitySchema = quantityOf(z.number());
export type Quantity = z.infer<typeof QuantitySchema>;

/** Provenance of each parameter of a distribution, keyed by parameter name. */
export const ParameterProvenanceSchema = z.record(z.string(), ProvenanceSchema);
