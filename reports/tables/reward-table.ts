/**
 * The headline table of a run: mean reward per model and per evaluator
 * with its 95% confidence interval, beside the published value when the
 * scenario cites one. Rendered as Markdown here; the CLI prints the same rows.
 */
import type { RunSummaryFile } from '../../sim/results/run-files.js';
import type { RoleQuality } from '../../sim/results/run-result.js';

/** The fields of a group the table shows: what summary.json holds, whether read from a file or just computed. */
export interface RewardGroup extends RoleQuality {
  readonly role: string;
  readonly model: string;
  readonly count: number;
  readonly rounds: number;
  /** Absent in a summary written before batch means. */
  readonly effectiveRounds?: number | null;
  readonly meanReward: number;
  readonly ci95: readonly [number, number] | null;
  readonly meanCost: number;
  readonly correlationWithTruth?: number | null;
}

export type RewardSummary = Pick<RunSummaryFile, 'reference'> & { readonly groups: readonly RewardGroup[] };

export interface RewardRow {
  readonly role: string;
  readonly model: string;
  readonly nodes: number;
  readonly rounds: number;
  /** How many independent rounds the mean reward is worth (its batch-means variance against its per-round variance). */
  readonly effectiveRounds: number | null;
  readonly meanReward: number;
  readonly ci95: readonly [number, number] | null;
  /** Inference models only: what the consensus judged their answers worth, and what they were worth. */
  readonly consensusQuality: number | null;
  readonly trueQuality: number | null;
  /** Evaluators only: agreement with the consensus. */
  readonly agreement: number | null;
  readonly meanCost: number;
  readonly published: number | null;
  /** Simulated minus published. */
  readonly difference: number | null;
}

export function rewardRows(summary: RewardSummary): RewardRow[] {
  return summary.groups.map((group) => {
    const published = summary.reference?.meanReward[group.model] ?? null;
    return {
      role: group.role,
      model: group.model,
      nodes: group.count,
      rounds: group.rounds,
      effectiveRounds: group.effectiveRounds ?? null,
      meanReward: group.meanReward,
      ci95: group.ci95,
      consensusQuality: group.meanConsensusQuality ?? null,
      trueQuality: group.meanTrueQuality ?? null,
      agreement: group.meanAgreement ?? null,
      meanCost: group.meanCost,
      published,
      difference: published === null ? null : group.meanReward - published,
    };
  });
}

/** A number with a typographic minus sign (U+2212), which LaTeX output turns into $-$. */
export const fixed = (value: number | null, digits = 3): string => (value === null ? '–' : value.toFixed(digits).replace('-', '−'));
export const signed = (value: number | null, digits = 3): string =>
  value === null ? '–' : `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
export const interval = (ci: readonly [number, number] | null, digits = 3): string =>
  ci === null ? '–' : `[${fixed(ci[0], digits)}, ${fixed(ci[1], digits)}]`;

export const REWARD_TABLE_HEADERS = [
  'role',
  'model',
  'nodes',
  'rounds',
  'eff. rounds',
  'mean reward',
  '95% CI',
  'consensus quality',
  'true quality',
  'agreement',
  'cost',
  'published',
  'Δ',
] as const;

export function rewardRowCells(row: RewardRow): string[] {
  return [
    row.role,
    row.model,
    String(row.nodes),
    row.rounds.toLocaleString('en-US'),
    row.effectiveRounds === null ? '–' : Math.round(row.effectiveRounds).toLocaleString('en-US'),
    fixed(row.meanReward),
    interval(row.ci95),
    fixed(row.consensusQuality),
    fixed(row.trueQuality),
    fixed(row.agreement),
    fixed(row.meanCost),
    fixed(row.published),
    signed(row.difference),
  ];
}

export function rewardTableMarkdown(summary: RewardSummary): string {
  const rows = rewardRows(summary).map(rewardRowCells);
  const align = REWARD_TABLE_HEADERS.map((header, i) => (i < 2 || header === '95% CI' ? '---' : '---:'));
  return [REWARD_TABLE_HEADERS, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
