/**
 * Cross-checks a validated scenario against its calibration profile and
 * expands populations into nodes. Every problem names the scenario field it
 * comes from, with the file, line and column it was written at.
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import stableStringify from 'safe-stable-stringify';
import { type LoadedProfile, loadProfileFile, resolveProfilePath } from '../profile/load.js';
import type { Profile } from '../profile/schema.js';
import { formatPath, InputError, type InputProblem } from '../input/input-error.js';
import type { SourceDocument } from '../input/source-document.js';
import { didYouMean } from '../input/suggest.js';
import { checkController } from './controller-checks.js';
import { checkCostMeasure, energyFields } from './hardware-accounting-checks.js';
import { checkEntryExit } from './entry-exit-checks.js';
import { HardwareTiers } from './hardware-tiers.js';
import { checkQualityDimensions } from './quality-dimension-checks.js';
import { spotCheckVerifiers } from './spot-check-checks.js';
import { cascadeStages } from './cascade-checks.js';
import type { LoadedScenario } from './load.js';
import {
  estimateMemory,
  fits,
  machineMemory,
  type MemoryEstimate,
  memoryCheckEnabled,
  memoryRefusal,
  type TimeseriesLoad,
} from './size/memory-estimate.js';
import { networkLoad, type NetworkLoad } from './size/network-load.js';
import { largestRemainder, type Population, type PopulationPart, splitPopulation } from './populations.js';
import type { NodeRole, ResolvedNode, ResolvedScenario } from './resolved.js';
import type { Scenario } from './schema.js';

export interface ScenarioOverrides {
  readonly seed?: number | string;
}

type Section = 'inference' | 'evaluators';

class ProblemList {
  readonly problems: InputProblem[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly source: SourceDocument) {}
  add(path: readonly PropertyKey[], message: string): void {
    const key = `${formatPath(path)}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const at = this.source.where(path);
    this.problems.push({ file: at.file, line: at.line, column: at.column, path: formatPath(path), message });
  }
  throwIfAny(): void {
    if (this.problems.length > 0) throw new InputError(this.problems);
  }
}

export function resolveScenario(loaded: LoadedScenario, overrides: ScenarioOverrides = {}): ResolvedScenario {
  return resolveWithProfile(loaded.scenario, loaded.source, loadScenarioProfile(loaded.scenario, loaded.source), overrides);
}

/** Loads the scenario's calibration profile; a relative path is relative to the file that wrote `profile`. */
export function loadScenarioProfile(scenario: Scenario, source: SourceDocument): LoadedProfile {
  const profileFile = resolveProfilePath(scenario.profile, dirname(source.where(['profile']).file));
  if (!profileFile) {
    const problems = new ProblemList(source);
    problems.add(
      ['profile'],
      `no calibration profile "${scenario.profile}" (a file, a folder with profile.yaml, or a shipped profile name)`,
    );
    problems.throwIfAny();
  }
  return loadProfileFile(profileFile!);
}

/**
 * What decides a run's results: the scenario without its `report:` section,
 * which only says how to draw them. Hashing this, not the whole scenario,
 * keeps a run's scenarioHash and a sweep's experiment hash (and so its
 * resume) the same across an edit of the figures.
 */
export function simulatedPart(scenario: Scenario): Scenario {
  const { report: _report, ...simulated } = scenario;
  return simulated;
}

/** The fields a single run uses: the experiment fields (sweep, replications, stopping) and the studies are not part of a run. */
export function runPart(scenario: Scenario): Scenario {
  const { sweep: _s, replications: _r, stopping: _st, extends: _e, exploit: _x, sensitivity: _se, tune: _t, ...run } = scenario;
  return run;
}

export function resolveWithProfile(
  validated: Scenario,
  source: SourceDocument,
  profile: LoadedProfile,
  overrides: ScenarioOverrides = {},
): ResolvedScenario {
  const scenario = overrides.seed === undefined ? runPart(validated) : { ...runPart(validated), seed: overrides.seed };
  const problems = new ProblemList(source);
  const tasks = Object.keys(profile.profile.tasks);

  const taskWeights = tasks.map((task) => scenario.demand.taskMix?.[task] ?? (scenario.demand.taskMix ? 0 : 1));
  for (const task of Object.keys(scenario.demand.taskMix ?? {})) {
    if (!tasks.includes(task)) {
      problems.add(['demand', 'taskMix', task], `the profile has no task "${task}" (tasks: ${tasks.join(', ')})${didYouMean(task, tasks)}`);
    }
  }

  const tiers = new HardwareTiers(scenario, profile.profile, problems);
  // Every declared tier is checked, used or not: a mistake in one should not wait for the population that names it.
  for (const id of Object.keys(scenario.hardware ?? {})) tiers.lookup(id, ['hardware', id]);
  const inferenceParts = partsOf('inference', scenario, profile.profile, tiers, problems);
  const evaluatorParts = partsOf('evaluator', scenario, profile.profile, tiers, problems);
  // Before a node is built: a network this process cannot hold is refused here, in well under a second.
  const memory = checkMemory(scenario, profile.profile, tiers, tasks, taskWeights, [...inferenceParts, ...evaluatorParts], problems);
  const deviating = deviatingOperators([...inferenceParts, ...evaluatorParts]);
  const inferenceNodes = expand('inference', inferenceParts, profile.profile, tiers, deviating);
  const evaluatorNodes = expand('evaluator', evaluatorParts, profile.profile, tiers, deviating);
  checkCostMeasure(scenario, [...inferenceNodes, ...evaluatorNodes], problems);
  checkController(scenario, problems);
  checkUniqueNames(scenario, problems);
  checkBehaviours([...inferenceParts, ...evaluatorParts], profile.profile, problems);
  checkBatching([...inferenceParts, ...evaluatorParts], profile.profile, problems);
  checkEntryExit(scenario, [...inferenceParts, ...evaluatorParts], problems);
  checkQualityDimensions(scenario, evaluatorParts, profile.profile, problems);
  const verifiers = spotCheckVerifiers(scenario, inferenceNodes, profile.profile, tiers, problems);
  const stages = cascadeStages(scenario, evaluatorNodes, problems);
  if (inferenceNodes.length === 0 && problems.problems.length === 0)
    problems.add(['network', 'inference'], 'the network has no inference nodes');
  if (evaluatorNodes.length === 0 && problems.problems.length === 0)
    problems.add(['network', 'evaluators'], 'the network has no evaluator nodes');

  const k = scenario.mechanism.evaluatorsPerRound;
  if (k > evaluatorNodes.length && evaluatorNodes.length > 0) {
    problems.add(['mechanism', 'evaluatorsPerRound'], `K = ${k} is larger than the evaluator pool (${evaluatorNodes.length} nodes)`);
  }
  if (!scenario.mechanism.rewards.agreement.includeOwnScore && k < 2) {
    problems.add(['mechanism', 'rewards', 'agreement', 'includeOwnScore'], 'leave-one-out agreement needs K ≥ 2 evaluators per round');
  }
  problems.throwIfAny();

  const hash = createHash('sha256')
    .update(stableStringify({ scenario: simulatedPart(scenario), profile: profile.hash }) ?? '')
    .digest('hex');
  return {
    scenario,
    file: source.file,
    profile,
    tasks,
    taskWeights,
    inferenceNodes,
    evaluatorNodes,
    hash,
    memory,
    ...verifiers,
    ...stages,
  };
}

/** The run's memory estimate; refuses (with the problems found so far) a run that does not fit, naming the field that makes it big. */
function checkMemory(
  scenario: Scenario,
  profile: Profile,
  tiers: HardwareTiers,
  tasks: readonly string[],
  taskWeights: readonly number[],
  parts: readonly DeclaredPart[],
  problems: ProblemList,
): MemoryEstimate {
  const load = networkLoad(scenario, profile, tasks, taskWeights, parts, (role, hardware, model) =>
    tiers.lookup(hardware, [])?.speedFactor(role, model),
  );
  const twin =
    scenario.analysis.honestTwin === 'always' ||
    (scenario.analysis.honestTwin === 'auto' && parts.some(({ part }) => (part.behaviour?.length ?? 0) > 0));
  const estimate = estimateMemory(load, scenario.mechanism.evaluatorsPerRound, twin, timeseriesLoad(scenario, parts));
  const machine = machineMemory();
  if (memoryCheckEnabled() && !fits(estimate, machine)) {
    problems.add(culprit(estimate, load, parts), memoryRefusal(estimate, machine));
    problems.throwIfAny();
  }
  return estimate;
}

/**
 * The rows of output.timeseries per sample: its metrics for every group it
 * records (each (role, model), population and declared operator, and the
 * run). An upper bound: a metric of one role is not recorded for groups
 * without nodes of that role.
 */
function timeseriesLoad(scenario: Scenario, parts: readonly DeclaredPart[]): TimeseriesLoad | null {
  const timeseries = scenario.output.timeseries;
  if (!timeseries) return null;
  const roleModels = new Set(parts.map(({ role, part }) => `${role}\u0000${part.model}`));
  const populations = new Set(parts.map(({ role, population }) => `${role}\u0000${population}`));
  const operators = new Set(parts.flatMap(({ part }) => (part.operator === undefined ? [] : [part.operator])));
  const groups = roleModels.size + populations.size + operators.size + 1;
  return { intervalMs: timeseries.intervalSeconds * 1000, seriesPerSample: groups * new Set(timeseries.metrics).size };
}

/** The field to point at: the one setting the most nodes, the demand, the sampling interval, or the widest server's concurrency. */
function culprit(estimate: MemoryEstimate, load: NetworkLoad, parts: readonly DeclaredPart[]): readonly PropertyKey[] {
  switch (estimate.driver) {
    case 'pending':
      return ['demand', 'ratePerSecond'];
    case 'timeseries':
      return ['output', 'timeseries', 'intervalSeconds'];
    case 'slots':
      return load.widestServer.path;
    case 'cells':
      return ['network'];
    case 'nodes': {
      const bySize = new Map<string, { path: readonly PropertyKey[]; nodes: number }>();
      for (const { sizePath, part } of parts) {
        const key = formatPath(sizePath);
        bySize.set(key, { path: sizePath, nodes: (bySize.get(key)?.nodes ?? 0) + part.count });
      }
      return [...bySize.values()].reduce((a, b) => (b.nodes > a.nodes ? b : a), { path: ['network'], nodes: -1 }).path;
    }
  }
}

/** The population's name: its `name`, else its model id, else its place in the section. */
export function populationName(population: Population, section: Section, index: number): string {
  if (population.name !== undefined) return population.name;
  return typeof population.model === 'string' ? population.model : `${section}-${index}`;
}

/** Node counts of a section's populations: counts as given, or the section's total divided by fractions. */
function populationSizes(section: Section, scenario: Scenario, problems: ProblemList): number[] {
  const populations = scenario.network[section];
  const totalField = section === 'inference' ? 'inferenceNodes' : 'evaluatorNodes';
  const total = scenario.network[totalField];
  const byFraction = populations.map((p, i) => ({ p, i })).filter(({ p }) => p.fraction !== undefined);
  const byCount = populations.map((p, i) => ({ p, i })).filter(({ p }) => p.count !== undefined);
  if (byFraction.length === 0) {
    const sum = byCount.reduce((a, { p }) => a + p.count!, 0);
    if (total !== undefined && sum !== total) {
      problems.add(['network', totalField], `the ${section} populations’ counts add up to ${sum}, not ${total}`);
    }
    return populations.map((p) => p.count ?? 0);
  }
  if (byCount.length > 0) {
    problems.add(
      ['network', section, byCount[0]!.i, 'count'],
      `network.${section} mixes count and fraction; give every population of a section a count, or every one a fraction`,
    );
    return populations.map(() => 0);
  }
  if (total === undefined) {
    problems.add(['network', section, byFraction[0]!.i, 'fraction'], `fractions divide network.${totalField}, which is not given`);
    return populations.map(() => 0);
  }
  const sum = byFraction.reduce((a, { p }) => a + p.fraction!, 0);
  if (Math.abs(sum - 1) > 1e-9) {
    problems.add(['network', section], `the fractions of network.${section} sum to ${Number(sum.toFixed(12))}; they must sum to 1`);
    return populations.map(() => 0);
  }
  return largestRemainder(
    total,
    populations.map((p) => p.fraction!),
  );
}

/** Every model and hardware id a population names, with the path it is written at. */
function references(
  population: Population,
  field: 'model' | 'hardware' | 'region',
  base: readonly PropertyKey[],
): Array<{ id: string; path: PropertyKey[] }> {
  const refs: Array<{ id: string; path: PropertyKey[] }> = [];
  const collect = (value: string | Record<string, number> | undefined, path: PropertyKey[]) => {
    if (value === undefined) return;
    if (typeof value === 'string') refs.push({ id: value, path });
    else for (const id of Object.keys(value)) refs.push({ id, path: [...path, id] });
  };
  collect(population[field], [...base, field]);
  population.mix?.forEach((entry, j) => collect(entry[field], [...base, 'mix', j, field]));
  return refs;
}

/** A homogeneous part of a population, with where it was declared. */
interface DeclaredPart {
  readonly role: NodeRole;
  readonly population: string;
  /** Path of the population, and of the mix entry the part comes from, for error messages. */
  readonly path: readonly PropertyKey[];
  /** The field that sets how many nodes the part has: the population's count, or the section's total. */
  readonly sizePath: readonly PropertyKey[];
  readonly part: PopulationPart;
}

/** Every population of a section split into homogeneous parts; populations naming unknown ids are reported and skipped. */
function partsOf(role: NodeRole, scenario: Scenario, profile: Profile, tiers: HardwareTiers, problems: ProblemList): DeclaredPart[] {
  const section: Section = role === 'inference' ? 'inference' : 'evaluators';
  const populations = scenario.network[section];
  const models = role === 'inference' ? profile.inferenceModels : profile.evaluatorModels;
  const modelIds = Object.keys(models);
  const sizes = populationSizes(section, scenario, problems);
  const parts: DeclaredPart[] = [];
  populations.forEach((population, index) => {
    const base = ['network', section, index];
    let valid = true;
    for (const { id, path } of references(population, 'model', base)) {
      if (!(id in models)) {
        problems.add(path, `the profile has no ${role} model "${id}" (models: ${modelIds.join(', ')})${didYouMean(id, modelIds)}`);
        valid = false;
      }
    }
    for (const { id, path } of references(population, 'hardware', base)) {
      if (!tiers.lookup(id, path)) valid = false;
    }
    for (const { id, path } of references(population, 'region', base)) {
      if (!(id in (scenario.regions ?? {}))) {
        const regions = Object.keys(scenario.regions ?? {});
        problems.add(path, `no region "${id}" in regions: (${regions.join(', ') || 'none declared'})${didYouMean(id, regions)}`);
        valid = false;
      }
    }
    if (!valid) return;
    const population_ = populationName(population, section, index);
    const sizePath =
      population.count !== undefined ? [...base, 'count'] : ['network', role === 'inference' ? 'inferenceNodes' : 'evaluatorNodes'];
    for (const part of splitPopulation(population, sizes[index]!)) {
      parts.push({
        role,
        population: population_,
        path: part.mixIndex === undefined ? base : [...base, 'mix', part.mixIndex],
        sizePath,
        part,
      });
    }
  });
  return parts;
}

/** Operators running at least one part with a behaviour: all their nodes count as adversaries. */
function deviatingOperators(parts: readonly DeclaredPart[]): Set<string> {
  const operators = new Set<string>();
  for (const { part } of parts) {
    if (part.operator !== undefined && (part.behaviour?.length ?? 0) > 0) operators.add(part.operator);
  }
  return operators;
}

function expand(
  role: NodeRole,
  parts: readonly DeclaredPart[],
  profile: Profile,
  tiers: HardwareTiers,
  deviating: ReadonlySet<string>,
): ResolvedNode[] {
  const nodes: ResolvedNode[] = [];
  const serials = new Map<string, number>();
  for (const { population, part, path } of parts) {
    const hardware = part.hardware ?? profile.referenceHardware;
    const tier = tiers.lookup(hardware, [...path, 'hardware']);
    if (!tier) continue;
    const behaviours = part.behaviour ?? [];
    const substitute = behaviours.find((b) => b.kind === 'substitute-model');
    const adversarial = behaviours.length > 0 || (part.operator !== undefined && deviating.has(part.operator));
    // Sybil identities of one part share the physical node of the part's first identity.
    const firstIndex = nodes.length;
    const servedModel = substitute && substitute.kind === 'substitute-model' ? substitute.serve : part.model;
    // Speed is the served model's: the hardware runs what the node actually serves.
    const speedFactor = tier.speedFactor(role, servedModel);
    // A substitute's tier may run the claimed model at another speed (by model size): the mechanism and the honest twin use that one.
    const claimedSpeedFactor = tier.speedFactor(role, part.model);
    const claimed = claimedSpeedFactor !== speedFactor ? { claimedSpeedFactor } : {};
    const energy = energyFields(tier, part.region);
    for (let i = 0; i < part.count; i++) {
      const serial = serials.get(population) ?? 0;
      serials.set(population, serial + 1);
      const id = `${population}-${serial}`;
      nodes.push({
        id,
        role,
        population,
        model: part.model,
        servedModel,
        operator: part.operator ?? id,
        server: part.sybil ? firstIndex : nodes.length,
        behaviours,
        adversarial,
        hardware,
        concurrency: part.concurrency,
        batching: part.batching ?? null,
        ...(part.candidate === true ? { candidate: true as const } : {}),
        speedFactor,
        ...claimed,
        costUsdPerMs: tier.costUsdPerHour / 3_600_000,
        ...energy,
      });
    }
  }
  return nodes;
}

/** A part that batches needs its served model's latency-against-batch-size curve. */
function checkBatching(parts: readonly DeclaredPart[], profile: Profile, problems: ProblemList): void {
  for (const { role, path, part } of parts) {
    if (part.batching === undefined) continue;
    const substitute = part.behaviour?.find((b) => b.kind === 'substitute-model');
    const served = substitute?.kind === 'substitute-model' ? substitute.serve : part.model;
    const model = role === 'inference' ? profile.inferenceModels[served] : profile.evaluatorModels[served];
    if (model !== undefined && model.batchLatency === undefined) {
      problems.add(
        [...path, 'batching'],
        `the profile gives no batchLatency curve for ${role} model "${served}": batching needs its latency against batch size`,
      );
    }
  }
}

function checkBehaviours(parts: readonly DeclaredPart[], profile: Profile, problems: ProblemList): void {
  const inferenceModels = Object.keys(profile.inferenceModels);
  for (const { role, path, part } of parts) {
    const behaviours = part.behaviour ?? [];
    behaviours.forEach((behaviour, b) => {
      if (behaviour.kind === 'substitute-model' && !(behaviour.serve in profile.inferenceModels)) {
        problems.add(
          [...path, 'behaviour', b, 'serve'],
          `the profile has no inference model "${behaviour.serve}"${didYouMean(behaviour.serve, inferenceModels)}`,
        );
      }
    });
    if (behaviours.filter((b) => b.kind === 'substitute-model').length > 1) {
      problems.add([...path, 'behaviour'], 'a node can substitute only one model');
    }
    if (role === 'evaluator' && behaviours.some((b) => b.kind === 'collude') && part.operator === undefined) {
      problems.add([...path, 'behaviour'], 'a colluding evaluator needs an `operator` naming its ring');
    }
  }
}

function checkUniqueNames(scenario: Scenario, problems: ProblemList): void {
  const seen = new Map<string, string>();
  for (const section of ['inference', 'evaluators'] as const) {
    scenario.network[section].forEach((population, index) => {
      const name = populationName(population, section, index);
      const previous = seen.get(name);
      if (previous !== undefined) {
        problems.add(
          ['network', section, index, population.name === undefined ? 'model' : 'name'],
          `population name "${name}" is already used by ${previous}; give this population a distinct "name"`,
        );
      } else {
        seen.set(name, `network.${section}[${index}]`);
      }
    });
  }
}
