/**
 * The cells of a run: its nodes split by role, population and model, the
 * finest grouping every summary is a union of (a role-model group is its
 * cells of that role and model, a population its cells of that population, an
 * operator the cells of its populations). The market's round series keeps
 * sums per cell (sim/market/round-series.ts); the summaries add cells up.
 */
import type { NodeRole, ResolvedNode, ResolvedScenario } from '../scenario/resolved.js';

export interface Cell {
  readonly role: NodeRole;
  readonly population: string;
  readonly model: string;
  /** The declared operator of the cell's nodes, or null when each node is its own. */
  readonly operator: string | null;
  readonly nodes: number;
  /** Servers the cell's physical nodes run (Σ concurrency; Sybil identities add none): the capacity utilization is measured against. */
  readonly servers: number;
}

export interface RunCells {
  readonly cells: readonly Cell[];
  /** Each inference node's cell index. */
  readonly inference: Int32Array;
  /** Each evaluator node's cell index. */
  readonly evaluators: Int32Array;
}

interface MutableCell {
  readonly role: NodeRole;
  readonly population: string;
  readonly model: string;
  readonly operator: string | null;
  nodes: number;
  servers: number;
}

export function runCells(resolved: ResolvedScenario): RunCells {
  const cells: MutableCell[] = [];
  const index = new Map<string, number>();
  const assign = (nodes: readonly ResolvedNode[]) =>
    Int32Array.from(nodes, (node, i) => {
      const key = `${node.role}\u0000${node.population}\u0000${node.model}`;
      let at = index.get(key);
      if (at === undefined) {
        at = cells.length;
        index.set(key, at);
        const operator = node.operator === node.id ? null : node.operator;
        cells.push({ role: node.role, population: node.population, model: node.model, operator, nodes: 0, servers: 0 });
      }
      const cell = cells[at]!;
      cell.nodes++;
      if (node.server === i) cell.servers += node.concurrency;
      return at;
    });
  const inference = assign(resolved.inferenceNodes);
  const evaluators = assign(resolved.evaluatorNodes);
  return { cells, inference, evaluators };
}
