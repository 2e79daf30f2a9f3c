/**
 * Turns population declarations into exact node counts: a section's total
 * divided by fractions, and a population split over weighted models,
 * hardware tiers, regions and `mix` variants. Splits use the largest-remainder
 * method, so the parts always add up to the whole and the same declaration
 * always gives the same nodes (ties go to the part declared first).
 */
import type { Scenario } from './schema.js';

/** An inference or evaluator population: they differ only in the behaviours they accept. */
export type Population = Scenario['network']['inference'][number] | Scenario['network']['evaluators'][number];
type MixEntry = NonNullable<Population['mix']>[number];

/** One homogeneous part of a population: a concrete model and hardware tier, and how many nodes. */
export type PopulationPart = Omit<Population, 'model' | 'hardware' | 'region' | 'mix' | 'count' | 'fraction'> & {
  readonly model: string;
  readonly hardware: string | undefined;
  readonly region: string | undefined;
  readonly count: number;
  /** Index of the `mix` entry this part comes from, if any. */
  readonly mixIndex: number | undefined;
};

/** Splits `total` into integer parts proportional to `weights` (largest remainder, ties to the earlier part). */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  if (!(sum > 0)) return weights.map(() => 0);
  const quotas = weights.map((w) => (total * w) / sum);
  const counts = quotas.map(Math.floor);
  let left = total - counts.reduce((a, c) => a + c, 0);
  const order = quotas.map((q, i) => ({ i, remainder: q - Math.floor(q) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  return counts;
}

/** The weighted choices of a field that takes an id or a mapping from ids to weights. */
export function weightedChoices(value: string | Record<string, number> | undefined): Array<{ id: string | undefined; weight: number }> {
  if (value === undefined || typeof value === 'string') return [{ id: value, weight: 1 }];
  return Object.entries(value).map(([id, weight]) => ({ id, weight }));
}

/** The population's nodes as homogeneous parts, in declaration order (mix entry, then model, then hardware). */
export function splitPopulation(population: Population, size: number): PopulationPart[] {
  const { mix, model, hardware, region, count: _count, fraction: _fraction, ...shared } = population;
  const variants: Array<{ entry: Partial<MixEntry>; weight: number; index: number | undefined }> = mix
    ? mix.map((entry, index) => ({ entry, weight: entry.weight, index }))
    : [{ entry: {}, weight: 1, index: undefined }];
  const variantTotal = variants.reduce((a, v) => a + v.weight, 0);

  const cells: Array<{ part: Omit<PopulationPart, 'count'>; weight: number }> = [];
  for (const variant of variants) {
    const { weight: _weight, model: entryModel, hardware: entryHardware, region: entryRegion, ...overrides } = variant.entry as MixEntry;
    const models = weightedChoices(entryModel ?? model);
    const tiers = weightedChoices(entryHardware ?? hardware);
    const regions = weightedChoices(entryRegion ?? region);
    const modelTotal = models.reduce((a, m) => a + m.weight, 0);
    const tierTotal = tiers.reduce((a, t) => a + t.weight, 0);
    const regionTotal = regions.reduce((a, r) => a + r.weight, 0);
    for (const m of models) {
      for (const t of tiers) {
        for (const r of regions) {
          // Without regions the last factor is exactly 1, so counts are those of before regions existed.
          const weight = (variant.weight / variantTotal) * (m.weight / modelTotal) * (t.weight / tierTotal) * (r.weight / regionTotal);
          cells.push({
            part: { ...shared, ...definedOnly(overrides), model: m.id!, hardware: t.id, region: r.id, mixIndex: variant.index },
            weight,
          });
        }
      }
    }
  }
  const counts = largestRemainder(
    size,
    cells.map((c) => c.weight),
  );
  return cells.map((cell, i) => ({ ...cell.part, count: counts[i]! })).filter((part) => part.count > 0);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
