/**
 * Which models, on which hardware, a folder's scenario runs: read from the
 * resolved scenario its manifest records. A population names one model or
 * a mapping of models to weights, one tier or a mapping of tiers, and
 * `mix` entries may override either; every (model, tier) with a positive
 * weight is a part of the network, however few nodes it gets.
 */
import { weightedChoices } from '../../sim/scenario/populations.js';

export type NetworkSection = 'inference' | 'evaluators';

/** One model on one hardware tier; `hardware` is undefined for the profile's reference hardware (the default). */
export interface ModelOnHardware {
  readonly model: string;
  readonly hardware: string | undefined;
}

type Choice = string | Record<string, number> | undefined;

interface PopulationLike {
  readonly model?: Choice;
  readonly hardware?: Choice;
  readonly mix?: readonly { readonly model?: Choice; readonly hardware?: Choice }[];
}

const isChoice = (value: unknown): value is Choice =>
  value === undefined ||
  typeof value === 'string' ||
  (typeof value === 'object' && value !== null && Object.values(value).every((w) => typeof w === 'number'));

/** The section's populations, or none when the scenario is absent or not shaped as a resolved scenario. */
function populations(resolvedScenario: unknown, section: NetworkSection): PopulationLike[] {
  const network = (resolvedScenario as { network?: Record<string, unknown> } | undefined)?.network;
  const list = network?.[section];
  if (!Array.isArray(list)) return [];
  return list.filter((p): p is PopulationLike => typeof p === 'object' && p !== null && isChoice((p as PopulationLike).model));
}

/** Ids with a positive weight, in declaration order. */
const chosen = (choice: Choice): (string | undefined)[] => weightedChoices(choice).flatMap(({ id, weight }) => (weight > 0 ? [id] : []));

/** Every (model, tier) of the section, each once, in declaration order. */
export function modelsOnHardware(resolvedScenario: unknown, section: NetworkSection): ModelOnHardware[] {
  const seen = new Map<string, ModelOnHardware>();
  for (const population of populations(resolvedScenario, section)) {
    const variants = population.mix && population.mix.length > 0 ? population.mix : [{}];
    for (const variant of variants) {
      const hardwareChoice = isChoice(variant.hardware) && variant.hardware !== undefined ? variant.hardware : population.hardware;
      const modelChoice = isChoice(variant.model) && variant.model !== undefined ? variant.model : population.model;
      for (const model of chosen(modelChoice)) {
        for (const hardware of chosen(isChoice(hardwareChoice) ? hardwareChoice : undefined)) {
          if (model !== undefined && !seen.has(`${model}\u0000${hardware ?? ''}`))
            seen.set(`${model}\u0000${hardware ?? ''}`, { model, hardware });
        }
      }
    }
  }
  return [...seen.values()];
}

/** The section's models, each once, in declaration order. */
export function populationModels(resolvedScenario: unknown, section: NetworkSection): string[] {
  return [...new Set(modelsOnHardware(resolvedScenario, section).map((part) => part.model))];
}
