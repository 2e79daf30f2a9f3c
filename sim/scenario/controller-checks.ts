/**
 * The reward controller's checks that need more of the scenario than its
 * own section (controller-schema.ts): an epoch length,
 * its bounds against the coefficient it starts from, and a coefficient the
 * rule uses at all.
 */
import type { ProblemSink } from './hardware-tiers.js';
import { epochSecondsOf } from './epochs.js';
import type { Scenario } from './schema.js';

const AT = ['mechanism', 'rewards', 'controller'] as const;

export function checkController(scenario: Scenario, problems: ProblemSink): void {
  const rewards = scenario.mechanism.rewards;
  const controller = rewards.controller;
  if (controller === undefined) return;
  // Two epoch lengths that differ are refused with the others (entry-exit-checks.ts): the market has one.
  if (epochSecondsOf(scenario) === undefined) {
    problems.add(
      [...AT, 'epochSeconds'],
      'required without mechanism.rewards.pool or economics.epochSeconds (the epoch the controller steps at)',
    );
  }
  const initial = controller.adjust === 'alpha' ? rewards.alpha : rewards.beta;
  if (initial < controller.min || initial > controller.max) {
    problems.add(
      [...AT, initial < controller.min ? 'min' : 'max'],
      `the ${controller.adjust} it starts from, mechanism.rewards.${controller.adjust} = ${initial}, must lie in [min, max] = [${controller.min}, ${controller.max}]`,
    );
  }
  if (controller.adjust === 'beta' && rewards.rule?.form === 'quality-per-cost') {
    problems.add([...AT, 'adjust'], 'the quality-per-cost rule does not use β: adjust alpha');
  }
}
