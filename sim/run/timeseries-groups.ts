/**
 * The groups a time series records, from a resolved scenario's nodes: each
 * (role, model), each population, each declared operator, and the whole
 * run, in that order (within a level, in the order the nodes first appear,
 * inference nodes first, as the run's summaries list them). Each node is
 * told the groups it belongs to, so that a sampling tick reads each node's
 * totals once.
 */
import type { NodeRole, ResolvedNode } from '../scenario/resolved.js';
import type { TimeseriesLevel } from '../results/timeseries.js';

export interface SeriesGroup {
  readonly level: TimeseriesLevel;
  readonly role: NodeRole | null;
  readonly group: string | null;
  readonly hasInference: boolean;
  readonly hasEvaluators: boolean;
  /** Σ concurrency over the distinct servers of the group's nodes: Sybil identities share one. */
  readonly capacity: number;
}

/** The most groups a node is in: its (role, model), its population, its operator, the run. */
export const GROUPS_PER_NODE = 4;

export interface TimeseriesGroups {
  readonly groups: readonly SeriesGroup[];
  /** Per role, GROUPS_PER_NODE group indices a node, −1 for none (a node without a declared operator). */
  readonly membership: { readonly inference: Int32Array; readonly evaluator: Int32Array };
}

interface Member {
  readonly node: ResolvedNode;
  readonly index: number;
}

/** Members grouped by key, in order of first appearance. */
function groupBy(members: readonly Member[], key: (node: ResolvedNode) => string | null): Map<string, Member[]> {
  const groups = new Map<string, Member[]>();
  for (const member of members) {
    const k = key(member.node);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(member);
    else groups.set(k, [member]);
  }
  return groups;
}

function capacityOf(members: readonly Member[]): number {
  const servers = new Map<string, number>();
  for (const { node } of members) servers.set(`${node.role}\u0000${node.server}`, node.concurrency);
  let capacity = 0;
  for (const concurrency of servers.values()) capacity += concurrency;
  return capacity;
}

export function timeseriesGroups(inferenceNodes: readonly ResolvedNode[], evaluatorNodes: readonly ResolvedNode[]): TimeseriesGroups {
  const members: Member[] = [...inferenceNodes, ...evaluatorNodes].map((node, i) => ({
    node,
    index: i < inferenceNodes.length ? i : i - inferenceNodes.length,
  }));
  const membership = {
    inference: new Int32Array(inferenceNodes.length * GROUPS_PER_NODE).fill(-1),
    evaluator: new Int32Array(evaluatorNodes.length * GROUPS_PER_NODE).fill(-1),
  };
  const groups: SeriesGroup[] = [];
  const add = (
    level: TimeseriesLevel,
    slot: number,
    byKey: Map<string, Member[]>,
    label: (first: ResolvedNode) => [NodeRole | null, string | null],
  ) => {
    for (const list of byKey.values()) {
      const [role, group] = label(list[0]!.node);
      for (const { node, index } of list) membership[node.role][index * GROUPS_PER_NODE + slot] = groups.length;
      groups.push({
        level,
        role,
        group,
        hasInference: list.some((m) => m.node.role === 'inference'),
        hasEvaluators: list.some((m) => m.node.role === 'evaluator'),
        capacity: capacityOf(list),
      });
    }
  };
  add(
    'role-model',
    0,
    groupBy(members, (n) => `${n.role}\u0000${n.model}`),
    (n) => [n.role, n.model],
  );
  add(
    'population',
    1,
    groupBy(members, (n) => `${n.role}\u0000${n.population}`),
    (n) => [n.role, n.population],
  );
  // Declared operators only: a node that declares none is its own operator (its id), as in the run's summaries.
  add(
    'operator',
    2,
    groupBy(members, (n) => (n.operator === n.id ? null : n.operator)),
    (n) => [null, n.operator],
  );
  add('run', 3, new Map([['', members]]), () => [null, null]);
  return { groups, membership };
}
