/** Expectations under a scenario's task mix. */
import { type Distribution, moments } from '../random/distribution.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

/** Expected value of a per-task distribution under the scenario's task mix. */
export function expectationOverTasks(resolved: ResolvedScenario, byTask: (task: string) => Distribution): number {
  const total = resolved.taskWeights.reduce((sum, w) => sum + w, 0);
  return resolved.tasks.reduce((sum, task, i) => sum + (resolved.taskWeights[i]! / total) * moments(byTask(task)).mean, 0);
}
