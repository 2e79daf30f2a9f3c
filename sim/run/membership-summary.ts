/**
 * Entry and exit summaries (issue 18), only when a scenario declares
 * `economics.entry` or `economics.exit`: who joined, who left, and who was
 * still in the market at the end, per node, group and run.
 */
import type { EntryExit } from '../market/entry-exit.js';
import type { EntryExitOutcome, GroupStatistics } from '../results/run-result.js';
import type { NodeMembership } from './node-outcomes.js';

interface MembershipHolder {
  readonly membership: NodeMembership | null;
}

type GroupMembership = Pick<GroupStatistics, 'joined' | 'left' | 'inMarketAtEnd' | 'survival' | 'meanExitPriceUsd'>;

/** The members' joins, exits and survival, or nothing when the network's make-up is fixed. */
export function membershipOf(members: readonly MembershipHolder[]): GroupMembership {
  if (!members.some((o) => o.membership !== null)) return {};
  let joined = 0;
  let left = 0;
  let everIn = 0;
  let atEnd = 0;
  let exitPrices = 0;
  for (const { membership } of members) {
    if (membership === null || membership.joinedAtMs === null) continue;
    everIn++;
    if (membership.joinedAtMs > 0) joined++;
    if (membership.leftAtMs === null) atEnd++;
    else {
      left++;
      exitPrices += membership.leftAtPriceUsd!;
    }
  }
  return {
    joined,
    left,
    inMarketAtEnd: atEnd,
    survival: everIn > 0 ? atEnd / everIn : Number.NaN,
    meanExitPriceUsd: left > 0 ? exitPrices / left : Number.NaN,
  };
}

/** A node's join and leave times, or nothing when the network's make-up is fixed. */
export function nodeMembershipOf(o: MembershipHolder): {
  joinedAtMs?: number | null;
  leftAtMs?: number | null;
  leftAtPriceUsd?: number | null;
} {
  const m = o.membership;
  return m === null ? {} : { joinedAtMs: m.joinedAtMs, leftAtMs: m.leftAtMs, leftAtPriceUsd: m.leftAtPriceUsd };
}

/** The run's joins and exits, as `{ entryExit }`, or nothing without entry and exit. */
export function runEntryExitOf(entryExit: EntryExit | null): { entryExit?: EntryExitOutcome } {
  if (entryExit === null) return {};
  const inference = entryExit.membership(true);
  const evaluators = entryExit.membership(false);
  return {
    entryExit: {
      joins: inference.joins + evaluators.joins,
      exits: inference.exits + evaluators.exits,
      inferenceInMarketAtEnd: inference.role.active,
      evaluatorsInMarketAtEnd: evaluators.role.active,
    },
  };
}
