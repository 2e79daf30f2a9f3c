/**
 * The reward controller's summary (issue 18), only when a scenario
 * declares `mechanism.rewards.controller`: what it moved, towards what, and
 * its whole path, one step per full epoch.
 */
import type { RewardControllerLedger } from '../market/reward-controller-ledger.js';
import type { ControllerOutcome } from '../results/run-result.js';

/** The run's controller, as `{ controller }`, or nothing without one. */
export function runControllerOf(controller: RewardControllerLedger | null): { controller?: ControllerOutcome } {
  if (controller === null) return {};
  const { spec, path } = controller;
  return {
    controller: {
      adjust: spec.adjust,
      target: spec.target,
      initial: controller.initial,
      final: controller.value,
      epochs: path.length,
      path,
    },
  };
}
