/**
 * Cross-checks a validated scenario against its calibration profile and
 * expands populations into nodes. Every problem names the scenario field it
 * comes from, with its line and column.
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import stableStringify from 'safe-stable-stringify';
import { loadProfileFile, resolveProfilePath } from '../../calibration/profile/load.js';
import type { Profile } from '../../calibration/profile/schema.js';
import { formatPath, InputError, type InputProblem } from '../input/input-error.js';
import { didYouMean } from '../input/suggest.js';
import type { LoadedScenario } from './load.js';
import type { NodeRole, ResolvedNode, ResolvedScenario } from './resolved.js';
import type { Scenario } from './schema.js';

export interface ScenarioOverrides {
  readonly seed?: number | string;
}

type Populations = Scenario['network']['inference'];

class ProblemList {
  readonly problems: InputProblem[] = [];
  constructor(private readonly loaded: LoadedScenario) {}
  add(path: readonly PropertyKey[], message: string): void {
    const at = this.loaded.source.locate(path);
    this.problems.push({ file: this.loaded.file, line: at.line, column: at.column, path: formatPath(path), message });
  }
  throwIfAny(): void {
    if (this.problems.length > 0) throw new InputError(this.problems);
  }
}

export function resolveScenario(loaded: LoadedScenario, overrides: ScenarioOverrides = {}): ResolvedScenario {
  const scenario: Scenario = overrides.seed === undefined ? loaded.scenario : { ...loaded.scenario, seed: overrides.seed };
  const problems = new ProblemList(loaded);

  const profileFile = resolveProfilePath(scenario.profile, dirname(loaded.file));
  if (!profileFile) {
    problems.add(['profile'], `no calibration profile "${scenario.profile}" (a file, a folder with profile.yaml, or a shipped profile name)`);
    problems.throwIfAny();
  }
  const profile = loadProfileFile(profileFile!);
  const tasks = Object.keys(profile.profile.tasks);

  const taskWeights = tasks.map((task) => scenario.demand.taskMix?.[task] ?? (scenario.demand.taskMix ? 0 : 1));
  for (const task of Object.keys(scenario.demand.taskMix ?? {})) {
    if (!tasks.includes(task)) {
      problems.add(['demand', 'taskMix', task], `the profile has no task "${task}" (tasks: ${tasks.join(', ')})${didYouMean(task, tasks)}`);
    }
  }

  const deviating = deviatingOperators(scenario);
  const inferenceNodes = expand('inference', scenario.network.inference, profile.profile, deviating, problems);
  const evaluatorNodes = expand('evaluator', scenario.network.evaluators, profile.profile, deviating, problems);
  checkUniqueNames(scenario, problems);
  checkBehaviours(scenario, profile.profile, problems);

  const k = scenario.mechanism.evaluatorsPerRound;
  if (k > evaluatorNodes.length && evaluatorNodes.length > 0) {
    problems.add(['mechanism', 'evaluatorsPerRound'], `K = ${k} is larger than the evaluator pool (${evaluatorNodes.length} nodes)`);
  }
  if (!scenario.mechanism.rewards.agreement.includeOwnScore && k < 2) {
    problems.add(['mechanism', 'rewards', 'agreement', 'includeOwnScore'], 'leave-one-out agreement needs K ≥ 2 evaluators per round');
  }
  problems.throwIfAny();

  const hash = createHash('sha256')
    .update(stableStringify({ scenario, profile: profile.hash }) ?? '')
    .digest('hex');
  return { scenario, file: loaded.file, profile, tasks, taskWeights, inferenceNodes, evaluatorNodes, hash };
}

/** Operators running at least one population with a behaviour: all their nodes count as adversaries. */
function deviatingOperators(scenario: Scenario): Set<string> {
  const operators = new Set<string>();
  for (const population of [...scenario.network.inference, ...scenario.network.evaluators]) {
    if (population.operator !== undefined && (population.behaviour?.length ?? 0) > 0) operators.add(population.operator);
  }
  return operators;
}

function expand(
  role: NodeRole,
  populations: Populations | Scenario['network']['evaluators'],
  profile: Profile,
  deviating: ReadonlySet<string>,
  problems: ProblemList,
): ResolvedNode[] {
  const section = role === 'inference' ? 'inference' : 'evaluators';
  const models = role === 'inference' ? profile.inferenceModels : profile.evaluatorModels;
  const modelIds = Object.keys(models);
  const tiers = Object.keys(profile.hardware);
  const nodes: ResolvedNode[] = [];
  populations.forEach((population, index) => {
    if (!(population.model in models)) {
      problems.add(
        ['network', section, index, 'model'],
        `the profile has no ${role} model "${population.model}" (models: ${modelIds.join(', ')})${didYouMean(population.model, modelIds)}`,
      );
      return;
    }
    const hardware = population.hardware ?? profile.referenceHardware;
    const tier = profile.hardware[hardware];
    if (!tier) {
      problems.add(
        ['network', section, index, 'hardware'],
        `the profile has no hardware tier "${hardware}" (tiers: ${tiers.join(', ')})${didYouMean(hardware, tiers)}`,
      );
      return;
    }
    const name = population.name ?? population.model;
    const behaviours = population.behaviour ?? [];
    const substitute = behaviours.find((b) => b.kind === 'substitute-model');
    const adversarial = behaviours.length > 0 || (population.operator !== undefined && deviating.has(population.operator));
    const firstIndex = nodes.length;
    for (let i = 0; i < population.count; i++) {
      nodes.push({
        id: `${name}-${i}`,
        role,
        population: name,
        model: population.model,
        servedModel: substitute && substitute.kind === 'substitute-model' ? substitute.serve : population.model,
        operator: population.operator ?? `${name}-${i}`,
        server: population.sybil ? firstIndex : firstIndex + i,
        behaviours,
        adversarial,
        hardware,
        concurrency: population.concurrency,
        speedFactor: tier.speedFactor.value,
        costUsdPerMs: tier.costUsdPerHour.value / 3_600_000,
      });
    }
  });
  return nodes;
}

function checkBehaviours(scenario: Scenario, profile: Profile, problems: ProblemList): void {
  const inferenceModels = Object.keys(profile.inferenceModels);
  scenario.network.inference.forEach((population, index) => {
    const behaviours = population.behaviour ?? [];
    behaviours.forEach((behaviour, b) => {
      const path = ['network', 'inference', index, 'behaviour', b];
      if (behaviour.kind === 'substitute-model' && !(behaviour.serve in profile.inferenceModels)) {
        problems.add([...path, 'serve'], `the profile has no inference model "${behaviour.serve}"${didYouMean(behaviour.serve, inferenceModels)}`);
      }
    });
    if (behaviours.filter((b) => b.kind === 'substitute-model').length > 1) {
      problems.add(['network', 'inference', index, 'behaviour'], 'a node can substitute only one model');
    }
  });
  scenario.network.evaluators.forEach((population, index) => {
    const colludes = (population.behaviour ?? []).some((b) => b.kind === 'collude');
    if (colludes && population.operator === undefined) {
      problems.add(['network', 'evaluators', index, 'behaviour'], 'a colluding evaluator needs an `operator` naming its ring');
    }
  });
}

function checkUniqueNames(scenario: Scenario, problems: ProblemList): void {
  const seen = new Map<string, string>();
  for (const section of ['inference', 'evaluators'] as const) {
    scenario.network[section].forEach((population, index) => {
      const name = population.name ?? population.model;
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

