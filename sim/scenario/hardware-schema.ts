/**
 * The scenario's own hardware tiers and electricity regions (issue 17):
 * `hardware:` tiers beside the profile's, each possibly starting from a
 * catalogue entry, and `regions:` that price the energy nodes draw. Every
 * field is optional here, because a tier that names `catalogue:` inherits
 * what it does not override; sim/scenario/hardware-tiers.ts checks that a
 * tier ends up complete and reports at the field's position.
 */
import * as z from 'zod';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');
const Speed = z
  .number()
  .min(1e-3, { error: 'must lie in [0.001, 1000] (relative to the profile’s reference hardware)' })
  .max(1e3, { error: 'must lie in [0.001, 1000] (relative to the profile’s reference hardware)' });
const Watts = z.number().min(0).max(1e5);

export const RelativeSpeedSpecSchema = z.union(
  [
    Speed,
    z.strictObject({
      default: Speed.describe('Speed of any model no byModel or bySize entry covers'),
      byModel: z.record(Identifier, Speed).optional().describe('Speed by model id of the profile, before bySize'),
      bySize: z
        .array(
          z.strictObject({
            maxParametersMillions: z.number().positive(),
            value: Speed,
          }),
        )
        .optional()
        .describe(
          'Speed by model size: the first entry, in ascending maxParametersMillions, at least the model’s size (evaluators’ parametersMillions, inference models’ parametersBillions × 1000)',
        ),
    }),
  ],
  { error: 'a number, or a mapping with default and optionally byModel and bySize' },
);

export const HardwareTierSpecSchema = z
  .strictObject({
    catalogue: Identifier.optional().describe('A tier of the shipped catalogue (calibration/hardware/catalogue.yaml) to start from'),
    description: z.string().optional(),
    device: z.enum(['gpu', 'cpu']).optional(),
    model: z.string().min(1).optional().describe('The device’s model name, as text'),
    relativeSpeed: RelativeSpeedSpecSchema.optional().describe(
      'Speed relative to the profile’s reference hardware, higher is faster: a number, or by model and by model size',
    ),
    powerWatts: z
      .strictObject({
        idle: Watts.describe('Power drawn while idle, W'),
        busy: Watts.describe('Power drawn while serving, W'),
      })
      .optional()
      .describe('Power draw; without it the tier draws no energy'),
    costUsdPerHour: z.number().min(1e-6).max(1e6).optional().describe('Rental price, USD per hour (busy or idle)'),
    purchase: z
      .strictObject({
        priceUsd: z.number().positive().max(1e8).optional(),
        lifetimeYears: z.number().min(0.1).max(50).optional(),
      })
      .optional()
      .describe('Bought hardware, amortized: price / lifetime hours, busy or idle (fields not given come from the catalogue entry)'),
  })
  .superRefine((tier, ctx) => {
    if (tier.costUsdPerHour !== undefined && tier.purchase !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['purchase'], message: 'give costUsdPerHour (rental) or purchase (amortized), not both' });
    }
  });

export const ElectricityPriceSchema = z.union(
  [
    z.number().min(0).max(100),
    z.strictObject({
      hourly: z
        .array(z.number().min(0).max(100))
        .length(24, { error: 'give 24 prices, one per local hour from 00:00' })
        .describe('USD per kWh for each local hour of the day, from 00:00 to 23:00'),
      utcOffsetHours: z.number().min(-12).max(14).default(0).describe('Local time minus UTC; virtual time 0 is 00:00 UTC'),
    }),
  ],
  { error: 'USD per kWh, or { hourly: [24 prices], utcOffsetHours }' },
);

export const RegionSchema = z.strictObject({
  electricityUsdPerKwh: ElectricityPriceSchema.describe('Electricity price: constant, or by local hour of day'),
});

export const HardwareSectionSchema = z
  .record(Identifier, HardwareTierSpecSchema)
  .describe('Hardware tiers of this scenario, looked up before the profile’s and the catalogue’s');
export const RegionsSectionSchema = z.record(Identifier, RegionSchema).describe('Electricity regions populations may run in');

export type HardwareTierSpec = z.output<typeof HardwareTierSpecSchema>;
export type RelativeSpeedSpec = z.output<typeof RelativeSpeedSpecSchema>;
export type RegionSpec = z.output<typeof RegionSchema>;
