/**
 * What entry and exit (issue 18) are built from, when a scenario declares
 * `economics.entry` or `economics.exit`: which nodes are candidates, and
 * what each node is expected to cost per job, for a candidate's estimate.
 */
import { EntryExit, type ExpectedJobCosts } from '../market/entry-exit.js';
import type { StreamBank } from '../random/streams.js';
import type { ResolvedNode, ResolvedScenario } from '../scenario/resolved.js';
import { epochSecondsOf } from '../scenario/epochs.js';
import { expectationOverTasks } from './task-expectation.js';

/** Expected billed time (the profile's mean latency of the model it serves × its speed factor) and its USD at the tier's price. */
function expectedJobCosts(resolved: ResolvedScenario, nodes: readonly ResolvedNode[]): ExpectedJobCosts {
  const profile = resolved.profile.profile;
  const latency = (node: ResolvedNode, task: string) =>
    node.role === 'inference'
      ? profile.inferenceModels[node.servedModel]!.tasks[task]!.latencyMs
      : profile.evaluatorModels[node.model]!.latencyMs[task]!;
  const billedMs = Float64Array.from(nodes, (node) => expectationOverTasks(resolved, (task) => latency(node, task)) * node.speedFactor);
  return { billedMs, jobUsd: Float64Array.from(nodes, (node, i) => billedMs[i]! * node.costUsdPerMs) };
}

/** Entry and exit for the scenario, or null when it declares neither. */
export function entryExitOf(resolved: ResolvedScenario, bank: StreamBank): EntryExit | null {
  const economics = resolved.scenario.economics;
  if (economics?.entry === undefined && economics?.exit === undefined) return null;
  const candidates = (nodes: readonly ResolvedNode[]) => Uint8Array.from(nodes, (node) => (node.candidate === true ? 1 : 0));
  return new EntryExit({
    entry: economics.entry ?? null,
    exit: economics.exit ?? null,
    epochMs: epochSecondsOf(resolved.scenario)! * 1000,
    bank,
    // Opened only with entry or exit declared: a new key, so every other stream's draws stay as they were.
    stream: bank.stream('economics', 'entry'),
    inference: { candidates: candidates(resolved.inferenceNodes), expected: expectedJobCosts(resolved, resolved.inferenceNodes) },
    evaluators: { candidates: candidates(resolved.evaluatorNodes), expected: expectedJobCosts(resolved, resolved.evaluatorNodes) },
  });
}
