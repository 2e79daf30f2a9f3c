/**
 * Finds the hardware tier a population names, in the scenario's
 * `hardware:`, then the profile's tiers, then the shipped catalogue, and
 * turns it into the numbers a node needs: its latency multiplier for its
 * model, its hourly price (rental or amortized purchase) and its power.
 * Problems are reported at the field that causes them.
 */
import { type CatalogueTier, hardwareCatalogue, type HardwareCatalogue } from '../profile/hardware-catalogue.js';
import { latencyMultiplier } from '../profile/hardware-speed.js';
import type { HardwareTier, Profile } from '../profile/schema.js';
import { didYouMean } from '../input/suggest.js';
import type { HardwareTierSpec, RelativeSpeedSpec } from './hardware-schema.js';
import type { NodeRole } from './resolved.js';
import type { Scenario } from './schema.js';

/** Where problems go: the resolver's list, which locates each path in the scenario's source. */
export interface ProblemSink {
  add(path: readonly PropertyKey[], message: string): void;
}

export type TierOrigin = 'scenario' | 'profile' | 'catalogue';

export interface PowerWatts {
  readonly idle: number;
  readonly busy: number;
}

/** A tier as the nodes that run on it see it. */
export interface ResolvedTier {
  readonly id: string;
  readonly origin: TierOrigin;
  /** What a model's reference service time is multiplied by on this tier: 1 / its relative speed. */
  readonly speedFactor: (role: NodeRole, model: string) => number;
  readonly costUsdPerHour: number;
  /** rental: costUsdPerHour as given; purchase: price / lifetime hours. */
  readonly costKind: 'rental' | 'purchase';
  readonly powerWatts: PowerWatts | null;
}

const HOURS_PER_YEAR = 365.25 * 24;

/** The tiers a scenario may name, each resolved once, on first use. */
export class HardwareTiers {
  private readonly resolved = new Map<string, ResolvedTier | null>();

  constructor(
    private readonly scenario: Scenario,
    private readonly profile: Profile,
    private readonly problems: ProblemSink,
  ) {}

  /** Read only when a scenario reaches past its own and the profile's tiers. */
  private get catalogue(): HardwareCatalogue {
    return hardwareCatalogue();
  }

  /** Every id a population may name, in lookup order. */
  ids(): string[] {
    return [
      ...new Set([
        ...Object.keys(this.scenario.hardware ?? {}),
        ...Object.keys(this.profile.hardware),
        ...Object.keys(this.catalogue.tiers),
      ]),
    ];
  }

  /** The tier `id` names, or undefined (reported at `path`) when none or when it cannot be used with this profile. */
  lookup(id: string, path: readonly PropertyKey[]): ResolvedTier | undefined {
    if (!this.resolved.has(id)) this.resolved.set(id, this.resolve(id, path));
    return this.resolved.get(id) ?? undefined;
  }

  private resolve(id: string, path: readonly PropertyKey[]): ResolvedTier | null {
    const spec = this.scenario.hardware?.[id];
    if (spec) return this.fromSpec(id, spec);
    const tier = this.profile.hardware[id];
    if (tier) return fromProfile(id, tier);
    const entry = this.catalogue.tiers[id];
    if (entry) {
      if (!this.speedsApply(path, id)) return null;
      return this.fromSpec(id, {}, entry, 'catalogue');
    }
    const sources = [
      `scenario: ${Object.keys(this.scenario.hardware ?? {}).join(', ') || 'none'}`,
      `profile: ${Object.keys(this.profile.hardware).join(', ')}`,
      `catalogue: ${Object.keys(this.catalogue.tiers).join(', ')}`,
    ];
    this.problems.add(
      path,
      `no hardware tier "${id}" in the scenario, the profile or the catalogue (${sources.join('; ')})${didYouMean(id, this.ids())}`,
    );
    return null;
  }

  /** Catalogue speeds are relative to the catalogue's reference: they apply only to a profile measured on it. `declared`: the scenario tier using it. */
  private speedsApply(path: readonly PropertyKey[], id: string, declared?: string): boolean {
    if (this.profile.referenceHardware === this.catalogue.reference) return true;
    const remedy = declared
      ? `give hardware.${declared} a relativeSpeed of its own`
      : `declare hardware.${id} with catalogue: ${id} and a relativeSpeed of your own`;
    this.problems.add(
      path,
      `catalogue tier "${id}" has speeds relative to ${this.catalogue.reference}, but the profile's reference hardware is ${this.profile.referenceHardware}: ${remedy}`,
    );
    return false;
  }

  private fromSpec(id: string, spec: HardwareTierSpec, base?: CatalogueTier, origin: TierOrigin = 'scenario'): ResolvedTier | null {
    const at = ['hardware', id];
    let entry = base;
    if (spec.catalogue !== undefined) {
      entry = this.catalogue.tiers[spec.catalogue];
      if (!entry) {
        const names = Object.keys(this.catalogue.tiers);
        this.problems.add(
          [...at, 'catalogue'],
          `no catalogue tier "${spec.catalogue}" (catalogue: ${names.join(', ')})${didYouMean(spec.catalogue, names)}`,
        );
        return null;
      }
      if (spec.relativeSpeed === undefined && !this.speedsApply([...at, 'catalogue'], spec.catalogue, id)) return null;
    }
    const speed = spec.relativeSpeed ?? (entry ? catalogueSpeed(entry) : undefined);
    const price = this.price(at, spec, entry);
    if (speed === undefined) this.problems.add(at, 'a tier needs relativeSpeed (or catalogue: <id> to take it from)');
    if (speed === undefined || price === undefined) return null;
    const power = spec.powerWatts ?? (entry ? { idle: entry.powerWatts.idle.value, busy: entry.powerWatts.busy.value } : null);
    if (power && power.idle > power.busy)
      this.problems.add([...at, 'powerWatts', 'idle'], `idle power ${power.idle} W exceeds busy power ${power.busy} W`);
    return {
      id,
      origin,
      speedFactor: (role, model) => 1 / speedFor(speed, this.modelSize(role, model), model),
      ...price,
      powerWatts: power,
    };
  }

  /** The tier's hourly price: rental as given, or a purchase amortized over its lifetime; a catalogue entry's rental by default. */
  private price(
    at: readonly PropertyKey[],
    spec: HardwareTierSpec,
    entry: CatalogueTier | undefined,
  ): Pick<ResolvedTier, 'costUsdPerHour' | 'costKind'> | undefined {
    if (spec.costUsdPerHour !== undefined) return { costUsdPerHour: spec.costUsdPerHour, costKind: 'rental' };
    if (spec.purchase !== undefined) {
      const priceUsd = spec.purchase.priceUsd ?? entry?.purchase.priceUsd.value;
      const lifetimeYears = spec.purchase.lifetimeYears ?? entry?.purchase.lifetimeYears.value;
      if (priceUsd === undefined || lifetimeYears === undefined) {
        this.problems.add(
          [...at, 'purchase'],
          `needs ${priceUsd === undefined ? 'priceUsd' : 'lifetimeYears'} (or catalogue: <id> to take it from)`,
        );
        return undefined;
      }
      return { costUsdPerHour: priceUsd / (lifetimeYears * HOURS_PER_YEAR), costKind: 'purchase' };
    }
    if (entry) return { costUsdPerHour: entry.costUsdPerHour.value, costKind: 'rental' };
    this.problems.add(at, 'a tier needs costUsdPerHour (rental) or purchase: { priceUsd, lifetimeYears } (or catalogue: <id>)');
    return undefined;
  }

  /** A model's size in millions of parameters, as the profile gives it (evaluators in millions, inference models in billions). */
  private modelSize(role: NodeRole, model: string): number | undefined {
    if (role === 'evaluator') return this.profile.evaluatorModels[model]?.parametersMillions?.value;
    const billions = this.profile.inferenceModels[model]?.parametersBillions?.value;
    return billions === undefined ? undefined : billions * 1000;
  }
}

/** A profile's tier, exactly as nodes used it before scenario tiers existed. */
function fromProfile(id: string, tier: HardwareTier): ResolvedTier {
  const factor = latencyMultiplier(tier);
  return {
    id,
    origin: 'profile',
    speedFactor: () => factor,
    costUsdPerHour: tier.costUsdPerHour.value,
    costKind: 'rental',
    powerWatts: null,
  };
}

function catalogueSpeed(entry: CatalogueTier): RelativeSpeedSpec {
  return {
    default: entry.relativeSpeed.default.value,
    bySize: entry.relativeSpeed.bySize.map((s) => ({ maxParametersMillions: s.maxParametersMillions, value: s.value.value })),
  };
}

/** byModel first, then the smallest bySize bound at least the model's size, then default. */
export function speedFor(spec: RelativeSpeedSpec, sizeMillions: number | undefined, model: string): number {
  if (typeof spec === 'number') return spec;
  const byModel = spec.byModel?.[model];
  if (byModel !== undefined) return byModel;
  if (sizeMillions !== undefined && spec.bySize) {
    const fits = spec.bySize
      .filter((s) => sizeMillions <= s.maxParametersMillions)
      .sort((a, b) => a.maxParametersMillions - b.maxParametersMillions);
    if (fits.length > 0) return fits[0]!.value;
  }
  return spec.default;
}
