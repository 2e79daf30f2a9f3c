/**
 * What a profile expects of a model over a scenario's task mix: its mean
 * latency on the reference hardware and its mean quality. Figures and the
 * reproduction table share it; it loads no rendering library, so a run's
 * report.md (written even with --no-report) does not wait for one.
 */
import { moments } from '../../sim/random/distribution.js';
import type { Profile } from '../../sim/profile/schema.js';
import type { ResultsFolder } from '../folder/results-folder.js';

/** Task weights from the scenario's demand.taskMix, when the folder's manifest carries the resolved scenario. */
export function taskMix(folder: ResultsFolder): Record<string, number> | null {
  const scenario = folder.manifest?.resolvedScenario as { demand?: { taskMix?: Record<string, number> } } | undefined;
  return scenario?.demand?.taskMix ?? null;
}

/** A model's expected latency on the reference hardware and expected quality, over the task mix (equal weights when unknown). */
export function referenceMeans(profile: Profile, model: string, mix: Record<string, number> | null): { latencyS: number; quality: number } {
  const tasks = Object.entries(profile.inferenceModels[model]!.tasks);
  const weights = tasks.map(([task]) => (mix ? (mix[task] ?? 0) : 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const weighted = (pick: (t: (typeof tasks)[number][1]) => number) =>
    total > 0
      ? tasks.reduce((sum, [, t], i) => sum + pick(t) * weights[i]!, 0) / total
      : tasks.reduce((sum, [, t]) => sum + pick(t), 0) / tasks.length;
  return { latencyS: weighted((t) => moments(t.latencyMs).mean) / 1000, quality: weighted((t) => moments(t.quality).mean) };
}
