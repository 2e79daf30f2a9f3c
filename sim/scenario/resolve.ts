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

  const inferenceNodes = expand('inference', scenario.network.inference, profile.profile, problems);
  const evaluatorNodes = expand('evaluator', scenario.network.evaluators, profile.profile, problems);
  checkUniqueNames(scenario, problems);

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

function expand(role: NodeRole, populations: Populations, profile: Profile, problems: ProblemList): ResolvedNode[] {
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
    for (let i = 0; i < population.count; i++) {
      nodes.push({
        id: `${name}-${i}`,
        role,
        population: name,
        model: population.model,
        hardware,
        concurrency: population.concurrency,
        speedFactor: tier.speedFactor.value,
        costUsdPerMs: tier.costUsdPerHour.value / 3_600_000,
      });
    }
  });
  return nodes;
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

