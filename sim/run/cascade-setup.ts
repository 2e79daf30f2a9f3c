/**
 * The judge cascade a scenario declares (`mechanism.cascade`), built for its
 * market: each stage's members, its own selection stream, and the expected
 * cost of one of its jobs per task (what a round not escalated is counted
 * as having saved). Nothing is built, and no stream registered, for a
 * scenario without a cascade.
 */
import { Cascade, type CascadeStageSetup } from '../market/cascade.js';
import { moments } from '../random/distribution.js';
import type { StreamBank } from '../random/streams.js';
import type { CascadeStageSpec } from '../scenario/cascade-schema.js';
import type { ResolvedScenario } from '../scenario/resolved.js';

export function cascadeOf(resolved: ResolvedScenario, bank: StreamBank): { cascade?: Cascade } {
  const spec = resolved.scenario.mechanism.cascade;
  const stages = resolved.cascadeStages;
  if (spec === undefined || stages === undefined) return {};
  return {
    cascade: new Cascade(
      {
        rule: spec.when,
        consensusOf: spec.consensusOf,
        first: stageSetup(resolved, bank, spec.first, stages.first, 'cascade-first'),
        escalate: stageSetup(resolved, bank, spec.escalate, stages.escalate, 'cascade-escalate'),
      },
      bank,
    ),
  };
}

/** A stage's setup: its members are drawn uniformly, so a job's expected cost is the members' mean. */
function stageSetup(
  resolved: ResolvedScenario,
  bank: StreamBank,
  spec: CascadeStageSpec,
  members: readonly number[],
  purpose: string,
): CascadeStageSetup {
  const profile = resolved.profile.profile;
  const expectedJobCostUsd = Float64Array.from(resolved.tasks, (task) => {
    let sum = 0;
    for (const i of members) {
      const node = resolved.evaluatorNodes[i]!;
      sum += moments(profile.evaluatorModels[node.model]!.latencyMs[task]!).mean * node.speedFactor * node.costUsdPerMs;
    }
    return sum / members.length;
  });
  return { members: Int32Array.from(members), k: spec.k, stream: bank.stream('mechanism', purpose), expectedJobCostUsd };
}
