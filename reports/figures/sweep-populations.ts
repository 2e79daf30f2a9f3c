/**
 * The populations of a sweep's base scenario (manifest.json
 * `resolvedScenario.network`), named as the results tables name them, and
 * which are adversarial: those with a behaviour (in the base scenario or
 * set by a swept parameter), and every population of an operator that runs
 * one, as the resolver counts them (sim/scenario/resolve.ts). The figures
 * need both: a fraction's axis says whose share it is, and a twin's gain is
 * drawn for the populations that deviate.
 */
import type { ExperimentFolder } from '../folder/results-folder.js';

export type NetworkSection = 'inference' | 'evaluators';

export interface SweepPopulation {
  readonly section: NetworkSection;
  readonly index: number;
  /** The population column of the results tables. */
  readonly name: string;
  readonly adversarial: boolean;
}

interface DeclaredPopulation {
  readonly name?: unknown;
  readonly model?: unknown;
  readonly operator?: unknown;
  readonly behaviour?: unknown;
}

const SECTIONS: readonly NetworkSection[] = ['inference', 'evaluators'];

function declaredPopulations(folder: ExperimentFolder, section: NetworkSection): DeclaredPopulation[] {
  const scenario = folder.manifest?.resolvedScenario;
  if (scenario === null || typeof scenario !== 'object') return [];
  const network = (scenario as { network?: unknown }).network;
  if (network === null || typeof network !== 'object') return [];
  const list = (network as Record<string, unknown>)[section];
  return Array.isArray(list) ? list.filter((p): p is DeclaredPopulation => p !== null && typeof p === 'object') : [];
}

/** As sim/scenario/resolve.ts names a population: its name, else its single model, else its place. */
function nameOf(population: DeclaredPopulation, section: NetworkSection, index: number): string {
  if (typeof population.name === 'string') return population.name;
  return typeof population.model === 'string' ? population.model : `${section}-${index}`;
}

const hasBehaviour = (population: DeclaredPopulation) =>
  Array.isArray(population.behaviour)
    ? population.behaviour.length > 0
    : population.behaviour !== undefined && population.behaviour !== null;

export function sweepPopulations(folder: ExperimentFolder): SweepPopulation[] {
  const sweptBehaviour = (section: NetworkSection, index: number) =>
    folder.parameters.some(
      (p) => p.path === `network.${section}.${index}.behaviour` || p.path.startsWith(`network.${section}.${index}.behaviour.`),
    );
  const declared = SECTIONS.flatMap((section) =>
    declaredPopulations(folder, section).map((population, index) => ({
      section,
      index,
      population,
      deviates: hasBehaviour(population) || sweptBehaviour(section, index),
    })),
  );
  const deviatingOperators = new Set(
    declared.filter((d) => d.deviates && typeof d.population.operator === 'string').map((d) => d.population.operator),
  );
  return declared.map((d) => ({
    section: d.section,
    index: d.index,
    name: nameOf(d.population, d.section, d.index),
    adversarial: d.deviates || (typeof d.population.operator === 'string' && deviatingOperators.has(d.population.operator)),
  }));
}

export function sweepPopulationAt(folder: ExperimentFolder, section: NetworkSection, index: number): SweepPopulation | undefined {
  return sweepPopulations(folder).find((p) => p.section === section && p.index === index);
}
