/**
 * The shipped hardware catalogue (calibration/hardware/catalogue.yaml):
 * GPU and CPU tiers with speed, power and prices, every value with its
 * provenance, that a scenario may name or start a tier from. Speeds are
 * relative to the catalogue's reference (the RTX 4090), so they apply as
 * they are only to a profile measured on that reference.
 */
import { join } from 'node:path';
import * as z from 'zod';
import { packageRoot } from '../package-info.js';
import { validateSource } from '../input/validate.js';
import { YamlSource } from '../input/yaml-source.js';
import { inRange } from '../random/distribution-bounds.js';
import { PriceQuantity, quantityOf, RelativeSpeedQuantity } from './quantities.js';

const Identifier = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, ".", "_" and "-"');

export const WattsQuantity = quantityOf(inRange(0, 1e5, 'watts: 100 kW is a rack of servers, not one device'));

export const CatalogueTierSchema = z.strictObject({
  description: z.string(),
  device: z.enum(['gpu', 'cpu']),
  model: z.string().min(1),
  relativeSpeed: z.strictObject({
    default: RelativeSpeedQuantity.describe('Speed for models larger than every bySize bound (bandwidth-bound LLM decoding)'),
    bySize: z
      .array(z.strictObject({ maxParametersMillions: z.number().positive(), value: RelativeSpeedQuantity }))
      .describe('Speed for models up to maxParametersMillions (compute- or launch-bound small models), the smallest bound that fits first'),
  }),
  powerWatts: z.strictObject({ idle: WattsQuantity, busy: WattsQuantity }),
  costUsdPerHour: PriceQuantity.describe('Typical on-demand rental price'),
  purchase: z.strictObject({
    priceUsd: quantityOf(inRange(1, 1e8, 'USD')),
    lifetimeYears: quantityOf(inRange(0.1, 50, 'years')),
  }),
});

export const HardwareCatalogueSchema = z.strictObject({
  catalogueVersion: z.literal(1),
  reference: Identifier.describe('The tier every relativeSpeed is relative to'),
  tiers: z.record(Identifier, CatalogueTierSchema),
});

export type CatalogueTier = z.infer<typeof CatalogueTierSchema>;
export type HardwareCatalogue = z.infer<typeof HardwareCatalogueSchema>;

/** The shipped catalogue file. */
export function catalogueFile(): string {
  return join(packageRoot(), 'calibration', 'hardware', 'catalogue.yaml');
}

let shipped: HardwareCatalogue | undefined;

/** The shipped catalogue, read and validated once per process. */
export function hardwareCatalogue(): HardwareCatalogue {
  shipped ??= loadHardwareCatalogue(catalogueFile());
  return shipped;
}

export function loadHardwareCatalogue(file: string): HardwareCatalogue {
  const source = YamlSource.fromFile(file, file, { expected: 'a hardware catalogue' });
  return validateSource(HardwareCatalogueSchema, source, 'a hardware catalogue');
}
