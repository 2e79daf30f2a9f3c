/** report.md: a run's headline results as Markdown, readable anywhere. */
import type { RunSummaryFile } from '../sim/results/run-files.js';
import { reproductionMarkdown, type Reproduction } from './tables/reproduction.js';
import { fixed, interval, rewardTableMarkdown, signed, type RewardSummary } from './tables/reward-table.js';

function adversarySection(summary: MarkdownSummary): string[] {
  const a = summary.adversaries!;
  const percent = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
  return [
    '## Populations and adversaries',
    '',
    'Profit is reward minus stake slashed. Gain compares each population with the same nodes played honestly under the same seed (common random numbers).',
    '',
    '| role | population | behaviour | nodes | mean reward | 95% CI | mean profit | gain / round | gain / node | slashed | ejected |',
    '| --- | --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
    ...summary.populations!.map(
      (p) =>
        `| ${p.role} | ${p.population} | ${p.behaviour} | ${p.count} | ${fixed(p.meanReward)} | ${interval(p.ci95)} | ${fixed(p.meanProfit)} | ${signed(p.twin?.gainPerRound ?? null)} | ${signed(p.twin?.gainPerNode ?? null, 2)} | ${fixed(p.totalSlashed, 2)} | ${p.ejected} |`,
    ),
    '',
    `Adversaries' share of all rewards: ${percent(a.rewardShare)}. Honest nodes' loss per round: ${signed(a.honestLossPerRound)}. ` +
      `Audit detection rate: ${percent(a.auditDetectionRate)}, false-positive rate: ${percent(a.auditFalsePositiveRate)}. Nodes ejected: ${a.ejectedNodes}.`,
    '',
  ];
}

/** A population row, as the adversary table needs it. */
export interface MarkdownPopulation {
  readonly role: string;
  readonly population: string;
  readonly behaviour: string;
  readonly adversarial: boolean;
  readonly count: number;
  readonly meanReward: number;
  readonly ci95: readonly [number, number] | null;
  readonly meanProfit: number;
  readonly totalSlashed: number;
  readonly ejected: number;
  readonly twin: { readonly gainPerRound: number; readonly gainPerNode: number } | null;
}

/** What report.md needs of a summary: a run's summary.json, as written or as read back. */
export type MarkdownSummary = RewardSummary &
  Pick<
    RunSummaryFile,
    'scenario' | 'version' | 'seed' | 'requestsSettled' | 'events' | 'virtualTimeMs' | 'scenarioHash' | 'profileHash'
  > & {
    readonly consensus: { readonly meanAbsoluteError: number; readonly correlation: number | null };
    // Present in every summary poq-sim writes; optional so older folders still report.
    readonly populations?: readonly MarkdownPopulation[];
    readonly adversaries?: Pick<
      RunSummaryFile['adversaries'],
      'rewardShare' | 'honestLossPerRound' | 'auditDetectionRate' | 'auditFalsePositiveRate' | 'ejectedNodes'
    >;
  };

/** `reproduction`: the section comparing published and simulated values, when the report has the folder to build it from. */
export function markdownReport(summary: MarkdownSummary, reproduction: Reproduction | null = null): string {
  const lines = [
    `# ${summary.scenario}`,
    '',
    `poq-sim ${summary.version} · seed ${summary.seed} · ${summary.requestsSettled.toLocaleString('en-US')} rounds settled · ${summary.events.toLocaleString('en-US')} events · ${(summary.virtualTimeMs / 1000).toFixed(1)} s of virtual time`,
    '',
    '## Mean reward per round',
    '',
    'Quality is the normalized consensus for inference nodes and the agreement with consensus for evaluators; cost is the normalized cost that entered the reward.',
    '',
    rewardTableMarkdown(summary),
    '',
  ];
  if (summary.reference) lines.push(`Published values: ${summary.reference.citation}.`, '');
  lines.push(...reproductionMarkdown(reproduction));
  if (summary.adversaries && (summary.populations ?? []).some((p) => p.adversarial)) lines.push(...adversarySection(summary));
  lines.push(
    '## Consensus against ground truth',
    '',
    `Mean absolute error ${fixed(summary.consensus.meanAbsoluteError)}, Pearson correlation ${fixed(summary.consensus.correlation)}.`,
    '',
    '| evaluator | correlation of score with true quality |',
    '| --- | ---: |',
    ...summary.groups
      .filter((group) => group.role === 'evaluator')
      .map((group) => `| ${group.model} | ${fixed(group.correlationWithTruth ?? null)} |`),
    '',
    `Scenario hash \`${summary.scenarioHash}\`, profile hash \`${summary.profileHash}\`.`,
    '',
  );
  return lines.join('\n');
}
